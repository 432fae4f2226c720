// What flows between chain steps: regions of one image. The pure steps (prompts from boxes, filter, dedupe,
// label mapping, the region cap) live here so the runner, the emulator and the tests share one implementation.
import type { Box, Point, Rle } from '../domain';
import { boxArea } from '../geometry/measure';
import { boxIou } from '../geometry/nms';
import { rleIou } from '../geometry/rle';
import type { StepOf } from './schema';

export interface Region {
  label: string;
  /** The detector's score until segmented, then the segmenter's. */
  score: number;
  /** The detection box; after segmentation, the mask's tight box (exclusive x2/y2). */
  box: Box;
  /** Set by 'boxes-to-points' (a positive point) or 'boxes-to-prompts' (the box itself). */
  prompt?: { point: Point } | { box: Box };
  rle?: Rle;
  /** Mask area in pixels, once segmented. */
  area?: number;
  /** The detector's score, kept after segmentation replaced `score`. */
  detectScore?: number;
}

export const regionArea = (r: Region): number => r.area ?? boxArea(r.box);

const byScore = (a: Region, b: Region) => b.score - a.score;

export function boxCentre([x1, y1, x2, y2]: Box): Point {
  return [(x1 + x2) / 2, (y1 + y2) / 2];
}

export function boxesToPoints(regions: readonly Region[]): Region[] {
  return regions.map((r) => ({ ...r, prompt: { point: boxCentre(r.box) } }));
}

export function boxesToPrompts(regions: readonly Region[]): Region[] {
  return regions.map((r) => ({ ...r, prompt: { box: r.box } }));
}

export function filterRegions(regions: readonly Region[], step: StepOf<'filter'>): Region[] {
  const labels = step.labels && new Set(step.labels.map((l) => l.toLowerCase()));
  const kept = regions.filter((r) => {
    const area = regionArea(r);
    return (
      (!labels || labels.has(r.label.toLowerCase())) &&
      (step.minScore === undefined || r.score >= step.minScore) &&
      (step.minArea === undefined || area >= step.minArea) &&
      (step.maxArea === undefined || area <= step.maxArea)
    );
  });
  return step.maxCount === undefined ? kept : [...kept].sort(byScore).slice(0, step.maxCount);
}

/** Overlap of two regions: of their masks when both have one, else of their boxes. */
export function regionIou(a: Region, b: Region): number {
  return a.rle && b.rle ? rleIou(a.rle, b.rle) : boxIou(a.box, b.box);
}

/**
 * Greedy dedupe, best score first: a region is dropped when it overlaps a kept one (of its label, unless
 * `acrossLabels`) by `iou` or more. Box overlap is checked first: disjoint boxes cannot have overlapping masks.
 */
export function dedupeRegions(regions: readonly Region[], step: StepOf<'dedupe'>): Region[] {
  const kept: Region[] = [];
  for (const r of [...regions].sort(byScore)) {
    const duplicate = kept.some(
      (k) =>
        (step.acrossLabels || k.label.toLowerCase() === r.label.toLowerCase()) &&
        boxIou(k.box, r.box) > 0 &&
        regionIou(k, r) >= step.iou,
    );
    if (!duplicate) kept.push(r);
  }
  return kept;
}

export function mapLabels(regions: readonly Region[], step: StepOf<'map-labels'>): Region[] {
  const mapping = new Map(Object.entries(step.mapping).map(([from, to]) => [from.toLowerCase(), to]));
  return regions.map((r) => {
    const to = mapping.get(r.label.toLowerCase());
    return to === undefined ? r : { ...r, label: to };
  });
}

/** Keeps the `max` best regions; says how many were dropped so the run can warn about it. */
export function capRegions(regions: readonly Region[], max: number): { regions: Region[]; dropped: number } {
  if (regions.length <= max) return { regions: [...regions], dropped: 0 };
  return { regions: [...regions].sort(byScore).slice(0, max), dropped: regions.length - max };
}
