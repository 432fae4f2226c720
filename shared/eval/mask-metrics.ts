// How well one predicted mask covers one ground-truth mask, in pixels: IoU, precision (the share of the
// prediction that is object) and recall (the share of the object predicted). Counted on the RLE runs.
import type { Rle } from '../domain';
import { rleArea, rleOverlap } from '../geometry/rle';

export interface MaskScore {
  iou: number;
  precision: number;
  recall: number;
  truePositive: number;
  falsePositive: number;
  falseNegative: number;
}

/**
 * A missing or empty prediction of an object scores 0, precision included: a prompt that yields nothing is a
 * miss, not a careful answer. Two empty masks agree fully.
 */
export function maskScore(prediction: Rle | null, truth: Rle): MaskScore {
  if (!prediction) {
    const fn = rleArea(truth);
    return { iou: 0, precision: 0, recall: 0, truePositive: 0, falsePositive: 0, falseNegative: fn };
  }
  const { intersection: tp, areaA: predArea, areaB: truthArea } = rleOverlap(prediction, truth);
  const fp = predArea - tp;
  const fn = truthArea - tp;
  const union = tp + fp + fn;
  if (union === 0)
    return { iou: 1, precision: 1, recall: 1, truePositive: 0, falsePositive: 0, falseNegative: 0 };
  return {
    iou: tp / union,
    precision: predArea ? tp / predArea : 0,
    recall: truthArea ? tp / truthArea : 1,
    truePositive: tp,
    falsePositive: fp,
    falseNegative: fn,
  };
}
