// COCO-style average precision and recall for boxes and masks, computed as pycocotools' COCOeval does
// (evaluateImg, accumulate, summarize): IoU thresholds .50:.05:.95, 101 recall points with the precision
// envelope, detections per image capped at maxDets, crowd objects ignored, objects outside an area range
// ignored for that range (detections only when unmatched). Areas are whatever the caller measures: pixels for
// COCO's 32² / 96² edges, or shares of the image for the seeds' size buckets (size-buckets.ts).
import type { Box, Rle } from '../domain';
import { rleOverlap } from '../geometry/rle';

export interface EvalObject {
  imageId: number | string;
  category: string;
  box: Box;
  /** Needed for iouType 'segm'. */
  rle?: Rle;
  /** What area ranges compare (pixels, or a share of the image). */
  area: number;
}
export interface EvalTruth extends EvalObject {
  crowd?: boolean;
}
export interface EvalDetection extends EvalObject {
  score: number;
}

export interface CocoEvalOptions {
  iouType: 'bbox' | 'segm';
  iouThresholds?: readonly number[];
  recallThresholds?: readonly number[];
  maxDets?: readonly number[];
  /** Named [lo, hi] ranges (inclusive, as COCOeval); must hold 'all'. */
  areaRanges?: Readonly<Record<string, readonly [number, number]>>;
}

export interface ApAr {
  /** -1 when there was nothing to measure (no ground truth), as COCOeval prints. */
  ap: number;
  ap50: number;
  ap75: number;
  ar: number;
}

export interface CocoEvalResult {
  /** COCOeval's stats over area 'all': AP, AP50, AP75 at the largest maxDets, and AR at each maxDets. */
  overall: ApAr & { arAt: Record<number, number> };
  /** Per area range at the largest maxDets. */
  byArea: Record<string, ApAr>;
  /** Per category over area 'all' at the largest maxDets. */
  byCategory: Record<string, ApAr>;
}

/** numpy's linspace(start, stop, num): start + i * step, the last exactly stop. */
const linspace = (start: number, stop: number, num: number) =>
  Array.from({ length: num }, (_, i) => (i === num - 1 ? stop : start + i * ((stop - start) / (num - 1))));

export const COCO_IOU_THRESHOLDS = linspace(0.5, 0.95, 10);
export const COCO_RECALL_THRESHOLDS = linspace(0, 1, 101);
export const COCO_AREA_RANGES: Record<string, [number, number]> = {
  all: [0, 1e10],
  small: [0, 32 ** 2],
  medium: [32 ** 2, 96 ** 2],
  large: [96 ** 2, 1e10],
};

function boxOverlap(d: Box, g: Box) {
  const w = Math.max(0, Math.min(d[2], g[2]) - Math.max(d[0], g[0]));
  const h = Math.max(0, Math.min(d[3], g[3]) - Math.max(d[1], g[1]));
  const area = (b: Box) => Math.max(0, b[2] - b[0]) * Math.max(0, b[3] - b[1]);
  return { intersection: w * h, areaA: area(d), areaB: area(g) };
}

/** maskUtils.iou: intersection over union, or over the detection's area for a crowd truth. */
function iouOf(d: EvalDetection, g: EvalTruth, type: CocoEvalOptions['iouType']): number {
  let o;
  if (type === 'bbox') o = boxOverlap(d.box, g.box);
  else {
    if (!d.rle || !g.rle) throw new Error(`segm evaluation needs masks (image ${d.imageId ?? g.imageId})`);
    o = rleOverlap(d.rle, g.rle);
  }
  const denominator = g.crowd ? o.areaA : o.areaA + o.areaB - o.intersection;
  return denominator > 0 ? o.intersection / denominator : 0;
}

/** Stable order by score, highest first (COCOeval's mergesort of -score). */
const byScore = <T extends { score: number }>(items: readonly T[]) =>
  items
    .map((item, i) => ({ item, i }))
    .sort((a, b) => b.item.score - a.item.score || a.i - b.i)
    .map((x) => x.item);

interface ImageEval {
  scores: number[];
  /** [threshold][detection]: matched a truth. */
  matched: boolean[][];
  /** [threshold][detection]: left out (matched a crowd or ignored truth, or unmatched outside the range). */
  ignored: boolean[][];
  truthIgnored: boolean[];
}

function evaluateImage(
  truths: readonly EvalTruth[],
  detections: readonly EvalDetection[],
  ious: number[][],
  range: readonly [number, number],
  maxDet: number,
  thresholds: readonly number[],
): ImageEval | null {
  if (truths.length === 0 && detections.length === 0) return null;
  const outside = (area: number) => area < range[0] || area > range[1];
  const ignore = truths.map((g) => Boolean(g.crowd) || outside(g.area));
  // Truths that count first (a stable sort on the ignore flag), as COCOeval orders them.
  const order = truths.map((_, i) => i).sort((a, b) => Number(ignore[a]) - Number(ignore[b]) || a - b);
  const dets = detections.slice(0, maxDet);
  const matched = thresholds.map(() => dets.map(() => false));
  const ignored = thresholds.map(() => dets.map(() => false));
  thresholds.forEach((t, ti) => {
    const taken = truths.map(() => false);
    dets.forEach((_, di) => {
      let best = Math.min(t, 1 - 1e-10);
      let m = -1;
      for (const gi of order) {
        if (taken[gi] && !truths[gi]!.crowd) continue;
        // Past the counted truths with a match already: an ignored one never replaces it.
        if (m > -1 && !ignore[m] && ignore[gi]) break;
        const v = ious[di]![gi]!;
        if (v < best) continue;
        best = v;
        m = gi;
      }
      if (m === -1) return;
      ignored[ti]![di] = ignore[m]!;
      matched[ti]![di] = true;
      taken[m] = true;
    });
    dets.forEach((d, di) => {
      if (!matched[ti]![di] && outside(d.area)) ignored[ti]![di] = true;
    });
  });
  return { scores: dets.map((d) => d.score), matched, ignored, truthIgnored: ignore };
}

/** Precision at each recall threshold and the final recall, for one threshold's cumulated matches. */
function precisionRecall(
  tps: boolean[],
  fps: boolean[],
  counted: number,
  recallThresholds: readonly number[],
): { precision: number[]; recall: number } {
  const rc: number[] = [];
  const pr: number[] = [];
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < tps.length; i++) {
    if (tps[i]) tp++;
    if (fps[i]) fp++;
    rc.push(tp / counted);
    pr.push(tp / (tp + fp + Number.EPSILON));
  }
  const recall = rc.length ? rc[rc.length - 1]! : 0;
  for (let i = pr.length - 1; i > 0; i--) if (pr[i]! > pr[i - 1]!) pr[i - 1] = pr[i]!;
  const precision = recallThresholds.map((r) => {
    // numpy searchsorted(rc, r, side='left'): the first index with rc >= r.
    let lo = 0;
    let hi = rc.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (rc[mid]! < r) lo = mid + 1;
      else hi = mid;
    }
    return lo < pr.length ? pr[lo]! : 0;
  });
  return { precision, recall };
}

const mean = (values: number[]) => {
  const valid = values.filter((v) => v > -1);
  return valid.length ? valid.reduce((a, b) => a + b, 0) / valid.length : -1;
};

export function cocoEvaluate(
  truths: readonly EvalTruth[],
  detections: readonly EvalDetection[],
  options: CocoEvalOptions,
): CocoEvalResult {
  const thresholds = options.iouThresholds ?? COCO_IOU_THRESHOLDS;
  const recallThresholds = options.recallThresholds ?? COCO_RECALL_THRESHOLDS;
  const maxDets = options.maxDets ?? [1, 10, 100];
  const ranges = options.areaRanges ?? COCO_AREA_RANGES;
  if (!ranges.all) throw new Error("areaRanges must hold 'all'");
  const lastMax = maxDets[maxDets.length - 1]!;

  const key = (o: EvalObject) => `${o.category}\u0000${o.imageId}`;
  const truthsOf = new Map<string, EvalTruth[]>();
  const detsOf = new Map<string, EvalDetection[]>();
  for (const g of truths) truthsOf.set(key(g), [...(truthsOf.get(key(g)) ?? []), g]);
  for (const d of detections) detsOf.set(key(d), [...(detsOf.get(key(d)) ?? []), d]);
  const categories = [...new Set([...truths, ...detections].map((o) => o.category))].sort();
  const imageIds = [...new Set([...truths, ...detections].map((o) => o.imageId))].sort((a, b) =>
    typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b)),
  );

  // precision[cat][range][maxDet] = per threshold the 101 values (or null: no truth counted); recall likewise.
  type Cell = { precision: number[][]; recall: number[] } | null;
  const cells = new Map<string, Cell>();
  const cellKey = (c: string, r: string, m: number) => `${c}\u0000${r}\u0000${m}`;

  for (const category of categories) {
    const perImage = imageIds.map((imageId) => {
      const g = truthsOf.get(`${category}\u0000${imageId}`) ?? [];
      const d = byScore(detsOf.get(`${category}\u0000${imageId}`) ?? []).slice(0, lastMax);
      return { g, d, ious: d.map((det) => g.map((gt) => iouOf(det, gt, options.iouType))) };
    });
    for (const [rangeName, range] of Object.entries(ranges)) {
      for (const maxDet of maxDets) {
        const evals = perImage
          .map(({ g, d, ious }) => evaluateImage(g, d, ious, range, maxDet, thresholds))
          .filter((e): e is ImageEval => e !== null);
        const counted = evals.reduce((n, e) => n + e.truthIgnored.filter((i) => !i).length, 0);
        if (counted === 0) {
          cells.set(cellKey(category, rangeName, maxDet), null);
          continue;
        }
        const all = evals.flatMap((e, ei) => e.scores.map((score, di) => ({ score, ei, di })));
        const order = byScore(all);
        const precision: number[][] = [];
        const recall: number[] = [];
        thresholds.forEach((_, ti) => {
          const tps = order.map(
            ({ ei, di }) => evals[ei]!.matched[ti]![di]! && !evals[ei]!.ignored[ti]![di]!,
          );
          const fps = order.map(
            ({ ei, di }) => !evals[ei]!.matched[ti]![di]! && !evals[ei]!.ignored[ti]![di]!,
          );
          const pr = precisionRecall(tps, fps, counted, recallThresholds);
          precision.push(pr.precision);
          recall.push(pr.recall);
        });
        cells.set(cellKey(category, rangeName, maxDet), { precision, recall });
      }
    }
  }

  const at = (cats: readonly string[], range: string, maxDet: number, threshold?: number) => {
    const ti = threshold === undefined ? -1 : thresholds.findIndex((t) => Math.abs(t - threshold) < 1e-12);
    const ps: number[] = [];
    const rs: number[] = [];
    for (const c of cats) {
      const cell = cells.get(cellKey(c, range, maxDet));
      thresholds.forEach((_, t) => {
        if (ti !== -1 && t !== ti) return;
        if (!cell) {
          ps.push(...recallThresholds.map(() => -1));
          rs.push(-1);
        } else {
          ps.push(...cell.precision[t]!);
          rs.push(cell.recall[t]!);
        }
      });
    }
    return { ap: mean(ps), ar: mean(rs) };
  };
  const apAr = (cats: readonly string[], range: string): ApAr => ({
    ap: at(cats, range, lastMax).ap,
    ap50: at(cats, range, lastMax, 0.5).ap,
    ap75: at(cats, range, lastMax, 0.75).ap,
    ar: at(cats, range, lastMax).ar,
  });

  return {
    overall: {
      ...apAr(categories, 'all'),
      arAt: Object.fromEntries(maxDets.map((m) => [m, at(categories, 'all', m).ar])),
    },
    byArea: Object.fromEntries(Object.keys(ranges).map((r) => [r, apAr(categories, r)])),
    byCategory: Object.fromEntries(categories.map((c) => [c, apAr([c], 'all')])),
  };
}
