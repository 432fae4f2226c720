// Pairing a chain's predictions with the ground-truth objects of an image, by IoU: greedy (the best pair first,
// as detection benchmarks do) or optimal (Hungarian: the pairing with the largest total IoU). Both keep only
// pairs at or above the threshold; what is left over is a false positive or a miss.

export interface Match {
  prediction: number;
  truth: number;
  iou: number;
}

export interface Matching {
  matches: Match[];
  /** Predictions paired with nothing (false positives), by index. */
  unmatchedPredictions: number[];
  /** Ground-truth objects paired with nothing (misses), by index. */
  unmatchedTruths: number[];
}

/** `iou[p][t]`: the IoU of prediction p with truth t. */
export type IouMatrix = readonly (readonly number[])[];

function matching(iou: IouMatrix, truths: number, matches: Match[]): Matching {
  const usedP = new Set(matches.map((m) => m.prediction));
  const usedT = new Set(matches.map((m) => m.truth));
  return {
    matches: matches.sort((a, b) => a.prediction - b.prediction),
    unmatchedPredictions: iou.map((_, p) => p).filter((p) => !usedP.has(p)),
    unmatchedTruths: Array.from({ length: truths }, (_, t) => t).filter((t) => !usedT.has(t)),
  };
}

/** The highest-IoU pair first, then the next among those left; ties by prediction, then truth index. */
export function greedyMatch(iou: IouMatrix, truths: number, threshold = 0.5): Matching {
  const pairs: Match[] = [];
  iou.forEach((row, p) =>
    row.forEach((v, t) => {
      if (v >= threshold) pairs.push({ prediction: p, truth: t, iou: v });
    }),
  );
  pairs.sort((a, b) => b.iou - a.iou || a.prediction - b.prediction || a.truth - b.truth);
  const usedP = new Set<number>();
  const usedT = new Set<number>();
  const out: Match[] = [];
  for (const pair of pairs) {
    if (usedP.has(pair.prediction) || usedT.has(pair.truth)) continue;
    usedP.add(pair.prediction);
    usedT.add(pair.truth);
    out.push(pair);
  }
  return matching(iou, truths, out);
}

/**
 * The pairing with the largest total IoU over pairs at or above the threshold (Kuhn-Munkres with potentials,
 * O(n³) on the square matrix padded with zero-weight cells).
 */
export function hungarianMatch(iou: IouMatrix, truths: number, threshold = 0.5): Matching {
  const rows = iou.length;
  const n = Math.max(rows, truths);
  if (n === 0) return matching(iou, truths, []);
  // Cost = 1 - weight; a pair under the threshold (or padding) weighs nothing.
  const cost = (r: number, c: number) => {
    const v = r < rows && c < truths ? iou[r]![c]! : 0;
    return 1 - (v >= threshold ? v : 0);
  };
  // 1-based arrays as in the classic formulation: p[j] is the row assigned to column j.
  const u = new Float64Array(n + 1);
  const v = new Float64Array(n + 1);
  const p = new Int32Array(n + 1);
  const way = new Int32Array(n + 1);
  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    const minv = new Float64Array(n + 1).fill(Infinity);
    const used = new Uint8Array(n + 1);
    do {
      used[j0] = 1;
      const i0 = p[j0]!;
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= n; j++) {
        if (used[j]) continue;
        const cur = cost(i0 - 1, j - 1) - u[i0]! - v[j]!;
        if (cur < minv[j]!) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j]! < delta) {
          delta = minv[j]!;
          j1 = j;
        }
      }
      for (let j = 0; j <= n; j++) {
        if (used[j]) {
          const row = p[j]!;
          u[row] = u[row]! + delta;
          v[j] = v[j]! - delta;
        } else minv[j] = minv[j]! - delta;
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0]!;
      p[j0] = p[j1]!;
      j0 = j1;
    } while (j0);
  }
  const out: Match[] = [];
  for (let j = 1; j <= n; j++) {
    const r = p[j]! - 1;
    const c = j - 1;
    if (r < rows && c < truths && iou[r]![c]! >= threshold)
      out.push({ prediction: r, truth: c, iou: iou[r]![c]! });
  }
  return matching(iou, truths, out);
}
