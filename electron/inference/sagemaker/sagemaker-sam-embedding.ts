// SAM's embedding mode: a big encoder on the endpoint embeds each image once (float16 by default: 2 MiB), the
// embedding is kept in the shared embedding cache (memory + the project's folder, so a reopened image never
// pays the first click again), and every click runs the small prompt decoder locally through the local-sam
// engine's own prompt mapping and mask post-processing. prepare() fetches ahead for the images the user will
// open next (the segment service calls it for them).
import type { InferenceSession } from 'onnxruntime-node';
import { Tensor } from 'onnxruntime-node';
import { float16ToFloat32 } from '../../../shared/endpoints/float16';
import {
  samEmbeddingResponseSchema,
  type EmbeddingDtype,
  type SamRequest,
} from '../../../shared/endpoints/wire';
import { StudioError } from '../../../shared/errors';
import type { Embedding, EmbeddingCache, EmbeddingKey } from '../embedding-cache';
import { samCandidates } from '../local-sam/masks';
import { decoderPrompt, LOW_RES_SIDE, maskInput, samFrame } from '../local-sam/prompt';
import type { ModelFile } from '../models/manifest';
import { openOnnxModel } from '../models/onnx-session';
import type { EngineImage, SegmentOptions, SegmentPrompt, SegmentResult, Segmenter } from '../segmenter';
import { invokeJson } from './invoke-json';
import { PreparedImages } from './image-prep';
import type { EndpointClientOptions } from './sagemaker-sam';

const EMBEDDING_SHAPE = [1, 256, 64, 64];

export interface EmbeddingModeOptions extends EndpointClientOptions {
  /** Cache key of the endpoint's encoder (lower-case, digits, dashes): embeddings of two models never mix. */
  modelId: string;
  cache: EmbeddingCache;
  /** The local prompt decoder matching the endpoint's encoder family, and its I/O contract. */
  decoderPath: string;
  decoderContract: Pick<ModelFile, 'inputs' | 'outputs'>;
  dtype?: EmbeddingDtype;
}

export class SagemakerEmbeddingSegmenter implements Segmenter {
  readonly engine = 'sagemaker-sam-embedding';
  readonly modelId: string;
  private readonly images: PreparedImages;
  private readonly fetching = new Map<string, FetchJob>();
  private decoder: Promise<InferenceSession> | null = null;
  /** The float32 copy of the last image's embedding: clicks on one image convert it once. */
  private current: { sha256: string; data: Float32Array } | null = null;
  private calls = 0;

  constructor(private readonly options: EmbeddingModeOptions) {
    this.modelId = options.modelId;
    this.images = new PreparedImages(options);
  }

  /** Endpoint calls made so far (each is one image embedded remotely). */
  get endpointCalls(): number {
    return this.calls;
  }

  async prepare(image: EngineImage, signal?: AbortSignal): Promise<void> {
    await this.embedding(image, signal);
  }

  async segment(image: EngineImage, prompt: SegmentPrompt, options: SegmentOptions): Promise<SegmentResult> {
    const start = performance.now();
    const frame = samFrame(image.width, image.height);
    const points = decoderPrompt(prompt, frame);
    const previous = maskInput(prompt.previous);
    const embedding = await this.float32Embedding(image, options.signal);
    const prepared = performance.now();
    const decoder = await this.loadDecoder();
    options.signal?.throwIfAborted();
    const f32 = (data: Float32Array, dims: number[]) => new Tensor('float32', data, dims);
    const out = await decoder.run({
      image_embeddings: f32(embedding, EMBEDDING_SHAPE),
      point_coords: f32(points.coords, [1, points.count, 2]),
      point_labels: f32(points.labels, [1, points.count]),
      mask_input: f32(previous.mask, [1, 1, LOW_RES_SIDE, LOW_RES_SIDE]),
      has_mask_input: f32(Float32Array.of(previous.has), [1]),
      orig_im_size: f32(Float32Array.of(frame.height, frame.width), [2]),
    });
    const { candidates, next } = samCandidates(
      {
        masks: out.masks!.data as Float32Array,
        maskDims: out.masks!.dims,
        scores: out.iou_predictions!.data as Float32Array,
        lowRes: out.low_res_masks!.data as Float32Array,
      },
      frame,
      options.multimask,
      points.singlePoint,
    );
    return {
      candidates,
      next,
      modelId: this.modelId,
      timings: { prepareMs: prepared - start, segmentMs: performance.now() - prepared },
    };
  }

  async dispose(): Promise<void> {
    this.images.clear();
    this.current = null;
    this.options.client.destroy();
    const decoder = this.decoder;
    this.decoder = null;
    if (decoder) await (await decoder.catch(() => undefined))?.release();
  }

  private async float32Embedding(image: EngineImage, signal?: AbortSignal): Promise<Float32Array> {
    if (this.current?.sha256 === image.sha256) return this.current.data;
    const e = await this.embedding(image, signal);
    const data = e.dtype === 'float32' ? e.data : float16ToFloat32(e.data);
    this.current = { sha256: image.sha256, data };
    return data;
  }

  /**
   * From the cache (memory, then disk), else one endpoint call shared by everyone asking meanwhile. A caller's
   * signal ends only its own wait; the call itself is aborted when every caller has gone (the user moved on
   * before a prefetch finished), so its download does not compete with the image now open.
   */
  private async embedding(image: EngineImage, signal?: AbortSignal): Promise<Embedding> {
    signal?.throwIfAborted();
    const key: EmbeddingKey = { imageSha256: image.sha256, modelId: this.modelId };
    const hit = this.options.cache.peek(key);
    if (hit) return hit;
    let job = this.fetching.get(image.sha256);
    if (!job) {
      const controller = new AbortController();
      const created: FetchJob = {
        controller,
        waiters: 0,
        promise: this.fetchEmbedding(image, key, controller.signal).finally(() => {
          if (this.fetching.get(image.sha256) === created) this.fetching.delete(image.sha256);
        }),
      };
      this.fetching.set(image.sha256, created);
      job = created;
    }
    const mine = job;
    mine.waiters++;
    try {
      return await untilAborted(mine.promise, signal);
    } finally {
      if (--mine.waiters === 0 && signal?.aborted) {
        if (this.fetching.get(image.sha256) === mine) this.fetching.delete(image.sha256);
        mine.controller.abort();
      }
    }
  }

  private async fetchEmbedding(
    image: EngineImage,
    key: EmbeddingKey,
    signal: AbortSignal,
  ): Promise<Embedding> {
    const stored = await this.options.cache.get(key);
    if (stored) return stored;
    const sent = await this.images.get(image);
    const dtype = this.options.dtype ?? 'float16';
    const request: SamRequest = {
      image: sent.base64,
      prompts: [],
      multimask: false,
      mode: 'embedding',
      dtype,
    };
    this.calls++;
    const { value } = await invokeJson(
      this.options.client,
      this.options.endpointName,
      request,
      samEmbeddingResponseSchema,
      { signal, retry: this.options.retry, retryEnv: this.options.retryEnv },
    );
    const embedding = decodeEmbedding(value, this.options.endpointName);
    // The endpoint embedded the image it was sent; the decoder maps clicks with the original's frame. The
    // aspect ratio is kept when resizing, so both frames agree up to rounding.
    const frame = samFrame(image.width, image.height);
    const [h, w] = embedding.inputSize;
    if (Math.abs(h - frame.resizedHeight) > 1 || Math.abs(w - frame.resizedWidth) > 1)
      throw new StudioError(
        'endpoint_failed',
        `Endpoint '${this.options.endpointName}' embedded the image at ${w}x${h} in its 1024 frame; this ` +
          `${image.width}x${image.height} image needs ${frame.resizedWidth}x${frame.resizedHeight}.`,
      );
    await this.options.cache.put(key, embedding);
    return embedding;
  }

  private loadDecoder(): Promise<InferenceSession> {
    this.decoder ??= openOnnxModel(this.options.decoderPath, this.options.decoderContract, {
      intraOpNumThreads: 1,
    }).catch((err: unknown) => {
      this.decoder = null;
      throw err;
    });
    return this.decoder;
  }
}

interface FetchJob {
  promise: Promise<Embedding>;
  controller: AbortController;
  waiters: number;
}

/** `promise`, or a cancelled StudioError as soon as `signal` aborts (the promise itself runs on). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(new StudioError('cancelled', 'Fetching the image embedding was cancelled.'));
    if (signal.aborted) return abort();
    signal.addEventListener('abort', abort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}

/** The wire's base64 little-endian floats as a cache entry, checked against the decoder's input shape. */
function decodeEmbedding(
  value: { embedding: string; dtype: EmbeddingDtype; shape: number[]; input_size: [number, number] },
  endpoint: string,
): Embedding {
  const bytes = Buffer.from(value.embedding, 'base64');
  const count = value.shape.reduce((a, b) => a * b, 1);
  const width = value.dtype === 'float16' ? 2 : 4;
  if (value.shape.join() !== EMBEDDING_SHAPE.join() || bytes.length !== count * width)
    throw new StudioError(
      'endpoint_failed',
      `Endpoint '${endpoint}' answered a ${value.dtype} embedding of shape [${value.shape.join(', ')}] in ` +
        `${bytes.length} bytes; the decoder takes [${EMBEDDING_SHAPE.join(', ')}].`,
    );
  // Copied into a fresh buffer: base64 decoding gives no alignment guarantee for typed-array views.
  const aligned = new Uint8Array(bytes).buffer;
  return value.dtype === 'float16'
    ? { dtype: 'float16', data: new Uint16Array(aligned), shape: value.shape, inputSize: value.input_size }
    : { dtype: 'float32', data: new Float32Array(aligned), shape: value.shape, inputSize: value.input_size };
}
