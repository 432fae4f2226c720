// `npx tsx scripts/bench/detector.ts`: the local detector (PP-PicoDet-S 320) on the real driving frames of
// ../shared/data: session create, time per image end to end (decode with EXIF orientation, resize, ONNX run,
// decoding, NMS), the ONNX run alone, memory, and recall by object size. Prints one JSON object.
import sharp from 'sharp';
import { Tensor } from 'onnxruntime-node';
import { PicoDetDetector } from '../../electron/inference/detector/picodet-detector';
import { PICODET_SIZE } from '../../electron/inference/detector/picodet-decode';
import { MANIFEST, modelEntry } from '../../electron/inference/models/manifest';
import { PICODET_MODEL } from '../../test/helpers/shared-assets';
import { drivingTruth, scoreBySize } from '../../test/helpers/detector-ground-truth';
import { quantile } from './lib/stats';
import { exitUnlessSharedAssets } from './lib/shared-assets';

exitUnlessSharedAssets();
sharp.concurrency(1);
const images = drivingTruth();
const entry = modelEntry(MANIFEST, 'picodet-s-320-coco');
const detector = new PicoDetDetector({ entry, modelPath: PICODET_MODEL });
const round = (v: number, digits = 1) => Number(v.toFixed(digits));

let start = performance.now();
const session = await detector.load();
const sessionCreateMs = performance.now() - start;

const engineImages = images.map((t) => ({ sha256: t.image, path: t.path, width: t.width, height: t.height }));
for (const image of engineImages) await detector.detect(image, {}); // warm-up
const perImage: number[] = [];
for (let round = 0; round < 5; round++)
  for (const image of engineImages) {
    start = performance.now();
    await detector.detect(image, {});
    perImage.push(performance.now() - start);
  }

const input = new Tensor('float32', new Float32Array(3 * PICODET_SIZE * PICODET_SIZE), [
  1,
  3,
  PICODET_SIZE,
  PICODET_SIZE,
]);
const onnxRun: number[] = [];
for (let i = 0; i < 30; i++) {
  start = performance.now();
  await session.run({ [session.inputNames[0]!]: input });
  if (i >= 5) onnxRun.push(performance.now() - start);
}

const found = [];
for (const image of engineImages) found.push(await detector.detect(image, {}));
const quality = scoreBySize(images, found);
await detector.dispose();

console.log(
  JSON.stringify({
    model: entry.id,
    images: images.length,
    sizes: [...new Set(images.map((t) => `${t.width}x${t.height}`))],
    sessionCreateMs: round(sessionCreateMs),
    perImageMedianMs: round(quantile(perImage, 0.5)),
    perImageP95Ms: round(quantile(perImage, 0.95)),
    onnxRunMedianMs: round(quantile(onnxRun, 0.5)),
    rssMB: round(process.memoryUsage().rss / 2 ** 20, 0),
    recallAtIou50Threshold04: Object.fromEntries(
      Object.entries(quality).map(([bucket, s]) => [
        bucket,
        { objects: s.objects, recall: round(s.recall, 2), meanIou: round(s.meanIou, 2) },
      ]),
    ),
  }),
);
