// An endpoint's image embeddings (SAM's embedding mode) kept in the shared embedding cache: each image is
// embedded once by the endpoint (over InvokeEndpoint, or asynchronous inference when the options name that
// transport), checked against the decoder's input shape and frame, and stored under the encoder's model id. The
// embedding-mode segmenter reads them for clicks; the precompute job fills the cache ahead of the clicks.
import {
  samEmbeddingResponseSchema,
  type EmbeddingDtype,
  type SamRequest,
} from '../../../shared/endpoints/wire';
import { StudioError } from '../../../shared/errors';
import type { Embedding, EmbeddingCache, EmbeddingKey } from '../embedding-cache';
import { SAM_EMBEDDING_SHAPE } from '../local-sam/decoder';
import { cancelled } from '../local-sam/encoder-worker';
import { samFrame } from '../local-sam/prompt';
import { SharedWork } from '../shared-work';
import type { EngineImage } from '../segmenter';
import { transportOf } from './invoke-json';
import { PreparedImages } from './image-prep';
import type { EndpointClientOptions } from './sagemaker-sam';

export interface EndpointEmbeddingOptions extends EndpointClientOptions {
  /** Cache key of the endpoint's encoder (lower-case, digits, dashes): embeddings of two models never mix. */
  modelId: string;
  cache: EmbeddingCache;
  dtype?: EmbeddingDtype;
}

export class EndpointEmbeddings {
  private readonly images: PreparedImages;
  private readonly fetching = new SharedWork<Embedding>();
  private calls = 0;

  constructor(private readonly options: EndpointEmbeddingOptions) {
    this.images = new PreparedImages(options);
  }

  /** Endpoint calls made so far (each is one image embedded remotely). */
  get endpointCalls(): number {
    return this.calls;
  }

  /** Whether the cache has the image's embedding (memory or disk), without calling the endpoint. */
  async cached(image: EngineImage): Promise<boolean> {
    return (
      (await this.options.cache.get({ imageSha256: image.sha256, modelId: this.options.modelId })) !== null
    );
  }

  clear(): void {
    this.images.clear();
  }

  /**
   * From the cache (memory, then disk), else one endpoint call shared by everyone asking meanwhile. A caller's
   * signal ends only its own wait; the call itself is aborted when every caller has gone (the user moved on
   * before a prefetch finished), so its download does not compete with the image now open.
   */
  async get(image: EngineImage, signal?: AbortSignal): Promise<Embedding> {
    signal?.throwIfAborted();
    const key: EmbeddingKey = { imageSha256: image.sha256, modelId: this.options.modelId };
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
