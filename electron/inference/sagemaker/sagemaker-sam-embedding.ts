// SAM's embedding mode: a big encoder on the endpoint embeds each image once (float16 by default: 2 MiB), the
// embedding is kept in the shared embedding cache (memory + the project's folder, so a reopened image never
// pays the first click again), and every click runs the small prompt decoder locally through the local-sam
// engine's own prompt mapping and mask post-processing. prepare() fetches ahead for the images the user will
// open next (the segment service calls it for them).
import { float16ToFloat32 } from '../../../shared/endpoints/float16';
import { SamDecoder } from '../local-sam/decoder';
import type { ModelFile } from '../models/manifest';
import type { EngineImage, SegmentOptions, SegmentPrompt, SegmentResult, Segmenter } from '../segmenter';
import { deadlineError, withDeadline } from './deadline';
import { EndpointEmbeddings, type EndpointEmbeddingOptions } from './endpoint-embeddings';

export interface EmbeddingModeOptions extends EndpointEmbeddingOptions {
  /** The local prompt decoder matching the endpoint's encoder family, and its I/O contract. */
  decoderPath: string;
  decoderContract: Pick<ModelFile, 'inputs' | 'outputs'>;
}

export class SagemakerEmbeddingSegmenter implements Segmenter {
  readonly engine = 'sagemaker-sam-embedding';
  readonly modelId: string;
  private readonly embeddings: EndpointEmbeddings;
  private readonly decoder: SamDecoder;
  /** The float32 copy of the last image's embedding: clicks on one image convert it once. */
  private current: { sha256: string; data: Float32Array } | null = null;

  constructor(private readonly options: EmbeddingModeOptions) {
    this.modelId = options.modelId;
    this.embeddings = new EndpointEmbeddings(options);
    this.decoder = new SamDecoder(options.decoderPath, options.decoderContract, options.modelId);
  }

  /** Endpoint calls made so far (each is one image embedded remotely). */
  get endpointCalls(): number {
    return this.embeddings.endpointCalls;
  }

  async prepare(image: EngineImage, signal?: AbortSignal): Promise<void> {
    await this.embeddings.get(image, signal);
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
    this.embeddings.clear();
    this.current = null;
    this.options.client.destroy();
    this.options.transport?.destroy?.();
    await this.decoder.release();
  }

  private async float32Embedding(image: EngineImage, signal?: AbortSignal): Promise<Float32Array> {
    if (this.current?.sha256 === image.sha256) return this.current.data;
    const e = await this.embeddings.get(image, signal);
    const data = e.dtype === 'float32' ? e.data : float16ToFloat32(e.data);
    this.current = { sha256: image.sha256, data };
    return data;
  }
}
