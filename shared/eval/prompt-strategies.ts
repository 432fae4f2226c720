// The prompts an evaluation gives an engine for one ground-truth object, as the interactive-segmentation
// literature simulates a person: a centre click (the interior point farthest from the background, which is
// where people click, not the centroid that may fall outside a curved object), a random interior point from a
// seed, k of them, the tight box, the box with its centre click, the box jittered by n %, and the corrective
// click of the standard protocol (RITM / SimpleClick): at the point deepest inside the largest error region,
// positive where the object was missed, negative where the prediction spilled over.
import type { Box, Point } from '../domain';
import type { BinaryMask } from '../geometry/mask';
import { seededRandom } from '../random';

export interface Click {
  point: Point;
  positive: boolean;
}

export interface EvalPrompt {
  points: Click[];
  box?: Box;
}

/**
 * Euclidean distance of each set pixel to the nearest unset pixel or the image border (which counts as
 * background), squared; unset pixels 0. Felzenszwalb and Huttenlocher's two-pass exact transform.
 */
export function squaredDistanceInside(mask: BinaryMask): Float64Array {
  const { width: w, height: h, data } = mask;
  const INF = 1e20;
  const out = new Float64Array(w * h);
  const f = new Float64Array(Math.max(w, h) + 2);
  const d = new Float64Array(Math.max(w, h) + 2);
  const v = new Int32Array(Math.max(w, h) + 2);
  const z = new Float64Array(Math.max(w, h) + 3);
  // One dimension: f over n + 2 samples with background sentinels at both ends (the border).
  const pass = (n: number) => {
    let k = 0;
    v[0] = 0;
    z[0] = -INF;
    z[1] = INF;
    for (let q = 1; q < n; q++) {
      let s = (f[q]! + q * q - (f[v[k]!]! + v[k]! * v[k]!)) / (2 * q - 2 * v[k]!);
      while (s <= z[k]!) {
        k--;
        s = (f[q]! + q * q - (f[v[k]!]! + v[k]! * v[k]!)) / (2 * q - 2 * v[k]!);
      }
      k++;
      v[k] = q;
      z[k] = s;
      z[k + 1] = INF;
    }
    k = 0;
    for (let q = 0; q < n; q++) {
      while (z[k + 1]! < q) k++;
      d[q] = (q - v[k]!) * (q - v[k]!) + f[v[k]!]!;
    }
  };
  for (let x = 0; x < w; x++) {
    f[0] = 0;
    for (let y = 0; y < h; y++) f[y + 1] = data[y * w + x] ? INF : 0;
    f[h + 1] = 0;
    pass(h + 2);
    for (let y = 0; y < h; y++) out[y * w + x] = d[y + 1]!;
  }
  for (let y = 0; y < h; y++) {
    f[0] = 0;
    for (let x = 0; x < w; x++) f[x + 1] = out[y * w + x]!;
    f[w + 1] = 0;
    pass(w + 2);
    for (let x = 0; x < w; x++) out[y * w + x] = data[y * w + x] ? d[x + 1]! : 0;
  }
  return out;
}

/** The pixel centre deepest inside the mask (ties: the first in row order); null for an empty mask. */
export function deepestPoint(mask: BinaryMask): Point | null {
  const dist = squaredDistanceInside(mask);
  let best = -1;
  let at = -1;
  for (let i = 0; i < dist.length; i++)
    if (dist[i]! > best && mask.data[i]) {
      best = dist[i]!;
      at = i;
    }
  return at === -1 ? null : [(at % mask.width) + 0.5, Math.floor(at / mask.width) + 0.5];
}

/** `count` distinct interior pixels drawn with `random`, as pixel centres. */
export function interiorPoints(mask: BinaryMask, count: number, random: () => number): Point[] {
  const inside: number[] = [];
  for (let i = 0; i < mask.data.length; i++) if (mask.data[i]) inside.push(i);
  const picked: Point[] = [];
  for (let k = 0; k < count && inside.length > 0; k++) {
    const j = Math.floor(random() * inside.length);
    const i = inside[j]!;
    inside[j] = inside[inside.length - 1]!;
    inside.pop();
    picked.push([(i % mask.width) + 0.5, Math.floor(i / mask.width) + 0.5]);
  }
  return picked;
}

/** The tight box [x1, y1, x2, y2) of the set pixels; null for an empty mask. */
export function maskBox(mask: BinaryMask): Box | null {
  let x1 = Infinity;
  let y1 = Infinity;
  let x2 = -1;
  let y2 = -1;
  for (let y = 0; y < mask.height; y++)
    for (let x = 0; x < mask.width; x++)
      if (mask.data[y * mask.width + x]) {
        x1 = Math.min(x1, x);
        y1 = Math.min(y1, y);
        x2 = Math.max(x2, x + 1);
        y2 = Math.max(y2, y + 1);
      }
  return x2 < 0 ? null : [x1, y1, x2, y2];
}

/** Each side moved by up to `share` of the box's size, in or out, clipped to the image. */
export function jitterBox(box: Box, share: number, random: () => number, width: number, height: number): Box {
  const [x1, y1, x2, y2] = box;
  const dx = (x2 - x1) * share;
  const dy = (y2 - y1) * share;
  const move = (span: number) => (random() * 2 - 1) * span;
  const nx1 = Math.min(Math.max(0, x1 + move(dx)), width);
  const ny1 = Math.min(Math.max(0, y1 + move(dy)), height);
  const nx2 = Math.min(Math.max(0, x2 + move(dx)), width);
  const ny2 = Math.min(Math.max(0, y2 + move(dy)), height);
  return [Math.min(nx1, nx2), Math.min(ny1, ny2), Math.max(nx1, nx2), Math.max(ny1, ny2)];
}

/**
 * The next corrective click: at the deepest point of the larger error (missed object pixels -> positive,
 * spilled-over pixels -> negative), measured by its distance transform as the protocol does; null when the
 * prediction is exact.
 */
export function correctiveClick(prediction: BinaryMask, truth: BinaryMask): Click | null {
  const n = truth.data.length;
  const missed = new Uint8Array(n);
  const spilled = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    missed[i] = truth.data[i] && !prediction.data[i] ? 1 : 0;
    spilled[i] = prediction.data[i] && !truth.data[i] ? 1 : 0;
  }
  const deepest = (data: Uint8Array) => {
    const m = { width: truth.width, height: truth.height, data };
    const dist = squaredDistanceInside(m);
    let best = 0;
    let at = -1;
    for (let i = 0; i < n; i++)
      if (dist[i]! > best) {
        best = dist[i]!;
        at = i;
      }
    return { best, at };
  };
  const fn = deepest(missed);
  const fp = deepest(spilled);
  const pick = fn.best >= fp.best ? { ...fn, positive: true } : { ...fp, positive: false };
  if (pick.at === -1) return null;
  return {
    point: [(pick.at % truth.width) + 0.5, Math.floor(pick.at / truth.width) + 0.5],
    positive: pick.positive,
  };
}

export const STRATEGIES = ['centre', 'random-point', 'k-points', 'box', 'box-centre', 'box-jitter'] as const;
export type Strategy = (typeof STRATEGIES)[number];

export interface StrategyOptions {
  seed?: number;
  /** Points for 'k-points'. */
  k?: number;
  /** Jitter of 'box-jitter', a share of the box's size. */
  jitter?: number;
}

/** The first prompt of a strategy for one object; null when the object has no pixels. */
export function promptFor(
  truth: BinaryMask,
  strategy: Strategy,
  options: StrategyOptions = {},
): EvalPrompt | null {
  const box = maskBox(truth);
  const centre = deepestPoint(truth);
  if (!box || !centre) return null;
  const random = seededRandom(options.seed ?? 0);
  const positive = (point: Point): Click => ({ point, positive: true });
  switch (strategy) {
    case 'centre':
      return { points: [positive(centre)] };
    case 'random-point':
      return { points: interiorPoints(truth, 1, random).map(positive) };
    case 'k-points':
      return { points: interiorPoints(truth, options.k ?? 3, random).map(positive) };
    case 'box':
      return { points: [], box };
    case 'box-centre':
      return { points: [positive(centre)], box };
    case 'box-jitter':
      return { points: [], box: jitterBox(box, options.jitter ?? 0.1, random, truth.width, truth.height) };
  }
}
