// SAM's embedding mode: a big encoder on the endpoint embeds each image once (float16 by default: 2 MiB), the
// embedding is kept in the shared embedding cache (memory + the project's folder, so a reopened image never
// pays the first click again), and every click runs the small prompt decoder locally through the local-sam
// engine's own prompt mapping and mask post-processing. prepare() fetches ahead for the images the user will
// open next (the segment service calls it for them).
import { float16ToFloat32 } from '../../../shared/endpoints/float16';
import {
  samEmbeddingResponseSchema,
  type EmbeddingDtype,
  type SamRequest,
} from '../../../shared/endpoints/wire';
import { StudioError } from '../../../shared/errors';
import type { Embedding, EmbeddingCache, EmbeddingKey } from '../embedding-cache';
import { SAM_EMBEDDING_SHAPE, SamDecoder } from '../local-sam/decoder';
import { cancelled } from '../local-sam/encoder-worker';
import { samFrame } from '../local-sam/prompt';
import type { ModelFile } from '../models/manifest';
import { SharedWork } from '../shared-work';
import type { EngineImage, SegmentOptions, SegmentPrompt, SegmentResult, Segmenter } from '../segmenter';
import { deadlineError, withDeadline } from './deadline';
import { transportOf } from './invoke-json';
import { PreparedImages } from './image-prep';
import type { EndpointClientOptions } from './sagemaker-sam';

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
  private readonly fetching = new SharedWork<Embedding>();
  private readonly decoder: SamDecoder;
  /** The float32 copy of the last image's embedding: clicks on one image convert it once. */
  private current: { sha256: string; data: Float32Array } | null = null;
  private calls = 0;

  constructor(private readonly options: EmbeddingModeOptions) {
    this.modelId = options.modelId;
    this.images = new PreparedImages(options);
    this.decoder = new SamDecoder(options.decoderPath, options.decoderContract, options.modelId);
  }

  /** Endpoint calls made so far (each is one image embedded remotely). */
  get endpointCalls(): number {
    return this.calls;
  }

  async prepare(image: EngineImage, signal?: AbortSignal): Promise<void> {
    await this.embedding(image, signal);
  }

  segment(image: EngineImage, prompt: SegmentPrompt, options: SegmentOptions): Promise<SegmentResult> {
    // A click waits for the image's embedding at most the click deadline (the fetch goes on for others waiting).
    const deadlineMs = options.interactive ? this.options.clickDeadlineMs : undefined;
    return withDeadline(
      deadlineMs,
      options.signal,
      () => deadlineError(this.options.endpointName, deadlineMs!),
      (signal) =>
        this.decoder.segment(image, prompt, { ...options, signal }, (s) => this.float32Embedding(image, s)),
    );
  }

  async dispose(): Promise<void> {
    this.images.clear();
    this.current = null;
    this.options.client.destroy();
    await this.decoder.release();
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
    return this.fetching.join(
      image.sha256,
      (fetch) => this.fetchEmbedding(image, key, fetch),
      signal,
      () => cancelled('Fetching the image embedding'),
    );
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
    const { value } = await transportOf(this.options).invoke(
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
}

/** The wire's base64 little-endian floats as a cache entry, checked against the decoder's input shape. */
function decodeEmbedding(
  value: { embedding: string; dtype: EmbeddingDtype; shape: number[]; input_size: [number, number] },
  endpoint: string,
): Embedding {
  const bytes = Buffer.from(value.embedding, 'base64');
  const count = value.shape.reduce((a, b) => a * b, 1);
  const width = value.dtype === 'float16' ? 2 : 4;
  if (value.shape.join() !== SAM_EMBEDDING_SHAPE.join() || bytes.length !== count * width)
    throw new StudioError(
      'endpoint_failed',
      `Endpoint '${endpoint}' answered a ${value.dtype} embedding of shape [${value.shape.join(', ')}] in ` +
        `${bytes.length} bytes; the decoder takes [${SAM_EMBEDDING_SHAPE.join(', ')}].`,
    );
  // Copied into a fresh buffer: base64 decoding gives no alignment guarantee for typed-array views.
  const aligned = new Uint8Array(bytes).buffer;
  return value.dtype === 'float16'
    ? { dtype: 'float16', data: new Uint16Array(aligned), shape: value.shape, inputSize: value.input_size }
    : { dtype: 'float32', data: new Float32Array(aligned), shape: value.shape, inputSize: value.input_size };
}
