// COCO RLE exactly as pycocotools' maskApi.c writes it, so masks round-trip with Python tooling byte for byte:
// run lengths over the column-major pixel order, the first run is background (0 when pixel (0, 0) is set), and
// the compressed string stores each count (as a delta to counts[i - 2] for i > 2) in 5-bit groups, low first,
// 0x20 = more groups follow, 0x10 = sign of the last group, each group written as chr(group + 48).
import type { Box, Rle } from '../domain';
import { StudioError } from '../errors';
import { createMask, type BinaryMask } from './mask';

/** COCO's uncompressed RLE (the JSON form of iscrowd annotations); size is [height, width]. */
export interface RleCounts {
  size: [number, number];
  counts: number[];
}

const invalid = (message: string) => new StudioError('invalid_input', message);

// Plain arithmetic instead of `& 31` and `>> 5`: deltas of masks beyond 2^31 pixels would overflow int32.
function countsToString(counts: readonly number[]): string {
  let s = '';
  for (let i = 0; i < counts.length; i++) {
    let x = counts[i]! - (i > 2 ? counts[i - 2]! : 0);
    for (;;) {
      const group = x - Math.floor(x / 32) * 32;
      x = Math.floor(x / 32);
      const more = group & 0x10 ? x !== -1 : x !== 0;
      s += String.fromCharCode((more ? group | 0x20 : group) + 48);
      if (!more) break;
    }
  }
  return s;
}

function stringToCounts(s: string): number[] {
  const counts: number[] = [];
  let p = 0;
  while (p < s.length) {
    let x = 0;
    let scale = 1;
    for (;;) {
      if (p >= s.length) throw invalid('RLE counts string ends in the middle of a number');
      const c = s.charCodeAt(p++) - 48;
      if (c < 0 || c > 63) throw invalid(`RLE counts string has an invalid character at position ${p - 1}`);
      x += (c & 0x1f) * scale;
      scale *= 32;
      if (!(c & 0x20)) {
        if (c & 0x10) x -= scale; // sign-extend the last group
        break;
      }
    }
    const m = counts.length;
    counts.push(m > 2 ? x + counts[m - 2]! : x);
  }
  return counts;
}

function checkCounts(counts: readonly number[], [h, w]: readonly [number, number]): void {
  let sum = 0;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i]!;
    if (!Number.isSafeInteger(c) || c < 0) throw invalid(`RLE run ${i} is ${c}, not a non-negative integer`);
    sum += c;
  }
  if (sum !== h * w) {
    throw invalid(`RLE runs cover ${sum} pixels but its size ${h}x${w} (height x width) has ${h * w}`);
  }
}

function checkSize(size: readonly number[], expected?: readonly [number, number]): void {
  const [h, w] = size;
  if (size.length !== 2 || !Number.isSafeInteger(h) || !Number.isSafeInteger(w) || h! < 0 || w! < 0) {
    throw invalid(`RLE size [${size.join(', ')}] is not [height, width] in whole pixels`);
  }
  if (expected && (h !== expected[0] || w !== expected[1])) {
    throw invalid(
      `RLE size [${h}, ${w}] does not match the expected size [${expected[0]}, ${expected[1]}] ([height, width])`,
    );
  }
}

/**
 * The validated run lengths of an RLE. Refuses, with a message naming both, a size other than `expectedSize`
 * ([height, width], e.g. the image's) and runs that do not cover the mask exactly.
 */
export function rleToCounts(rle: Rle, expectedSize?: readonly [number, number]): number[] {
  checkSize(rle.size, expectedSize);
  const counts = stringToCounts(rle.counts);
  checkCounts(counts, rle.size);
  return counts;
}

/** Compresses (after validating) an uncompressed COCO RLE. */
export function rleFromCounts({ size, counts }: RleCounts, expectedSize?: readonly [number, number]): Rle {
  checkSize(size, expectedSize);
  checkCounts(counts, size);
  return { size: [size[0], size[1]], counts: countsToString(counts) };
}

/**
 * Encodes straight from the row-major buffer. A run starts wherever a pixel differs from its predecessor in
 * column-major order: the pixel above it, or on row 0 the bottom of the previous column. Comparing each row
 * with the one above, four pixels per 32-bit compare, reads memory in order and is several times faster than
 * walking the columns; a counting sort then puts the few run starts in column order. Any non-zero byte is
 * foreground, so a 0/255 buffer encodes like a 0/1 one.
 */
export function maskToRle(mask: BinaryMask): Rle {
  const { width: w, height: h, data } = mask;
  const found: number[] = []; // run starts as positions x * h + y, in row-major order
  const columnStart = new Int32Array(w + 1); // run starts per column, then (prefix sums) where each column begins
  for (let x = 0; x < w && h > 0; x++) {
    const before = x > 0 && data[(h - 1) * w + x - 1] !== 0;
    if ((data[x] !== 0) !== before) {
      found.push(x * h);
      columnStart[x + 1]!++;
    }
  }
  // Rows padded with background to a multiple of 4 pixels (a copy only when the width needs it).
  const pitch = (w + 3) & ~3;
  let rows = data;
  if (pitch !== w || data.byteOffset % 4 !== 0) {
    rows = new Uint8Array(pitch * h);
    for (let y = 0; y < h; y++) rows.set(data.subarray(y * w, (y + 1) * w), y * pitch);
  }
  const words = new Uint32Array(rows.buffer, rows.byteOffset, (pitch * h) / 4);
  const q = pitch / 4;
  for (let y = 1; y < h; y++) {
    for (let k = y * q; k < (y + 1) * q; k++) {
      if (words[k] === words[k - q]) continue;
      for (let i = 4 * k; i < 4 * k + 4; i++) {
        if ((rows[i] !== 0) !== (rows[i - pitch] !== 0)) {
          const x = i - y * pitch;
          found.push(x * h + y);
          columnStart[x + 1]!++;
        }
      }
    }
  }
  return { size: [h, w], counts: countsToString(countsFromRunStarts([found], columnStart, h, w)) };
}

/**
 * The counts of an h x w RLE from its run starts (positions x * h + y) found by a row-wise scan: each list in
 * order, and within a column in rising position. `perColumn[x + 1]` holds how many starts column x has; a
 * counting sort puts them in column order (using `perColumn` as its scratch).
 */
export function countsFromRunStarts(
  startLists: readonly (readonly number[])[],
  perColumn: Int32Array,
  h: number,
  w: number,
): number[] {
  for (let x = 0; x < w; x++) perColumn[x + 1]! += perColumn[x]!;
  const starts = new Float64Array(perColumn[w]!);
  for (const list of startLists) for (const p of list) starts[perColumn[Math.floor(p / h)]!++] = p;
  const counts: number[] = [];
  let last = 0;
  for (const p of starts) {
    counts.push(p - last);
    last = p;
  }
  counts.push(w * h - last);
  return counts;
}

/**
 * Decodes into `options.into` when given (cleared first, must have the RLE's size) so a caller decoding many
 * masks reuses one buffer; `options.expectedSize` refuses an RLE of another size.
 */
export function rleToMask(
  rle: Rle,
  options: { expectedSize?: readonly [number, number]; into?: BinaryMask } = {},
): BinaryMask {
  const counts = rleToCounts(rle, options.expectedSize);
  const [h, w] = rle.size;
  const { into } = options;
  if (into && (into.width !== w || into.height !== h)) {
    throw invalid(`RLE size [${h}, ${w}] does not match the target mask [${into.height}, ${into.width}]`);
  }
  const mask = into ?? createMask(w, h);
  const data = mask.data;
  if (into) data.fill(0);
  let pos = 0;
  for (let i = 0; i < counts.length; i++) {
    const len = counts[i]!;
    if (i & 1) {
      let x = Math.floor(pos / h);
      let y = pos - x * h;
      let idx = y * w + x;
      for (let n = 0; n < len; n++) {
        data[idx] = 1;
        idx += w;
        if (++y === h) {
          y = 0;
          idx = ++x;
        }
      }
    }
    pos += len;
  }
  return mask;
}

/**
 * Calls `visit(x, y, n)` for every foreground piece of the runs that stays in one column: pixels (x, y) to
 * (x, y + n - 1). COCO runs go down the columns and may wrap into the next ones; callers that place or paint
 * pixels elsewhere (a crop into an image, a mask into its box) need them column by column.
 */
export function forEachColumnPiece(
  counts: readonly number[],
  height: number,
  visit: (x: number, y: number, n: number) => void,
): void {
  let pos = 0;
  for (let i = 0; i < counts.length; i++) {
    const len = counts[i]!;
    if (i & 1) {
      let left = len;
      let p = pos;
      while (left > 0) {
        const x = Math.floor(p / height);
        const y = p - x * height;
        const n = Math.min(left, height - y);
        visit(x, y, n);
        left -= n;
        p += n;
      }
    }
    pos += len;
  }
}

/** Number of foreground pixels. */
export function rleArea(rle: Rle): number {
  const counts = rleToCounts(rle);
  let area = 0;
  for (let i = 1; i < counts.length; i += 2) area += counts[i]!;
  return area;
}

/**
 * Bounding box [x1, y1, x2, y2] in pixel-edge coordinates (x2, y2 exclusive, so x2 - x1 is the width in pixels,
 * as in COCO's [x, y, w, h]); [0, 0, 0, 0] for an empty mask, like pycocotools.
 */
export function rleToBox(rle: Rle): Box {
  const counts = rleToCounts(rle);
  const h = rle.size[0];
  let [xs, ys, xe, ye] = [Infinity, Infinity, -1, -1];
  let pos = 0;
  for (let i = 0; i < counts.length; i++) {
    const len = counts[i]!;
    if (i & 1 && len > 0) {
      const x0 = Math.floor(pos / h);
      const x1 = Math.floor((pos + len - 1) / h);
      // A run that wraps into the next column covers the bottom of one and the top of the next.
      ys = Math.min(ys, x0 < x1 ? 0 : pos - x0 * h);
      ye = Math.max(ye, x0 < x1 ? h - 1 : pos + len - 1 - x1 * h);
      xs = Math.min(xs, x0);
      xe = Math.max(xe, x1);
    }
    pos += len;
  }
  return xe < 0 ? [0, 0, 0, 0] : [xs, ys, xe + 1, ye + 1];
}

/** Walks two same-size run lists together, calling `visit` for each stretch where neither changes. */
function sweep(
  a: readonly number[],
  b: readonly number[],
  visit: (len: number, inA: boolean, inB: boolean) => void,
) {
  let ia = 0;
  let ib = 0;
  let ra = a[0] ?? 0;
  let rb = b[0] ?? 0;
  for (;;) {
    while (ra === 0 && ia + 1 < a.length) ra = a[++ia]!;
    while (rb === 0 && ib + 1 < b.length) rb = b[++ib]!;
    if (ra === 0 || rb === 0) return; // both end together: their sums were checked against the same size
    const len = Math.min(ra, rb);
    visit(len, (ia & 1) === 1, (ib & 1) === 1);
    ra -= len;
    rb -= len;
  }
}

function combine(rles: readonly Rle[], op: (inA: boolean, inB: boolean) => boolean): Rle {
  const [first, ...rest] = rles;
  if (!first) throw invalid('Combining RLEs needs at least one mask');
  let acc = rleToCounts(first);
  for (const rle of rest) {
    const out: number[] = [];
    let on = false;
    let run = 0;
    sweep(acc, rleToCounts(rle, first.size), (len, inA, inB) => {
      if (op(inA, inB) !== on) {
        out.push(run);
        run = 0;
        on = !on;
      }
      run += len;
    });
    out.push(run);
    acc = out;
  }
  return { size: [first.size[0], first.size[1]], counts: countsToString(acc) };
}

/** Pixel-wise OR of same-size masks, computed on the runs without decoding. */
export function rleUnion(rles: readonly Rle[]): Rle {
  return combine(rles, (a, b) => a || b);
}

/** Pixel-wise AND of same-size masks, computed on the runs without decoding. */
export function rleIntersection(rles: readonly Rle[]): Rle {
  return combine(rles, (a, b) => a && b);
}

/** Pixels in both of two same-size masks, and in each, counted on the runs without decoding. */
export function rleOverlap(a: Rle, b: Rle): { intersection: number; areaA: number; areaB: number } {
  let intersection = 0;
  let areaA = 0;
  let areaB = 0;
  sweep(rleToCounts(a), rleToCounts(b, a.size), (len, inA, inB) => {
    if (inA && inB) intersection += len;
    if (inA) areaA += len;
    if (inB) areaB += len;
  });
  return { intersection, areaA, areaB };
}

/** Intersection over union of two same-size masks; 0 when both are empty, as pycocotools returns. */
export function rleIou(a: Rle, b: Rle): number {
  const { intersection, areaA, areaB } = rleOverlap(a, b);
  const union = areaA + areaB - intersection;
  return union === 0 ? 0 : intersection / union;
}
