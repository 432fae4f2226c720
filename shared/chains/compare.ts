// Two chains' results on the same image, side by side: counts, scores, and how well their regions agree
// (greedy one-to-one matching by IoU, best pairs first).
import type { Region } from './regions';
import { regionIou } from './regions';

export interface RegionMatch {
  a: number;
  b: number;
  iou: number;
}

export interface ImageComparison {
  countA: number;
  countB: number;
  meanScoreA: number | null;
  meanScoreB: number | null;
  /** Pairs overlapping by at least `minIou`, each region in at most one pair. */
  matches: RegionMatch[];
  meanMatchedIou: number | null;
  onlyA: number;
  onlyB: number;
}

const mean = (values: readonly number[]) =>
  values.length ? values.reduce((s, v) => s + v, 0) / values.length : null;

export function compareRegions(a: readonly Region[], b: readonly Region[], minIou = 0.5): ImageComparison {
  const pairs: RegionMatch[] = [];
  a.forEach((ra, i) =>
    b.forEach((rb, j) => {
      const iou = regionIou(ra, rb);
      if (iou >= minIou) pairs.push({ a: i, b: j, iou });
    }),
  );
  pairs.sort((p, q) => q.iou - p.iou || p.a - q.a || p.b - q.b);
  const usedA = new Set<number>();
  const usedB = new Set<number>();
  const matches = pairs.filter((p) => {
    if (usedA.has(p.a) || usedB.has(p.b)) return false;
    usedA.add(p.a);
    usedB.add(p.b);
    return true;
  });
  return {
    countA: a.length,
    countB: b.length,
    meanScoreA: mean(a.map((r) => r.score)),
    meanScoreB: mean(b.map((r) => r.score)),
    matches,
    meanMatchedIou: mean(matches.map((m) => m.iou)),
    onlyA: a.length - matches.length,
    onlyB: b.length - matches.length,
  };
}
