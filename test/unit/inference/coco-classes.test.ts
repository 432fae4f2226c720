import { describe, expect, it } from 'vitest';
import { classIndex, COCO_CLASSES } from '../../../shared/coco-classes';

describe('COCO classes', () => {
  it('has the 80 classes in the standard order', () => {
    expect(COCO_CLASSES).toHaveLength(80);
    expect(new Set(COCO_CLASSES).size).toBe(80);
    expect([COCO_CLASSES[0], COCO_CLASSES[2], COCO_CLASSES[9], COCO_CLASSES[79]]).toEqual([
      'person',
      'car',
      'traffic light',
      'toothbrush',
    ]);
  });

  it.each([
    ['car', 2],
    ['Cars', 2],
    [' traffic  lights ', 9],
    ['traffic_light', 9],
    ['people', 0],
    ['pedestrian', 0],
    ['bus', 5],
    ['buses', 5],
    ['trucks', 7],
    ['motorbike', 3],
    ['road', -1],
    ['', -1],
  ])('classIndex(%j) = %i', (name, index) => {
    expect(classIndex(COCO_CLASSES, name)).toBe(index);
  });
});
