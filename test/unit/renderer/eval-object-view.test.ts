import { describe, expect, it } from 'vitest';
import type { Box } from '../../../shared/domain';
import { objectView } from '../../../renderer/src/eval/object-view';

// A 1280x720 frame, as the driving sample's BDD100K ones.
const W = 1280;
const H = 720;

describe('the part of the image the evaluation overlay shows', () => {
  it.each<[string, Box[], Box]>([
    ['no mask: the whole image', [], [0, 0, W, H]],
    ['a small object: 160 px around its centre', [[600, 350, 620, 360]], [530, 275, 690, 435]],
    [
      'truth and prediction together: three times their union',
      [
        [100, 100, 110, 110],
        [150, 100, 160, 130],
      ],
      [40, 35, 220, 195],
    ],
    ['at the top-left corner: kept inside the image', [[0, 0, 10, 10]], [0, 0, 160, 160]],
    ['at the bottom-right corner: kept inside the image', [[1270, 710, 1280, 720]], [1120, 560, 1280, 720]],
    ['a large object: no more than the image', [[100, 100, 600, 400]], [0, 0, W, H]],
  ])('%s', (_, boxes, view) => {
    expect(objectView(boxes, W, H)).toEqual(view);
  });
});
