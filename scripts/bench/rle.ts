// `npx tsx scripts/bench/rle.ts`: COCO RLE encode/decode throughput and mask -> polygon time on 1280x720 masks
// shaped like segmenter output (2-5 wavy blobs, some with holes, some cut by the border), then the polygon side:
// trace, simplify at 1 px, fill back. Prints one JSON object.
import { maskToPolygons } from '../../shared/geometry/contours';
import { createMask } from '../../shared/geometry/mask';
import { rasterizePolygons } from '../../shared/geometry/rasterize';
import { maskToRle, rleToMask } from '../../shared/geometry/rle';
import { simplifyPolygons } from '../../shared/geometry/simplify';
import { blobMask, prng } from '../../test/helpers/mask-fixtures';

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
  }),
);
