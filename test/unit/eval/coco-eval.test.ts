// COCO-style AP / AR on small cases worked out by hand with COCOeval's rules (evaluateImg, accumulate,
// summarize): 10 IoU thresholds, 101 recall points with the precision envelope, maxDets, crowd and area ignores.
import { describe, expect, it } from 'vitest';
import type { Box } from '../../../shared/domain';
import {
  COCO_IOU_THRESHOLDS,
  cocoEvaluate,
  type EvalDetection,
  type EvalTruth,
} from '../../../shared/eval/coco-eval';
import { createMask } from '../../../shared/geometry/mask';
import { maskToRle } from '../../../shared/geometry/rle';

const area = (b: Box) => (b[2] - b[0]) * (b[3] - b[1]);
const gt = (box: Box, extra: Partial<EvalTruth> = {}): EvalTruth => ({
  imageId: 1,
  category: 'car',
  box,
  area: area(box),
  ...extra,
});
const dt = (box: Box, score: number, extra: Partial<EvalDetection> = {}): EvalDetection => ({
  imageId: 1,
  category: 'car',
  box,
  area: area(box),
  score,
  ...extra,
});
const bbox = (truths: EvalTruth[], dets: EvalDetection[]) => cocoEvaluate(truths, dets, { iouType: 'bbox' });

describe('COCO-style AP and AR (bbox)', () => {
  it('uses the ten thresholds .50:.05:.95', () => {
    expect(COCO_IOU_THRESHOLDS).toHaveLength(10);
    expect(COCO_IOU_THRESHOLDS[0]).toBe(0.5);
    expect(COCO_IOU_THRESHOLDS[9]).toBe(0.95);
  });

  it.each([
    {
      name: 'a perfect detection',
      truths: [gt([0, 0, 10, 10])],
      dets: [dt([0, 0, 10, 10], 0.9)],
      // Every threshold matched, precision 1 at every recall point.
      want: { ap: 1, ap50: 1, ap75: 1, ar: 1 },
    },
    {
      name: 'IoU 0.72: matched at .50-.70 only',
      truths: [gt([0, 0, 10, 10])],
      dets: [dt([0, 0, 10, 7.2], 0.9)],
      // 5 of the 10 thresholds give precision 1 at every recall point, the others 0.
      want: { ap: 0.5, ap50: 1, ap75: 0, ar: 0.5 },
    },
    {
      name: 'a false positive scored above the true one',
      truths: [gt([0, 0, 10, 10])],
      dets: [dt([50, 50, 60, 60], 0.9), dt([0, 0, 10, 10], 0.8)],
      // rc = [0, 1], pr = [0, 0.5] -> envelope [0.5, 0.5]: 0.5 at all 101 points.
      want: { ap: 0.5, ap50: 0.5, ap75: 0.5, ar: 1 },
    },
    {
      name: 'one of two objects found',
      truths: [gt([0, 0, 10, 10]), gt([20, 20, 30, 30])],
      dets: [dt([0, 0, 10, 10], 0.9)],
      // rc = [0.5], pr = [1]: precision 1 at the 51 points r <= 0.5, 0 above.
      want: { ap: 51 / 101, ap50: 51 / 101, ap75: 51 / 101, ar: 0.5 },
    },
    {
      name: 'a detection inside a crowd region is neither right nor wrong',
      truths: [gt([0, 0, 100, 100], { crowd: true }), gt([200, 200, 210, 210])],
      dets: [dt([10, 10, 20, 20], 0.95), dt([200, 200, 210, 210], 0.9)],
      want: { ap: 1, ap50: 1, ap75: 1, ar: 1 },
    },
  ])('$name', ({ truths, dets, want }) => {
    const { overall } = bbox(truths, dets);
    expect(overall.ap).toBeCloseTo(want.ap, 12);
    expect(overall.ap50).toBeCloseTo(want.ap50, 12);
    expect(overall.ap75).toBeCloseTo(want.ap75, 12);
    expect(overall.ar).toBeCloseTo(want.ar, 12);
  });

  it('caps detections per image at maxDets, best score first', () => {
    const { overall } = bbox([gt([0, 0, 10, 10])], [dt([50, 50, 60, 60], 0.9), dt([0, 0, 10, 10], 0.8)]);
    expect(overall.arAt).toEqual({ 1: 0, 10: 1, 100: 1 });
  });

  it('averages over categories; one with no ground truth is left out (-1)', () => {
    const r = bbox(
      [gt([0, 0, 10, 10]), gt([0, 0, 10, 10], { category: 'person' })],
      [dt([0, 0, 10, 10], 0.9), dt([40, 40, 50, 50], 0.9, { category: 'bus' })],
    );
    // pycocotools divides by tp + fp + eps: a perfect score is 1 - 2e-16, which it prints as 1.000.
    expect(r.byCategory.car!.ap).toBeCloseTo(1, 12);
    expect(r.byCategory.person).toEqual({ ap: 0, ap50: 0, ap75: 0, ar: 0 });
    expect(r.byCategory.bus).toEqual({ ap: -1, ap50: -1, ap75: -1, ar: -1 });
    expect(r.overall.ap).toBeCloseTo(0.5, 12);
  });

  it('evaluates each area range with the others ignored, unmatched detections outside it too', () => {
    const r = bbox(
      [gt([0, 0, 10, 10]), gt([500, 500, 600, 600])],
      [dt([300, 300, 400, 400], 0.9), dt([0, 0, 10, 10], 0.8)],
    );
    // all: FP then TP over 2 objects -> rc [0, .5], pr envelope [.5, .5]: 0.5 at the 51 points r <= .5.
    expect(r.byArea.all!.ap).toBeCloseTo((51 * 0.5) / 101, 12);
    expect(r.byArea.all!.ar).toBeCloseTo(0.5, 12);
    // small: the large object and the large false positive are out of range.
    for (const v of Object.values(r.byArea.small!)) expect(v).toBeCloseTo(1, 12);
    // large: the small detection matched an ignored object (ignored); the large one is a false positive.
    expect(r.byArea.large).toEqual({ ap: 0, ap50: 0, ap75: 0, ar: 0 });
    expect(r.byArea.medium!.ap).toBe(-1);
  });

  it('pools images: detections of all images ranked by score together', () => {
    const r = bbox(
      [gt([0, 0, 10, 10]), gt([0, 0, 10, 10], { imageId: 2 })],
      [
        dt([0, 0, 10, 10], 0.5),
        dt([30, 30, 40, 40], 0.9, { imageId: 2 }),
        dt([0, 0, 10, 10], 0.4, { imageId: 2 }),
      ],
    );
    // Ranked: FP(.9), TP(.5), TP(.4) -> rc [0, .5, 1], pr [0, .5, .667] -> envelope [.667, .667, .667].
    expect(r.overall.ap).toBeCloseTo(2 / 3, 12);
  });
});

describe('COCO-style AP (segm)', () => {
  const square = (extra: [number, number][] = []) => {
    const m = createMask(10, 10);
    for (let y = 2; y < 6; y++) for (let x = 2; x < 6; x++) m.data[y * 10 + x] = 1;
    for (const [x, y] of extra) m.data[y * 10 + x] = 1;
    return maskToRle(m);
  };

  it('scores masks by mask IoU: 16 / 18 matches up to .85', () => {
    const truth = { ...gt([2, 2, 6, 6]), rle: square(), area: 16 };
    const det = {
      ...dt([2, 2, 7, 6], 0.9),
      rle: square([
        [6, 2],
        [6, 3],
      ]),
      area: 18,
    };
    const { overall } = cocoEvaluate([truth], [det], { iouType: 'segm' });
    expect(overall.ap).toBeCloseTo(0.8, 12);
    expect(overall.ap75).toBeCloseTo(1, 12);
  });

  it('refuses segm without masks, naming the image', () => {
    expect(() => cocoEvaluate([gt([0, 0, 1, 1])], [dt([0, 0, 1, 1], 1)], { iouType: 'segm' })).toThrow(
      /image 1/,
    );
  });
});
