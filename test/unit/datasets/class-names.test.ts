// Each format's spelling of labels: a label matching a class ignoring case and word separators takes the
// class's spelling; other labels keep their name (KITTI has no spaces in a type).
import { describe, expect, it } from 'vitest';
import { BDD100K_CLASS_NAMES, KITTI_CLASS_NAMES } from '../../../shared/datasets/class-names';

describe('class names per format', () => {
  it.each([
    ['Car', 'Car'],
    ['car', 'Car'],
    ['PEDESTRIAN', 'Pedestrian'],
    ['person sitting', 'Person_sitting'],
    ['person-sitting', 'Person_sitting'],
    ['dontcare', 'DontCare'],
    ['traffic light', 'traffic_light'],
    ['bus', 'bus'],
  ])('KITTI writes %j as %j', (label, written) => {
    expect(KITTI_CLASS_NAMES.spell(label)).toBe(written);
  });

  it.each([
    ['car', 'car'],
    ['Car', 'car'],
    ['Pedestrian', 'pedestrian'],
    ['traffic_light', 'traffic light'],
    ['Traffic-Sign', 'traffic sign'],
    ['DontCare', 'DontCare'],
    ['Person_sitting', 'Person_sitting'],
  ])('BDD100K writes %j as %j', (label, written) => {
    expect(BDD100K_CLASS_NAMES.spell(label)).toBe(written);
  });
});
