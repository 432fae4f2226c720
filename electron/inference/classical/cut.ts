// The classical segmentation itself: GrabCut on a crop of the image scaled to a small working size, seeded by
// the prompt (box, positive/negative points, previous mask), then checked. GrabCut alone is poor on driving
// objects (mean IoU 0.12-0.52 by size on BDD100K, below simply filling the box): a box cut that collapsed
// (fills too little of the box), stops short of its sides or broke into pieces is replaced by the object's
// likely shape, a superellipse inscribed in the box (cars and people fill their box but not its corners), which
// beats the filled box in every size bucket. Background clicks are corrections and skip the checks; a click that
// only confirms an answer never makes it worse.
import type { Box } from '../../../shared/domain';
import { clipBox, createMask, type BinaryMask } from '../../../shared/geometry';
import type { PromptPoint } from '../segmenter';
import type { Mat, OpenCv } from './opencv';
import { fillHoles, keepComponents, splitAway } from './regions';

export interface Pixels {
  /** Interleaved RGB, row-major. */
  data: Uint8Array;
  width: number;
  height: number;
}

export interface CutPrompt {
  points: readonly PromptPoint[];
  /** Clipped to the image, positive area. */
  box: Box | null;
  /** The previous answer (full image size), refined by the new clicks. */
  previous: BinaryMask | null;
}

export interface Cut {
  mask: BinaryMask;
  score: number;
  /**
   * How it was made: GrabCut, the box's likely shape, the filled box, a disk at a click (no cut at all), or
   * the previous answer kept.
   */
  method: 'grabcut' | 'shape' | 'box' | 'disk' | 'previous';
}

/** Answers made from the prompt's geometry alone, not from the pixels: a candidate says it is a shape guess. */
export const isShapeGuess = (method: Cut['method']) =>
  method === 'shape' || method === 'box' || method === 'disk';

export interface CutTuning {
  /** Longest side of the working crop, in pixels. */
  workSize: number;
  iterations: number;
  /** Margin around the box, as a share of its longest side. */
  margin: number;
  /** A box cut covering less than this share of the box collapsed. */
  minFill: number;
  /** ... or reaching fewer of the box's four sides. */
  minSides: number;
  /** ... or keeping less than this share of its foreground in the chosen component. */
  minKept: number;
  /** Box half sizes tried around a first click, as a share of the image's shorter side, doubling. */
  pointScales: readonly number[];
  /** The working size of those tries (smaller: there are several). */
  pointWorkSize: number;
  /** Windows around the clicks and the previous mask when refining without a box (same unit), small first. */
  pointWindows: readonly number[];
  /**
   * Half-axes of the box's central ellipse seeded as certain foreground, as a share of the box (0 = none):
   * without it GrabCut's foreground model drifts to the background the box also holds, and the cut collapses.
   */
  core: number;
  /** Radius of the disk answered when GrabCut could not run at all, as a share of the image's shorter side. */
  diskRadius: number;
  /** How far the fallback shape's box moves from the prompt's box towards the cut's own box (0..1). */
  tighten: number;
  /** ... for boxes at least this many pixels on their shorter side (smaller cuts are too coarse to trust). */
  tightenFrom: number;
  /** Exponent of the superellipse inscribed in the box taken as the object's likely shape (0 = the box). */
  prior: number;
}

export const DEFAULT_TUNING: CutTuning = {
  workSize: 96,
  iterations: 2,
  margin: 0.2,
  minFill: 0.5,
  minSides: 3,
  minKept: 0.85,
  pointScales: [0.015, 0.03, 0.06, 0.12, 0.24],
  pointWorkSize: 64,
  pointWindows: [0.06, 0.15],
  core: 0.5,
  diskRadius: 0.03,
  prior: 3,
  tighten: 0.3,
  tightenFrom: 24,
};

// GrabCut's mask values.
const BGD = 0;
const FGD = 1;
const PR_BGD = 2;
const PR_FGD = 3;

interface Crop {
  x: number;
  y: number;
  width: number;
  height: number;
  /** Working pixels per image pixel. */
  scale: number;
  workWidth: number;
  workHeight: number;
}

function cropAround(region: Box, image: Pixels, workSize: number): Crop {
  const x = Math.max(0, Math.floor(region[0]));
  const y = Math.max(0, Math.floor(region[1]));
  const width = Math.max(1, Math.min(image.width, Math.ceil(region[2])) - x);
  const height = Math.max(1, Math.min(image.height, Math.ceil(region[3])) - y);
  // Small crops are enlarged too: GrabCut's colour models need enough samples, and seeds need room.
  const scale = Math.min(workSize / Math.max(width, height), 4);
  return {
    x,
    y,
    width,
    height,
    scale,
    workWidth: Math.max(1, Math.round(width * scale)),
    workHeight: Math.max(1, Math.round(height * scale)),
  };
}

function cropPixels(cv: OpenCv, image: Pixels, crop: Crop): Mat {
  const src = new cv.Mat(crop.height, crop.width, cv.CV_8UC3);
  const rowBytes = crop.width * 3;
  for (let y = 0; y < crop.height; y++) {
    const from = ((crop.y + y) * image.width + crop.x) * 3;
    src.data.set(image.data.subarray(from, from + rowBytes), y * rowBytes);
  }
  const work = new cv.Mat();
  cv.resize(
    src,
    work,
    new cv.Size(crop.workWidth, crop.workHeight),
    0,
    0,
    crop.scale < 1 ? cv.INTER_AREA : cv.INTER_LINEAR,
  );
  src.delete();
  return work;
}

/** An image-space box in working pixels, clamped to the crop. */
function toWork(box: Box, crop: Crop): [number, number, number, number] {
  const cx = (v: number) => Math.min(crop.workWidth, Math.max(0, Math.round((v - crop.x) * crop.scale)));
  const cy = (v: number) => Math.min(crop.workHeight, Math.max(0, Math.round((v - crop.y) * crop.scale)));
  return [cx(box[0]), cy(box[1]), cx(box[2]), cy(box[3])];
}

function workIndex(point: readonly [number, number], crop: Crop): number {
  const x = Math.min(crop.workWidth - 1, Math.max(0, Math.floor((point[0] - crop.x) * crop.scale)));
  const y = Math.min(crop.workHeight - 1, Math.max(0, Math.floor((point[1] - crop.y) * crop.scale)));
  return y * crop.workWidth + x;
}

function paintDisk(labels: Uint8Array, crop: Crop, index: number, radius: number, value: number): void {
  const px = index % crop.workWidth;
  const py = Math.floor(index / crop.workWidth);
  for (let y = Math.max(0, py - radius); y <= Math.min(crop.workHeight - 1, py + radius); y++) {
    for (let x = Math.max(0, px - radius); x <= Math.min(crop.workWidth - 1, px + radius); x++) {
      if ((x - px) ** 2 + (y - py) ** 2 <= radius * radius) labels[y * crop.workWidth + x] = value;
    }
  }
}

/** Radius of the certain foreground/background disk a click seeds, in working pixels. */
function seedRadius(crop: Crop): number {
  return Math.max(1, Math.round(Math.min(crop.workWidth, crop.workHeight) / 40));
}

/** Whether pixel (x, y) lies in the superellipse |u|^n + |v|^n <= 1 inscribed in the box. */
function inShape(box: readonly number[], x: number, y: number, n: number): boolean {
  const u = Math.abs((x + 0.5 - (box[0]! + box[2]!) / 2) / ((box[2]! - box[0]!) / 2));
  const v = Math.abs((y + 0.5 - (box[1]! + box[3]!) / 2) / ((box[3]! - box[1]!) / 2));
  return u ** n + v ** n <= 1;
}

function shapeMask(box: Box, image: { width: number; height: number }, n: number): BinaryMask {
  const out = createMask(image.width, image.height);
  for (let y = Math.floor(box[1]); y < Math.ceil(box[3]); y++) {
    for (let x = Math.floor(box[0]); x < Math.ceil(box[2]); x++) {
      if (!n || inShape(box, x, y, n)) out.data[y * image.width + x] = 1;
    }
  }
  return out;
}

/** GrabCut's initial labels for the crop: what is certainly background, what probably foreground. */
function seedLabels(prompt: CutPrompt, crop: Crop, core = 0, prior = 0): Uint8Array {
  const { workWidth: w, workHeight: h } = crop;
  const labels = new Uint8Array(w * h);
  const box = prompt.box ? toWork(prompt.box, crop) : null;
  const previous = prompt.previous;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      const inBox = box ? x >= box[0] && x < box[2] && y >= box[1] && y < box[3] : true;
      // Without a box, the crop's border is the background seed.
      const onBorder = !box && (x === 0 || y === 0 || x === w - 1 || y === h - 1);
      if (!inBox || onBorder) {
        labels[i] = BGD;
        continue;
      }
      if (previous) {
        const ix = Math.min(previous.width - 1, crop.x + Math.floor(x / crop.scale));
        const iy = Math.min(previous.height - 1, crop.y + Math.floor(y / crop.scale));
        labels[i] = previous.data[iy * previous.width + ix] ? PR_FGD : PR_BGD;
      } else {
        labels[i] = box ? (prior && !inShape(box, x, y, prior) ? PR_BGD : PR_FGD) : PR_BGD;
      }
    }
  }
  if (box && core > 0) {
    const [cx, cy] = [(box[0] + box[2]) / 2, (box[1] + box[3]) / 2];
    const [rx, ry] = [((box[2] - box[0]) / 2) * core, ((box[3] - box[1]) / 2) * core];
    for (let y = box[1]; y < box[3]; y++) {
      for (let x = box[0]; x < box[2]; x++) {
        if (((x + 0.5 - cx) / rx) ** 2 + ((y + 0.5 - cy) / ry) ** 2 <= 1) labels[y * w + x] = FGD;
      }
    }
  }
  for (const p of prompt.points) {
    paintDisk(labels, crop, workIndex(p.point, crop), seedRadius(crop), p.positive ? FGD : BGD);
  }
  return labels;
}

/** Runs GrabCut; null when it cannot (a colour model without samples). */
function grabCut(cv: OpenCv, work: Mat, labels: Uint8Array, iterations: number): Uint8Array | null {
  let fg = 0;
  let bg = 0;
  for (const v of labels) {
    if (v === FGD || v === PR_FGD) fg++;
    else bg++;
  }
  if (fg < 2 || bg < 2) return null;
  const mask = new cv.Mat(work.rows, work.cols, cv.CV_8UC1);
  mask.data.set(labels);
  const bgModel = new cv.Mat();
  const fgModel = new cv.Mat();
  try {
    // The same prompt gets the same mask whatever was segmented before it (k-means draws random centres).
    cv.setRNGSeed(1);
    cv.grabCut(work, mask, new cv.Rect(0, 0, 1, 1), bgModel, fgModel, iterations, cv.GC_INIT_WITH_MASK);
    const out = new Uint8Array(labels.length);
    for (let i = 0; i < out.length; i++) out[i] = mask.data[i]! & 1;
    return out;
  } catch {
    // OpenCV's WebAssembly build throws bare numbers (exception pointers) on assertion failures.
    return null;
  } finally {
    mask.delete();
    bgModel.delete();
    fgModel.delete();
  }
}

/** Scales a working-size mask up to the image: each image pixel takes the working pixel it falls in. */
function toImageMask(work: Uint8Array, crop: Crop, image: Pixels, clip: Box | null): BinaryMask {
  const out = createMask(image.width, image.height);
  const [x1, y1, x2, y2] = clip
    ? [Math.floor(clip[0]), Math.floor(clip[1]), Math.ceil(clip[2]), Math.ceil(clip[3])]
    : [crop.x, crop.y, crop.x + crop.width, crop.y + crop.height];
  for (let y = Math.max(y1, crop.y); y < Math.min(y2, crop.y + crop.height); y++) {
    const wy = Math.min(crop.workHeight - 1, Math.floor((y - crop.y + 0.5) * crop.scale));
    for (let x = Math.max(x1, crop.x); x < Math.min(x2, crop.x + crop.width); x++) {
      const wx = Math.min(crop.workWidth - 1, Math.floor((x - crop.x + 0.5) * crop.scale));
      out.data[y * image.width + x] = work[wy * crop.workWidth + wx]!;
    }
  }
  return out;
}

/** How many of the box's four sides the cut reaches (within a working pixel). */
function sidesReached(fg: Uint8Array, crop: Crop, box: [number, number, number, number]): number {
  const w = crop.workWidth;
  let left = false;
  let right = false;
  let top = false;
  let bottom = false;
  for (let y = box[1]; y < box[3]; y++) {
    for (let x = box[0]; x < box[2]; x++) {
      if (!fg[y * w + x]) continue;
      if (x <= box[0] + 1) left = true;
      if (x >= box[2] - 2) right = true;
      if (y <= box[1] + 1) top = true;
      if (y >= box[3] - 2) bottom = true;
    }
  }
  return Number(left) + Number(right) + Number(top) + Number(bottom);
}

function expand(box: Box, by: number, image: Pixels): Box {
  return [
    Math.max(0, box[0] - by),
    Math.max(0, box[1] - by),
    Math.min(image.width, box[2] + by),
    Math.min(image.height, box[3] + by),
  ];
}

/** The box around the clicks and the previous mask. */
function boundsOf(prompt: CutPrompt): Box {
  const bounds: Box = [Infinity, Infinity, -Infinity, -Infinity];
  const add = (x: number, y: number) => {
    bounds[0] = Math.min(bounds[0], x);
    bounds[1] = Math.min(bounds[1], y);
    bounds[2] = Math.max(bounds[2], x + 1);
    bounds[3] = Math.max(bounds[3], y + 1);
  };
  for (const { point } of prompt.points) add(point[0], point[1]);
  if (prompt.previous) {
    const { width, data } = prompt.previous;
    for (let i = 0; i < data.length; i++) if (data[i]) add(i % width, Math.floor(i / width));
  }
  return bounds;
}

/**
 * Background clicks are never foreground (hole filling may have closed over them), and they split off the
 * parts of the cut nearer to them than to the foreground clicks.
 */
function applyClicks(fg: Uint8Array, crop: Crop, points: readonly PromptPoint[]): void {
  const keep = points.filter((p) => p.positive).map((p) => workIndex(p.point, crop));
  const drop = points.filter((p) => !p.positive).map((p) => workIndex(p.point, crop));
  for (const i of drop) paintDisk(fg, crop, i, seedRadius(crop), 0);
  if (keep.length && drop.length) splitAway(fg, crop.workWidth, keep, drop);
}

interface BoxCut {
  /** The cut at working size, and the crop it covers. */
  fg: Uint8Array;
  crop: Crop;
  /** Share of the box the cut fills, box sides it reaches, share of its foreground in the kept component. */
  checks: { fill: number; sides: number; kept: number };
}

/** GrabCut inside the box (outside it is certain background), cleaned: one piece, no holes, clicks applied. */
function boxCut(
  cv: OpenCv,
  image: Pixels,
  prompt: CutPrompt,
  box: Box,
  tuning: CutTuning,
  workSize = tuning.workSize,
): BoxCut | null {
  const side = Math.max(box[2] - box[0], box[3] - box[1]);
  const crop = cropAround(expand(box, Math.max(4, side * tuning.margin), image), image, workSize);
  const work = cropPixels(cv, image, crop);
  const fg = grabCut(
    cv,
    work,
    seedLabels({ ...prompt, box }, crop, tuning.core, tuning.prior),
    tuning.iterations,
  );
  work.delete();
  if (!fg) return null;
  const wbox = toWork(box, crop);
  const seeds = prompt.points.filter((p) => p.positive).map((p) => workIndex(p.point, crop));
  const { area, keptShare } = keepComponents(fg, crop.workWidth, seeds);
  fillHoles(fg, crop.workWidth, crop.workHeight);
  applyClicks(fg, crop, prompt.points);
  const boxArea = Math.max(1, (wbox[2] - wbox[0]) * (wbox[3] - wbox[1]));
  return { fg, crop, checks: { fill: area / boxArea, sides: sidesReached(fg, crop, wbox), kept: keptShare } };
}

/** A candidate whose full-size mask is only made if it is asked for (a first candidate, or multimask). */
interface Ranked {
  score: number;
  method: Cut['method'];
  make: () => BinaryMask;
}

const made = (ranked: readonly Ranked[], count: number): Cut[] =>
  ranked.slice(0, count).map(({ make, ...rest }) => ({ ...rest, mask: make() }));

/**
 * Box prompt (with or without points and a previous mask): a checked cut inside the box, ranked with the
 * alternatives the user can cycle to: the box's shape or the cut (whichever lost), and the filled box.
 */
function cutInBox(cv: OpenCv, image: Pixels, prompt: CutPrompt, box: Box, tuning: CutTuning): Ranked[] {
  const cut = boxCut(cv, image, prompt, box, tuning);
  const shape: Ranked = { score: 0.3, method: 'shape', make: () => shapeMask(box, image, tuning.prior) };
  const filled: Ranked = { score: 0.2, method: 'box', make: () => shapeMask(box, image, 0) };
  if (!cut) return [shape, filled];
  const { fill, sides, kept: keptShare } = cut.checks;
  const grabcut: Ranked = {
    score: Math.min(0.95, 0.5 + fill / 2),
    method: 'grabcut',
    make: () => toImageMask(cut.fg, cut.crop, image, box),
  };
  // Background clicks are corrections the checks must not undo.
  const corrected = prompt.points.some((p) => !p.positive);
  if (corrected || (fill >= tuning.minFill && sides >= tuning.minSides && keptShare >= tuning.minKept)) {
    return [grabcut, shape, filled];
  }
  const previous = prompt.previous;
  if (previous) {
    // A click that only confirms must not make it worse: keep the previous answer, grown by the cut where a
    // foreground click lies outside it.
    const kept: Ranked = {
      score: 0.4,
      method: 'previous',
      make: () => grownPrevious(previous, box, prompt.points, grabcut.make),
    };
    return [kept, { ...grabcut, score: 0.25 }, filled];
  }
  // Boxes people draw are rarely tight: the shape's box moves part way to the cut's own box, which a loose
  // box's cut usually finds (too coarse to trust on small boxes).
  const cutBox = boxOfWork(cut.fg, cut.crop);
  if (cutBox && Math.min(box[2] - box[0], box[3] - box[1]) >= tuning.tightenFrom) {
    const moved = box.map((v, i) => v + (cutBox[i]! - v) * tuning.tighten) as Box;
    shape.make = () => shapeMask(moved, image, tuning.prior);
  }
  return [shape, { ...grabcut, score: 0.25 }, filled];
}

/** The image-space box of a working-size cut. */
function boxOfWork(fg: Uint8Array, crop: Crop): Box | null {
  let [x1, y1, x2, y2] = [Infinity, Infinity, -Infinity, -Infinity];
  for (let i = 0; i < fg.length; i++) {
    if (!fg[i]) continue;
    const x = i % crop.workWidth;
    const y = Math.floor(i / crop.workWidth);
    x1 = Math.min(x1, x);
    y1 = Math.min(y1, y);
    x2 = Math.max(x2, x + 1);
    y2 = Math.max(y2, y + 1);
  }
  if (x2 < 0) return null;
  return [
    crop.x + x1 / crop.scale,
    crop.y + y1 / crop.scale,
    crop.x + x2 / crop.scale,
    crop.y + y2 / crop.scale,
  ];
}

/** The previous mask inside the box, united with the cut when a foreground click lies outside that mask. */
function grownPrevious(
  previous: BinaryMask,
  box: Box,
  points: readonly PromptPoint[],
  cut: () => BinaryMask,
): BinaryMask {
  const out = createMask(previous.width, previous.height);
  const inBox = shapeMask(box, previous, 0).data;
  for (let i = 0; i < out.data.length; i++) out.data[i] = previous.data[i]! & inBox[i]!;
  const outside = points.some(
    (p) => p.positive && !out.data[Math.floor(p.point[1]) * out.width + Math.floor(p.point[0])],
  );
  if (outside) {
    const grown = cut().data;
    for (let i = 0; i < out.data.length; i++) out.data[i] = out.data[i]! | grown[i]!;
  }
  return out;
}

/** Whether a working-size cut covers image pixel (x, y). */
function covers(cut: BoxCut, x: number, y: number): boolean {
  const { crop } = cut;
  const wx = Math.floor((x - crop.x + 0.5) * crop.scale);
  const wy = Math.floor((y - crop.y + 0.5) * crop.scale);
  if (wx < 0 || wy < 0 || wx >= crop.workWidth || wy >= crop.workHeight) return false;
  return cut.fg[wy * crop.workWidth + wx] === 1;
}

/** IoU of two cuts over `region`, sampled on a grid of at most 64x64 image pixels. */
function sampledIou(a: BoxCut, b: BoxCut, region: Box): number {
  const step = Math.max(1, Math.max(region[2] - region[0], region[3] - region[1]) / 64);
  let both = 0;
  let either = 0;
  for (let y = region[1] + step / 2; y < region[3]; y += step) {
    for (let x = region[0] + step / 2; x < region[2]; x += step) {
      const [inA, inB] = [covers(a, Math.floor(x), Math.floor(y)), covers(b, Math.floor(x), Math.floor(y))];
      if (inA && inB) both++;
      if (inA || inB) either++;
    }
  }
  return either ? both / either : 0;
}

/**
 * A first click without a box: the object's size is unknown, so square boxes of doubling size centred on the
 * clicks are cut, and the cut that changes least when its box doubles ranks first. A box that clips the object gives
 * way to a larger cut; once the box holds the whole object, doubling it adds only background the cut leaves
 * out. That stability is the answer's score.
 */
function cutByScales(cv: OpenCv, image: Pixels, prompt: CutPrompt, tuning: CutTuning): Ranked[] {
  const clicks = boundsOf({ ...prompt, points: prompt.points.filter((p) => p.positive) });
  const [cx, cy] = [(clicks[0] + clicks[2]) / 2, (clicks[1] + clicks[3]) / 2];
  const shorter = Math.min(image.width, image.height);
  const cuts: { cut: BoxCut; box: Box }[] = [];
  for (const share of tuning.pointScales) {
    const half = Math.max(
      2,
      share * shorter,
      (clicks[2] - clicks[0]) / 2 + 2,
      (clicks[3] - clicks[1]) / 2 + 2,
    );
    const box = clipBox([cx - half, cy - half, cx + half, cy + half], image.width, image.height);
    const cut = boxCut(cv, image, prompt, box, tuning, tuning.pointWorkSize);
    if (cut) cuts.push({ cut, box });
  }
  // Each size scored by how little its cut changes when the box doubles; the steadiest first.
  const ranked: Ranked[] = cuts.slice(0, -1).map(({ cut, box }, i) => ({
    score: sampledIou(cut, cuts[i + 1]!.cut, cuts[i + 1]!.box),
    method: 'grabcut',
    make: () => toImageMask(cut.fg, cut.crop, image, box),
  }));
  return ranked.sort((a, b) => b.score - a.score);
}

/**
 * Refining a previous mask without a box: windows of growing size around the mask and the clicks are cut
 * (the mask seeds probable foreground, the window's border certain background); the first cut that stays
 * off the window's border is the answer, else the widest.
 */
function refineAround(cv: OpenCv, image: Pixels, prompt: CutPrompt, tuning: CutTuning): Cut {
  const bounds = boundsOf(prompt);
  const shorter = Math.min(image.width, image.height);
  const seeds = prompt.points.filter((p) => p.positive);
  let last: Cut | null = null;
  for (const share of tuning.pointWindows) {
    const crop = cropAround(expand(bounds, Math.max(8, share * shorter), image), image, tuning.workSize);
    const work = cropPixels(cv, image, crop);
    const fg = grabCut(cv, work, seedLabels(prompt, crop), tuning.iterations);
    work.delete();
    if (!fg) continue;
    fillHoles(fg, crop.workWidth, crop.workHeight);
    applyClicks(fg, crop, prompt.points);
    keepComponents(
      fg,
      crop.workWidth,
      seeds.map((p) => workIndex(p.point, crop)),
    );
    last = { mask: toImageMask(fg, crop, image, null), score: 0.6, method: 'grabcut' };
    if (!touchesBorder(fg, crop)) return last;
  }
  return last ? { ...last, score: 0.4 } : diskAround(prompt, image, tuning);
}

function touchesBorder(fg: Uint8Array, crop: Crop): boolean {
  const { workWidth: w, workHeight: h } = crop;
  let touching = 0;
  for (let x = 0; x < w; x++) touching += fg[w + x]! + fg[(h - 2) * w + x]!;
  for (let y = 0; y < h; y++) touching += fg[y * w + 1]! + fg[y * w + w - 2]!;
  return touching > 0.05 * 2 * (w + h);
}

/** The last resort for points: a small disk around each positive point. */
function diskAround(prompt: CutPrompt, image: Pixels, tuning: CutTuning): Cut {
  const mask = createMask(image.width, image.height);
  const radius = Math.max(1, Math.round(tuning.diskRadius * Math.min(image.width, image.height)));
  for (const p of prompt.points.filter((q) => q.positive)) {
    const [px, py] = [Math.floor(p.point[0]), Math.floor(p.point[1])];
    for (let y = Math.max(0, py - radius); y <= Math.min(image.height - 1, py + radius); y++) {
      for (let x = Math.max(0, px - radius); x <= Math.min(image.width - 1, px + radius); x++) {
        if ((x - px) ** 2 + (y - py) ** 2 <= radius * radius) mask.data[y * image.width + x] = 1;
      }
    }
  }
  return { mask, score: 0.1, method: 'disk' };
}

/**
 * The prompt's answer: up to `count` candidates, best first (a box gives 3, a first click up to 4, a refinement
 * 1). Every mask is image-sized.
 */
export function classicalCut(
  cv: OpenCv,
  image: Pixels,
  prompt: CutPrompt,
  count = 1,
  tuning = DEFAULT_TUNING,
): Cut[] {
  if (prompt.box) return made(cutInBox(cv, image, prompt, prompt.box, tuning), count);
  const { previous } = prompt;
  if (previous && !prompt.points.some((p) => !p.positive)) return [grow(cv, image, previous, prompt, tuning)];
  if (!previous) {
    const ranked = cutByScales(cv, image, prompt, tuning);
    return ranked.length ? made(ranked, count) : [diskAround(prompt, image, tuning)];
  }
  return [refineAround(cv, image, prompt, tuning)];
}

/**
 * Foreground clicks on a previous answer, without a box: clicks inside it confirm it (re-cutting would only
 * risk it), clicks outside it add the region a first click there would get.
 */
function grow(cv: OpenCv, image: Pixels, previous: BinaryMask, prompt: CutPrompt, tuning: CutTuning): Cut {
  const outside = prompt.points.filter(
    (p) => !previous.data[Math.floor(p.point[1]) * previous.width + Math.floor(p.point[0])],
  );
  const mask = createMask(previous.width, previous.height, previous.data.slice());
  if (!outside.length) return { mask, score: 0.5, method: 'previous' };
  const [added] = classicalCut(cv, image, { points: outside, box: null, previous: null }, 1, tuning);
  for (let i = 0; i < mask.data.length; i++) mask.data[i] = mask.data[i]! | added!.mask.data[i]!;
  return { mask, score: added!.score, method: added!.method };
}
