// `npx tsx scripts/bench/rle.ts`: COCO RLE encode/decode throughput and mask -> polygon time on 1280x720 masks
// shaped like segmenter output (2-5 wavy blobs, some with holes, some cut by the border), then the polygon side:
// trace, simplify at 1 px, fill back. Then against pycocotools: its outputs in ../shared/vectors (every mask and
// the 720x1280 ellipse encoded to its exact string, decoded to the same pixels), our rates on that ellipse.
// pycocotools' own speed cannot be measured here (it cannot be installed, and the vectors hold no timings), so
// the ratio the issue asks for is reported as not measurable rather than guessed. Prints one JSON object.
import { existsSync, readFileSync } from 'node:fs';
import { maskToPolygons } from '../../shared/geometry/contours';
import { createMask } from '../../shared/geometry/mask';
import { rasterizePolygons } from '../../shared/geometry/rasterize';
import { maskToRle, rleToMask } from '../../shared/geometry/rle';
import { simplifyPolygons } from '../../shared/geometry/simplify';
import { blobMask, prng } from '../../test/helpers/mask-fixtures';
import { PYCOCOTOOLS_VECTORS } from '../../test/helpers/shared-assets';

const [width, height] = [1280, 720];
const rand = prng(42);
const masks = Array.from({ length: 20 }, () => blobMask(rand, width, height, 2 + Math.floor(rand() * 4)));
const rles = masks.map(maskToRle);
const into = createMask(width, height);

/** Runs `fn` over the masks round-robin for about `ms` after a warm-up; returns calls per second. */
function rate(fn: (i: number) => unknown, ms = 1500): number {
  for (let i = 0; i < 50; i++) fn(i % masks.length);
  let calls = 0;
  const start = performance.now();
  while (performance.now() - start < ms) fn(calls++ % masks.length);
  return calls / ((performance.now() - start) / 1000);
}

const polygons = masks.map(maskToPolygons);
const simplified = polygons.map((p) => simplifyPolygons(p, 1));
const points = (parts: (typeof polygons)[number]) =>
  parts.reduce((n, p) => n + p.outer.length + p.holes.flat().length, 0);
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
const same = (a: Uint8Array, b: Uint8Array) => a.every((v, i) => v === b[i]);
const round = (v: number, digits = 0) => Number(v.toFixed(digits));
interface Vectors {
  masks: { height: number; width: number; rowsOnes: [number, number][]; counts: string }[];
  largeEllipse: {
    height: number;
    width: number;
    center: [number, number];
    radii: [number, number];
    counts: string;
  };
}

/** Our codec on pycocotools' own outputs: agreement on every vector, and rates on its 720x1280 ellipse. */
function againstPycocotools() {
  if (!existsSync(PYCOCOTOOLS_VECTORS)) return { skipped: `no ${PYCOCOTOOLS_VECTORS}` };
  const v = JSON.parse(readFileSync(PYCOCOTOOLS_VECTORS, 'utf8')) as Vectors;
  const small = v.masks.map((m) => {
    const mask = createMask(m.width, m.height);
    for (const [y, x] of m.rowsOnes) mask.data[y * m.width + x] = 1;
    return { mask, counts: m.counts };
  });
  // The ellipse by its rule (center and radii are [x, y]; strictly inside), as the vectors' test builds it.
  const e = v.largeEllipse;
  const ellipse = createMask(e.width, e.height);
  const [[cx, cy], [rx, ry]] = [e.center, e.radii];
  for (let y = 0; y < e.height; y++)
    for (let x = 0; x < e.width; x++)
      if ((y - cy) ** 2 / ry ** 2 + (x - cx) ** 2 / rx ** 2 < 1) ellipse.data[y * e.width + x] = 1;
  const all = [...small, { mask: ellipse, counts: e.counts }];
  const agree = all.filter(({ mask, counts }) => {
    const rle = maskToRle(mask);
    return rle.counts === counts && same(rleToMask(rle).data, mask.data);
  }).length;
  const ellipseRle = { size: [e.height, e.width] as [number, number], counts: e.counts };
  const ellipseInto = createMask(e.width, e.height);
  return {
    vectors: all.length,
    vectorsAgreeingExactly: agree,
    ellipseEncodeMasksPerSec: round(rate(() => maskToRle(ellipse))),
    ellipseDecodeMasksPerSec: round(rate(() => rleToMask(ellipseRle, { into: ellipseInto }))),
    pycocotoolsMasksPerSec: null,
    ratio: null,
    note: 'pycocotools cannot be installed on this machine and its vectors hold outputs, not timings: its speed and the ratio are not measurable here',
  };
}

console.log(
  JSON.stringify({
    size: `${width}x${height}`,
    masks: masks.length,
    meanForegroundPct: round(
      (100 * masks.reduce((s, m) => s + m.data.reduce((a, v) => a + v, 0), 0)) /
        (masks.length * width * height),
      1,
    ),
    meanRleChars: round(mean(rles.map((r) => r.counts.length))),
    meanParts: round(mean(polygons.map((p) => p.length)), 1),
    meanContourPoints: round(mean(polygons.map(points))),
    meanPointsSimplified1px: round(mean(simplified.map(points))),
    // Both round trips must be exact, or the speeds below mean nothing.
    rleRoundTripExact: masks.every((m, i) => same(rleToMask(rles[i]!).data, m.data)),
    polygonRoundTripExact: masks.every((m, i) =>
      same(rasterizePolygons(polygons[i]!, width, height).data, m.data),
    ),
    encodeMasksPerSec: round(rate((i) => maskToRle(masks[i]!))),
    decodeMasksPerSec: round(rate((i) => rleToMask(rles[i]!, { into }))),
    decodeAllocatingMasksPerSec: round(rate((i) => rleToMask(rles[i]!))),
    maskToPolygonsMs: round(1000 / rate((i) => maskToPolygons(masks[i]!)), 2),
    simplify1pxMs: round(1000 / rate((i) => simplifyPolygons(polygons[i]!, 1)), 2),
    rasterizeMs: round(1000 / rate((i) => rasterizePolygons(polygons[i]!, width, height)), 2),
    targetMasksPerSec: 500,
    pycocotools: againstPycocotools(),
  }),
);
