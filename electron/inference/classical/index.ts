// Engine 'classical': segmentation with zero downloads (OpenCV's GrabCut compiled to WebAssembly, checked and
// backed by a shape prior, see cut.ts), the fallback whenever no SAM weights are present. The work runs in one
// worker thread; this side validates prompts, routes requests and turns replies into the Segmenter contract.
import { existsSync } from 'node:fs';
import { sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Box, Point, StudioErrorInfo } from '../../../shared/domain';
import { StudioError } from '../../../shared/errors';
import { DEFAULT_MAX_MEGAPIXELS } from '../../media/convert-image';
import type {
  EngineImage,
  PromptPoint,
  SegmentOptions,
  SegmentPrompt,
  SegmentResult,
  Segmenter,
} from '../segmenter';
import {
  CANCEL_SLOTS,
  markCancelled,
  type ImageRef,
  type SegmentReply,
  type WorkerJob,
  type WorkerReply,
  type WorkerRequest,
  type WorkerSettings,
} from './protocol';

export const CLASSICAL_MODEL_ID = 'classical-v1';
export const CLASSICAL_ENGINE = 'classical';

export interface ClassicalOptions {
  /** Bytes of decoded RGB pixels kept in the worker (default 64 MB: about 23 images of 1280x720). */
  cacheBytes?: number;
  /** Images above this many megapixels are refused before decoding (the studio's import limit). */
  maxMegapixels?: number;
  /**
   * The largest image it cuts whole, in megapixels (default 64). It decodes the whole image and works on
   * image-sized masks (about 10 bytes a pixel at the peak: a 144 MP image took 1.5 GB and 88 s for one box), so
   * a larger image is refused with what to do instead: segment in view, which gives it only the visible crop.
   */
  maxCutMegapixels?: number;
}

/** See ClassicalOptions.maxCutMegapixels. */
export const CLASSICAL_MAX_CUT_MEGAPIXELS = 64;

const DEFAULT_CACHE_BYTES = 64 * 1024 * 1024;

type Pending = { resolve: (reply: SegmentReply | null) => void; reject: (err: StudioError) => void };

/**
 * In a packaged app the worker is unpacked from the asar (electron-builder.yml): a worker thread reads real
 * files, and OpenCV, unpacked beside it, resolves from there.
 */
export function unpackedCopy(url: URL): URL {
  const path = fileURLToPath(url);
  const outside = path.replace(`${sep}app.asar${sep}`, `${sep}app.asar.unpacked${sep}`);
  return outside !== path && existsSync(outside) ? pathToFileURL(outside) : url;
}

/**
 * Where the worker's code is. From source (vitest, tsx) the .ts entry runs behind tsx's loader, registered by
 * a small bootstrap; in the electron-vite build the worker is its own entry, `classical-worker.js`, in the
 * main bundle's folder (this module may sit in that folder or in its chunks/ subfolder).
 */
function workerEntry(): { url: URL; data: Record<string, string> } {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    // Names joined at run time: Vite would otherwise take `new URL('./x', import.meta.url)` for an asset.
    return {
      url: new URL(['.', 'worker-bootstrap.mjs'].join('/'), here),
      data: { entryUrl: new URL(['.', 'worker.ts'].join('/'), here).href },
    };
  }
  for (const candidate of ['./classical-worker.js', '../classical-worker.js']) {
    const url = new URL(candidate, here);
    if (existsSync(url)) return { url: unpackedCopy(url), data: {} };
  }
  throw new StudioError(
    'engine_failed',
    'The classical engine worker (classical-worker.js) is missing from the build',
  );
}

function invalid(message: string): StudioError {
  return new StudioError('invalid_input', message);
}

function finite(values: readonly number[], what: string): void {
  if (!values.every(Number.isFinite)) throw invalid(`${what} has coordinates that are not finite numbers`);
}

/** The box clipped to the image; refuses one with no area (inside the image) or with its corners swapped. */
function checkBox(box: Box, width: number, height: number): Box {
  finite(box, 'The box');
  const clipped: Box = [
    Math.max(0, box[0]),
    Math.max(0, box[1]),
    Math.min(width, box[2]),
    Math.min(height, box[3]),
  ];
  if (clipped[2] - clipped[0] < 1 || clipped[3] - clipped[1] < 1) {
    throw invalid(`The box [${box.join(', ')}] has no area inside the ${width}x${height} image`);
  }
  return clipped;
}

/** Points outside the image are moved to its nearest pixel: a click just past the edge means the edge. */
function clipPoints(points: readonly PromptPoint[], width: number, height: number): PromptPoint[] {
  return points.map(({ point, positive }) => {
    finite(point, 'A point');
    const clipped: Point = [
      Math.min(width - 1, Math.max(0, point[0])),
      Math.min(height - 1, Math.max(0, point[1])),
    ];
    return { point: clipped, positive };
  });
}

export class ClassicalSegmenter implements Segmenter {
  readonly engine = CLASSICAL_ENGINE;
  readonly modelId = CLASSICAL_MODEL_ID;
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private readonly settings: WorkerSettings;
  private readonly cancelled: Int32Array;
  private readonly maxMegapixels: number;
  private readonly maxCutMegapixels: number;

  constructor(options: ClassicalOptions = {}) {
    this.settings = {
      cacheBytes: options.cacheBytes ?? DEFAULT_CACHE_BYTES,
      cancelled: new SharedArrayBuffer(CANCEL_SLOTS * Int32Array.BYTES_PER_ELEMENT),
    };
    this.cancelled = new Int32Array(this.settings.cancelled);
    this.maxMegapixels = options.maxMegapixels ?? DEFAULT_MAX_MEGAPIXELS;
    this.maxCutMegapixels = options.maxCutMegapixels ?? CLASSICAL_MAX_CUT_MEGAPIXELS;
  }

  async prepare(image: EngineImage, signal?: AbortSignal): Promise<void> {
    if (this.tooLargeToCut(image)) return; // a click will say why; nothing to decode ahead
    await this.request({ kind: 'prepare', image: this.ref(image) }, signal);
  }

  async segment(image: EngineImage, prompt: SegmentPrompt, options: SegmentOptions): Promise<SegmentResult> {
    const { width, height } = image;
    if (this.tooLargeToCut(image)) {
      const mp = Math.round((width * height) / 1e6);
      throw new StudioError(
        'image_too_large',
        `This image is ${width}x${height} (${mp} MP); the classical engine cuts images of up to ` +
          `${this.maxCutMegapixels} MP whole. Zoom in and segment in view (it cuts only the visible part), or ` +
          'add SAM weights to the models folder.',
      );
    }
    if (prompt.points.length === 0 && !prompt.box) {
      throw invalid('The prompt is empty: give at least one point or a box');
    }
    const box = prompt.box ? checkBox(prompt.box, width, height) : null;
    const points = clipPoints(prompt.points, width, height);
    const previous = prompt.previous?.rle ?? null;
    if (!box && !previous && !points.some((p) => p.positive)) {
      throw invalid('Only background points and nothing to refine: add a foreground point or a box');
    }
    if (previous && (previous.size[0] !== height || previous.size[1] !== width)) {
      throw invalid(
        `The previous mask is ${previous.size[1]}x${previous.size[0]}, the image ${width}x${height}`,
      );
    }
    const reply = (await this.request(
      {
        kind: 'segment',
        image: this.ref(image),
        prompt: { points, box, previous },
        multimask: options.multimask,
      },
      options.signal,
    ))!;
    return {
      candidates: reply.candidates,
      next: reply.candidates.map((c) => ({ rle: c.rle })),
      modelId: this.modelId,
      timings: { prepareMs: reply.prepareMs, segmentMs: reply.segmentMs },
    };
  }

  async dispose(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.failAll(new StudioError('cancelled', 'The classical engine was shut down'));
    await worker?.terminate();
  }

  private tooLargeToCut(image: EngineImage): boolean {
    return image.width * image.height > this.maxCutMegapixels * 1e6;
  }

  private ref(image: EngineImage): ImageRef {
    if (!(image.width >= 1 && image.height >= 1)) {
      throw invalid(`Image size ${image.width}x${image.height} is not a size`);
    }
    return {
      key: image.sha256,
      path: image.path,
      width: image.width,
      height: image.height,
      maxMegapixels: this.maxMegapixels,
    };
  }

  private request(job: WorkerJob, signal: AbortSignal | undefined): Promise<SegmentReply | null> {
    if (signal?.aborted) return Promise.reject(cancelled());
    const id = this.nextId++;
    return new Promise<SegmentReply | null>((resolve, reject) => {
      // An aborted request is answered at once. The worker skips it if it has not started; a cut already
      // running cannot be interrupted (WebAssembly), so its late reply is dropped.
      const onAbort = () => {
        this.pending.delete(id);
        markCancelled(this.cancelled, id);
        reject(cancelled());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(id, {
        resolve: (reply) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(reply);
        },
        reject: (err) => {
          signal?.removeEventListener('abort', onAbort);
          reject(err);
        },
      });
      const worker = this.ensureWorker();
      worker.ref();
      worker.postMessage({ ...job, id } satisfies WorkerRequest);
    });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const entry = workerEntry();
    const worker = new Worker(entry.url, { workerData: { ...this.settings, ...entry.data } });
    worker.on('message', (reply: WorkerReply) => {
      const pending = this.pending.get(reply.id);
      // An idle worker must not keep the process (tests, the CLI) alive; a busy one must.
      if (this.pending.size <= (pending ? 1 : 0)) worker.unref();
      if (!pending) return;
      this.pending.delete(reply.id);
      if (reply.ok) pending.resolve(reply.result);
      else pending.reject(StudioError.from(reply.error as StudioErrorInfo));
    });
    const fail = (err: unknown) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      const message = err instanceof Error ? err.message : String(err);
      this.failAll(new StudioError('engine_failed', `The classical engine's worker stopped: ${message}`));
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(`exit code ${code}`));
    this.worker = worker;
    return worker;
  }

  private failAll(err: StudioError): void {
    for (const pending of this.pending.values()) pending.reject(err);
    this.pending.clear();
  }
}

function cancelled(): StudioError {
  return new StudioError('cancelled', 'The segmentation was cancelled');
}

export function createClassicalSegmenter(options?: ClassicalOptions): Segmenter {
  return new ClassicalSegmenter(options);
}
