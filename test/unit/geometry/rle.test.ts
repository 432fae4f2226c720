import { describe, expect, it } from 'vitest';
import {
  forEachColumnPiece,
  boxToCocoBbox,
  createMask,
  maskToRle,
  rleArea,
  rleFromCounts,
  rleIntersection,
  rleIou,
  rleToBox,
  rleToCounts,
  rleToMask,
  rleUnion,
  type BinaryMask,
} from '../../../shared/geometry';
import { maskFromRows, noiseMask, prng } from '../../helpers/mask-fixtures';

// Reference encoder: visit pixels in column-major order and count runs, as maskApi.c's rleEncode does.
function referenceCounts(mask: BinaryMask): number[] {
  const counts: number[] = [];
  let [on, run] = [false, 0];
  for (let x = 0; x < mask.width; x++) {
    for (let y = 0; y < mask.height; y++) {
      if ((mask.data[y * mask.width + x] === 1) !== on) {
        counts.push(run);
        [on, run] = [!on, 0];
      }
      run++;
    }
  }
  return [...counts, run];
}

function referenceBox(mask: BinaryMask): number[] {
  const xs: number[] = [];
  const ys: number[] = [];
  mask.data.forEach((v, i) => {
    if (!v) return;
    xs.push(i % mask.width);
    ys.push(Math.floor(i / mask.width));
  });
  return xs.length
    ? [Math.min(...xs), Math.min(...ys), Math.max(...xs) + 1, Math.max(...ys) + 1]
    : [0, 0, 0, 0];
}

const pixelwise = (a: BinaryMask, b: BinaryMask, op: (p: number, q: number) => number) =>
  createMask(
    a.width,
    a.height,
    a.data.map((v, i) => op(v, b.data[i]!)),
  );
const ones = (m: BinaryMask) => m.data.reduce((s, v) => s + v, 0);

// Thin, square, word-aligned and odd widths (row padding), from nearly empty to nearly full.
const rand = prng(7);
const sizes = [
  [1, 1],
  [3, 4],
  [5, 7],
  [16, 9],
  [17, 32],
  [64, 64],
  [100, 3],
  [1, 50],
];
const randomMasks = sizes.flatMap(([w, h]) =>
  [0.02, 0.3, 0.5, 0.9].map((density) => ({ w, h, density, mask: noiseMask(rand, w!, h!, density) })),
);

describe('COCO RLE', () => {
  it.each([
    {
      name: 'the 4x3 mask of pycocotools 2.0.11',
      rows: ['..#', '.#.', '.#.', '...'],
      counts: [5, 2, 1, 1, 3],
      string: '521O2',
      area: 3,
      box: [1, 0, 3, 3],
      coco: [1, 0, 2, 3],
    },
    {
      name: 'the all-ones 2x2 mask of pycocotools 2.0.11',
      rows: ['##', '##'],
      counts: [0, 4],
      string: '04',
      area: 4,
      box: [0, 0, 2, 2],
      coco: [0, 0, 2, 2],
    },
    {
      name: 'an empty 3x2 mask',
      rows: ['..', '..', '..'],
      counts: [6],
      string: '6',
      area: 0,
      box: [0, 0, 0, 0],
      coco: [0, 0, 0, 0],
    },
    {
      name: 'a full 1x5 mask',
      rows: ['#####'],
      counts: [0, 5],
      string: '05',
      area: 5,
      box: [0, 0, 5, 1],
      coco: [0, 0, 5, 1],
    },
    {
      name: 'a 0x0 mask',
      rows: [],
      counts: [0],
      string: '0',
      area: 0,
      box: [0, 0, 0, 0],
      coco: [0, 0, 0, 0],
    },
  ])('encodes $name', ({ rows, counts, string, area, box, coco }) => {
    const mask = maskFromRows(rows);
    const rle = maskToRle(mask);
    expect(rle).toEqual({ size: [mask.height, mask.width], counts: string });
    expect(rleToCounts(rle)).toEqual(counts);
    expect(rleArea(rle)).toBe(area);
    expect(rleToBox(rle)).toEqual(box);
    expect(boxToCocoBbox(rleToBox(rle))).toEqual(coco);
    expect(rleToMask(rle)).toEqual(mask);
  });

  // Strings from a line-by-line port of maskApi.c's rleToString; 2^31 and 2^33 go beyond int32 arithmetic.
  it.each([
    { counts: [999990, 5, 2, 3], string: 'fa`n052N' },
    { counts: [100, 900, 50, 10, 40, 8900], string: 'T3Tl0b1VTOFje8' },
    { counts: [0, 1, 2, 3, 4, 5, 4, 3, 2, 1], string: '0122220NNN' },
    { counts: [3, 70000, 2, 5, 1, 29922], string: '3`[T22edkMOmVm0' },
    { counts: [7, 0, 0, 3], string: '7003' },
    { counts: [1000000, 3, 999999, 2 ** 31, 5], string: 'Pb`n03oa`n0mooooo1V^_QO' },
    { counts: [2 ** 33, 1, 2 ** 32, 2, 3], string: 'PPPPPP81PPPPPP41SPPPPPL' },
  ])('compresses counts $counts to $string and back', ({ counts, string }) => {
    const size: [number, number] = [1, counts.reduce((a, b) => a + b, 0)];
    expect(rleFromCounts({ size, counts })).toEqual({ size, counts: string });
    expect(rleToCounts({ size, counts: string })).toEqual(counts);
  });

  it.each(randomMasks)('round-trips a random $w x $h mask at density $density', ({ mask }) => {
    const rle = maskToRle(mask);
    expect(rleToCounts(rle)).toEqual(referenceCounts(mask));
    expect(rleToMask(rle)).toEqual(mask);
    expect(rleArea(rle)).toBe(ones(mask));
    expect(rleToBox(rle)).toEqual(referenceBox(mask));
  });

  it('encodes any non-zero byte as foreground and reads masks that are views into a larger buffer', () => {
    const mask = noiseMask(prng(3), 13, 11, 0.4);
    const bytes = new Uint8Array(1 + mask.data.length);
    bytes.set(
      mask.data.map((v) => v * 255),
      1,
    );
    expect(maskToRle(createMask(13, 11, bytes.subarray(1)))).toEqual(maskToRle(mask));
  });

  it('decodes into a caller buffer, clearing what was there', () => {
    const [a, b] = [noiseMask(prng(1), 20, 10, 0.5), noiseMask(prng(2), 20, 10, 0.5)];
    const into = createMask(20, 10);
    rleToMask(maskToRle(a), { into });
    expect(rleToMask(maskToRle(b), { into })).toBe(into);
    expect(into).toEqual(b);
  });

  it('computes union, intersection and IoU on runs equal to pixel-wise results', () => {
    const r = prng(11);
    for (const [w, h] of sizes) {
      const masks = [0.2, 0.5, 0.7].map((d) => noiseMask(r, w!, h!, d));
      const rles = masks.map(maskToRle);
      const fold = (op: (p: number, q: number) => number) => masks.reduce((acc, m) => pixelwise(acc, m, op));
      expect(rleUnion(rles)).toEqual(maskToRle(fold((p, q) => p | q)));
      expect(rleIntersection(rles)).toEqual(maskToRle(fold((p, q) => p & q)));
      const [a, b] = masks as [BinaryMask, BinaryMask];
      const union = ones(pixelwise(a, b, (p, q) => p | q));
      const expected = union ? ones(pixelwise(a, b, (p, q) => p & q)) / union : 0;
      expect(rleIou(rles[0]!, rles[1]!)).toBeCloseTo(expected, 12);
    }
  });

  it.each([
    { name: 'identical', a: ['##..', '##..'], b: ['##..', '##..'], iou: 1 },
    { name: 'disjoint', a: ['##..', '##..'], b: ['..##', '..##'], iou: 0 },
    { name: 'half overlap', a: ['##..', '##..'], b: ['.##.', '.##.'], iou: 1 / 3 },
    { name: 'both empty (0, as pycocotools)', a: ['....'], b: ['....'], iou: 0 },
  ])('IoU of $name masks is $iou', ({ a, b, iou }) => {
    expect(rleIou(maskToRle(maskFromRows(a)), maskToRle(maskFromRows(b)))).toBeCloseTo(iou, 12);
  });

  it.each([
    {
      name: 'a size other than expected',
      rle: maskToRle(createMask(640, 480)),
      expected: [720, 1280],
      error: /\[480, 640\].*\[720, 1280\]/,
    },
    {
      name: 'runs that do not fill the size',
      rle: { size: [4, 3], counts: '521O' },
      error: /cover 9 pixels.*4x3.*has 12/,
    },
    {
      name: 'runs that overflow the size',
      rle: { size: [2, 2], counts: '05' },
      error: /cover 5 pixels.*has 4/,
    },
    { name: 'a negative run', rle: { size: [1, 1], counts: '01O' }, error: /run 2 is -1/ },
    {
      name: 'a character outside the alphabet',
      rle: { size: [2, 2], counts: '0 4' },
      error: /invalid character at position 1/,
    },
    {
      name: 'a string cut inside a number',
      rle: { size: [2, 2], counts: '0P' },
      error: /ends in the middle/,
    },
    {
      name: 'a size that is not [h, w]',
      rle: { size: [2.5, 2], counts: '05' },
      error: /not \[height, width\]/,
    },
  ])('refuses an RLE with $name', ({ rle, expected, error }) => {
    const bad = rle as { size: [number, number]; counts: string };
    const expectedSize = expected as [number, number] | undefined;
    expect(() => rleToMask(bad, { expectedSize })).toThrow(error);
  });

  it('refuses to combine or compare masks of different sizes, or to decode into one', () => {
    const [a, b] = [maskToRle(createMask(4, 3)), maskToRle(createMask(3, 4))];
    expect(() => rleUnion([a, b])).toThrow(/\[4, 3\] does not match the expected size \[3, 4\]/);
    expect(() => rleIou(a, b)).toThrow(/\[4, 3\].*\[3, 4\]/);
    expect(() => rleToMask(a, { into: createMask(3, 4) })).toThrow(
      /\[3, 4\] does not match the target mask \[4, 3\]/,
    );
    expect(() => rleUnion([])).toThrow(/at least one/);
  });
});

describe('forEachColumnPiece', () => {
  // Column-major runs of a mask 3 rows high: [background, fg, background, fg, ...].
  it.each([
    { name: 'no foreground', counts: [9], pieces: [] },
    { name: 'one pixel', counts: [4, 1, 4], pieces: [[1, 1, 1]] },
    {
      name: 'a run wrapping into the next two columns',
      counts: [2, 5, 2],
      pieces: [
        [0, 2, 1],
        [1, 0, 3],
        [2, 0, 1],
      ],
    },
    {
      name: 'two runs in one column',
      counts: [0, 1, 1, 1, 6],
      pieces: [
        [0, 0, 1],
        [0, 2, 1],
      ],
    },
    {
      name: 'all foreground',
      counts: [0, 9],
      pieces: [
        [0, 0, 3],
        [1, 0, 3],
        [2, 0, 3],
      ],
    },
  ])('$name', ({ counts, pieces }) => {
    const seen: number[][] = [];
    forEachColumnPiece(counts, 3, (x, y, n) => seen.push([x, y, n]));
    expect(seen).toEqual(pieces);
  });
});
