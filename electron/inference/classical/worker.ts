// The classical engine's worker thread: loads OpenCV once, keeps decoded images, answers prompts. GrabCut
// takes tens of milliseconds of pure CPU, so it must never run on the studio's main thread.
import { parentPort, workerData } from 'node:worker_threads';
import type { StudioErrorInfo } from '../../../shared/domain';
import { StudioError } from '../../../shared/errors';
import { maskToRle, rleArea, rleToBox, rleToMask } from '../../../shared/geometry';
import { decodeRgb } from '../../media/convert-image';
import { classicalCut, isShapeGuess, type Pixels } from './cut';
import { loadOpenCv } from './opencv';
import { PixelCache } from './pixel-cache';
import {
  isCancelled,
  type ImageRef,
  type SegmentReply,
  type WorkerReply,
  type WorkerRequest,
  type WorkerSettings,
} from './protocol';

const settings = workerData as WorkerSettings;
const cache = new PixelCache(settings.cacheBytes);
const cancelled = new Int32Array(settings.cancelled);
const decoding = new Map<string, Promise<Pixels>>();
const opencv = loadOpenCv();

/** The image's pixels, decoded once; concurrent requests for the same image share one decode. */
async function pixelsOf(image: ImageRef): Promise<Pixels> {
  const cached = cache.get(image.key);
  if (cached) return cached;
  let pending = decoding.get(image.key);
  if (!pending) {
    pending = decodeRgb(image.path, { maxMegapixels: image.maxMegapixels }).then((rgb) => {
      const pixels = {
        data: new Uint8Array(rgb.data.buffer, rgb.data.byteOffset, rgb.data.length),
        width: rgb.width,
        height: rgb.height,
      };
      if (pixels.width !== image.width || pixels.height !== image.height) {
        throw new StudioError(
          'invalid_input',
          `${image.path} decodes to ${pixels.width}x${pixels.height}, not the ${image.width}x${image.height} the prompt is in: the file changed`,
        );
      }
      cache.set(image.key, pixels);
      return pixels;
    });
    decoding.set(image.key, pending);
    void pending.finally(() => decoding.delete(image.key)).catch(() => undefined);
  }
  return pending;
}

async function handle(request: WorkerRequest): Promise<SegmentReply | null> {
  const started = performance.now();
  if (isCancelled(cancelled, request.id)) throw new StudioError('cancelled', 'The request was cancelled');
  const pixels = await pixelsOf(request.image);
  if (request.kind === 'prepare') {
    // Warm OpenCV too, so the first click does not wait for WebAssembly to compile.
    await opencv;
    return null;
  }
  const prepareMs = performance.now() - started;
  const { cv } = await opencv;
  // Skipped when cancelled while it waited (the user clicked again, or the hover moved on).
  if (isCancelled(cancelled, request.id))
    throw new StudioError('cancelled', 'The segmentation was cancelled');
  const cutStarted = performance.now();
  const { prompt } = request;
  const previous = prompt.previous
    ? rleToMask(prompt.previous, { expectedSize: [pixels.height, pixels.width] })
    : null;
  const cuts = classicalCut(
    cv,
    pixels,
    { points: prompt.points, box: prompt.box, previous },
    request.multimask ? 3 : 1,
  );
  return {
    candidates: cuts.map((cut) => {
      const rle = maskToRle(cut.mask);
      return {
        rle,
        box: rleToBox(rle),
        area: rleArea(rle),
        score: cut.score,
        shapeGuess: isShapeGuess(cut.method),
      };
    }),
    prepareMs,
    segmentMs: performance.now() - cutStarted,
  };
}

/** Studio errors pass as they are; anything else (OpenCV throws bare numbers) is the engine failing. */
function errorInfo(err: unknown): StudioErrorInfo {
  if (err instanceof StudioError) return err.toInfo();
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'engine_failed', message: `The classical engine failed: ${message}` };
}

parentPort!.on('message', (request: WorkerRequest) => {
  handle(request).then(
    (result) => parentPort!.postMessage({ id: request.id, ok: true, result } satisfies WorkerReply),
    (err: unknown) =>
      parentPort!.postMessage({ id: request.id, ok: false, error: errorInfo(err) } satisfies WorkerReply),
  );
});
