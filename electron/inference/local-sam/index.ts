// The 'sam-onnx' engine: a SAM-family encoder/decoder pair in onnxruntime-node. The encoder runs once per image
// in a worker thread and its embedding is cached (memory + project folder); the small decoder runs in process
// for every click. Both are checked against their manifest contracts when first used.
import { availableParallelism } from 'node:os';
import sharp from 'sharp';
import { StudioError } from '../../../shared/errors';
import type { Embedding, EmbeddingCache, EmbeddingKey } from '../embedding-cache';
import { pairPaths } from '../models/locate';
import { modelFile, type ModelEntry } from '../models/manifest';
import { SharedWork } from '../shared-work';
import type { EngineImage, SegmentOptions, SegmentPrompt, SegmentResult, Segmenter } from '../segmenter';
import { cancelled, EncoderWorker } from './encoder-worker';
import { SAM_EMBEDDING_SHAPE, SamDecoder } from './decoder';
import { encoderInput, imagePixels, type SamPreprocess } from './preprocess';
import { samFrame } from './prompt';

export interface LocalSamOptions {
  /** A segmenter entry of the manifest: file names, I/O contracts, preprocess variant, model id. */
  entry: ModelEntry;
  /** The folder holding the entry's files. */
  modelDir: string;
  cache: EmbeddingCache;
  now?: () => number;
  /** Images above this are refused before decoding (default: the studio's decode limit). */
  maxMegapixels?: number;
  /** onnxruntime threads for the encoder (default: all cores but one). */
  encoderThreads?: number;
}

/** Creates the engine; model_missing at once when a file of the pair is not in `modelDir`. */
export function createLocalSamSegmenter(options: LocalSamOptions): Segmenter {
  return new LocalSamSegmenter(options);
}

type Float32Embedding = Extract<Embedding, { dtype: 'float32' }>;

class LocalSamSegmenter implements Segmenter {
  readonly engine = 'sam-onnx';
  readonly modelId: string;
  private readonly variant: SamPreprocess;
  private readonly encoder: EncoderWorker;
  private readonly decoder: SamDecoder;
  /** Encodings under way, one per image. */
  private readonly encodings = new SharedWork<Float32Embedding>();

  constructor(private readonly options: LocalSamOptions) {
    const { entry, modelDir } = options;
    const variant = entry.preprocess;
    if (entry.role !== 'segmenter' || (variant !== 'sam-hwc-in-graph' && variant !== 'sam-nchw-1024'))
      throw new StudioError('model_invalid', `Model '${entry.id}' is not a SAM encoder/decoder pair.`);
    this.modelId = entry.id;
    this.variant = variant;
    const { encoder: encoderPath, decoder: decoderPath } = pairPaths(entry, modelDir);
    this.decoder = new SamDecoder(decoderPath, modelFile(entry, 'decoder'), entry.id, options.now);
    const threads = options.encoderThreads ?? Math.max(1, availableParallelism() - 1);
    this.encoder = new EncoderWorker(encoderPath, modelFile(entry, 'encoder'), threads);
  }

  /** Encodes the image (or finds its embedding) and loads the decoder meanwhile, so the first click is quick. */
  async prepare(image: EngineImage, signal?: AbortSignal): Promise<void> {
    await Promise.all([this.embedding(image, signal), this.decoder.load()]);
  }

  segment(image: EngineImage, prompt: SegmentPrompt, options: SegmentOptions): Promise<SegmentResult> {
    return this.decoder.segment(
      image,
      prompt,
      options,
      async (signal) => (await this.embedding(image, signal)).data,
    );
  }

  async dispose(): Promise<void> {
    this.encodings.abortAll();
    await this.encoder.stop();
    await this.decoder.release();
  }

  /**
   * The image's embedding: from the cache, or from one encoding shared by every caller asking for the same
   * image meanwhile. A caller's signal only cancels its own wait; when no caller is left the encoding is
   * cancelled (dropped before it reaches the encoder, kept and cached once running: see EncoderWorker).
   */
  private async embedding(image: EngineImage, signal?: AbortSignal): Promise<Float32Embedding> {
    if (signal?.aborted) throw cancelled('Preparing the image');
    const key: EmbeddingKey = { imageSha256: image.sha256, modelId: this.modelId };
    const cached = this.options.cache.peek(key);
    if (cached) return checkEmbedding(cached, this.modelId);
    return this.encodings.join(
      image.sha256,
      (encoding) => this.encode(image, key, encoding),
      signal,
      () => cancelled('Preparing the image'),
    );
  }

  private async encode(
    image: EngineImage,
    key: EmbeddingKey,
    signal: AbortSignal,
  ): Promise<Float32Embedding> {
    const stored = await this.options.cache.get(key);
    if (stored) return checkEmbedding(stored, this.modelId);
    if (signal.aborted) throw cancelled('Preparing the image');
    const pixels = await imagePixels(image, this.options.maxMegapixels);
    const frame = samFrame(pixels.width, pixels.height);
    // SAM resizes with bilinear interpolation (PIL via torchvision), enlarging small images too.
    const resized = await sharp(pixels.data, {
      raw: { width: pixels.width, height: pixels.height, channels: 3 },
    })
      .resize(frame.resizedWidth, frame.resizedHeight, { fit: 'fill', kernel: 'linear' })
      .raw()
      .toBuffer();
    if (signal.aborted) throw cancelled('Preparing the image');
    const input = encoderInput(this.variant, resized, frame.resizedWidth, frame.resizedHeight);
    const output = await this.encoder.encode(input.data, input.dims, signal);
    const embedding: Float32Embedding = {
      dtype: 'float32',
      data: output.data,
      shape: output.dims,
      inputSize: [frame.resizedHeight, frame.resizedWidth],
    };
    checkEmbedding(embedding, this.modelId);
    // Kept even when cancelled meanwhile: the work is done, and the user may come back to this image.
    await this.options.cache.put(key, embedding);
    return embedding;
  }
}

function checkEmbedding(embedding: Embedding, modelId: string): Float32Embedding {
  if (embedding.dtype !== 'float32' || embedding.shape.join() !== SAM_EMBEDDING_SHAPE.join())
    throw new StudioError(
      'model_invalid',
      `The encoder of '${modelId}' gave a ${embedding.dtype} embedding of shape [${embedding.shape.join(', ')}]; the decoder takes float32 [${SAM_EMBEDDING_SHAPE.join(', ')}].`,
    );
  return embedding as Float32Embedding;
}
