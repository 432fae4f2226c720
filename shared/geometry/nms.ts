// Non-maximum suppression for detector output: pure, so the detector, the chains and the tests share one.
import type { Box } from '../domain';
import { boxArea } from './measure';

/** Intersection over union of two [x1, y1, x2, y2] boxes; 0 when either has no area. */
export function boxIou(a: Box, b: Box): number {
  const inter = boxArea([
    Math.max(a[0], b[0]),
    Math.max(a[1], b[1]),
    Math.min(a[2], b[2]),
    Math.min(a[3], b[3]),
  ]);
  if (inter === 0) return 0;
  return inter / (boxArea(a) + boxArea(b) - inter);
}

export interface Scored {
  box: Box;
  score: number;
  classId: number;
}

export interface NmsOptions {
  /** A box is dropped when it overlaps a better-scoring kept box of the same class by more than this. */
  iouThreshold: number;
  /** Suppress across classes too (one object, one box), instead of per class. */
  classAgnostic?: boolean;
  /** Keep at most this many, best first. */
  maxDetections?: number;
}

/**
 * Greedy NMS: best score first, each box kept unless it overlaps a kept box (of its class, unless
 * `classAgnostic`) by more than `iouThreshold`. Returns the kept items, best score first; ties keep input order.
 */
export function nms<T extends Scored>(items: readonly T[], options: NmsOptions): T[] {
  const order = items
    .map((item, at) => ({ item, at }))
    .sort((p, q) => q.item.score - p.item.score || p.at - q.at);
  const kept: T[] = [];
  const max = options.maxDetections ?? Infinity;
  for (const { item } of order) {
    if (kept.length >= max) break;
    const suppressed = kept.some(
      (k) =>
        (options.classAgnostic || k.classId === item.classId) &&
        boxIou(k.box, item.box) > options.iouThreshold,
    );
    if (!suppressed) kept.push(item);
  }
  return kept;
}
