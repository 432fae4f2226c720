// The SAM prompt decoder: one click's run from a float32 image embedding to mask candidates. Shared by the local
// 'sam-onnx' engine and SageMaker's embedding mode, which differ only in where the embedding comes from.
import type { InferenceSession } from 'onnxruntime-node';
import { Tensor } from 'onnxruntime-node';
import { StudioError } from '../../../shared/errors';
import type { ModelFile } from '../models/manifest';
import { openOnnxModel } from '../models/onnx-session';
import type { EngineImage, SegmentOptions, SegmentPrompt, SegmentResult } from '../segmenter';
import { cancelled } from './encoder-worker';
import { samCandidates } from './masks';
import { decoderPrompt, LOW_RES_SIDE, maskInput, samFrame } from './prompt';

/** The embedding every SAM-family decoder takes. */
export const SAM_EMBEDDING_SHAPE = [1, 256, 64, 64];

/** Gives the image's float32 embedding (shape SAM_EMBEDDING_SHAPE), honouring `signal`. */
export type EmbeddingSource = (signal?: AbortSignal) => Promise<Float32Array>;

export class SamDecoder {
  private session: Promise<InferenceSession> | null = null;

  constructor(
    private readonly path: string,
    private readonly contract: Pick<ModelFile, 'inputs' | 'outputs'>,
    private readonly modelId: string,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Opens the decoder once (a failed open is retried on the next call). */
  load(): Promise<InferenceSession> {
    this.session ??= openOnnxModel(this.path, this.contract, {
      // A click's decoder run is small; one thread leaves the other core to the UI and the encoder.
      intraOpNumThreads: 1,
    }).catch((err: unknown) => {
      this.session = null;
      throw err;
    });
    return this.session;
  }

  async release(): Promise<void> {
    const session = this.session;
    this.session = null;
    if (session) await (await session.catch(() => undefined))?.release();
  }

  /** Maps the prompt (a bad one is refused before any work), waits for the embedding and decodes the click. */
  async segment(
    image: EngineImage,
    prompt: SegmentPrompt,
    options: SegmentOptions,
    embedding: EmbeddingSource,
  ): Promise<SegmentResult> {
    const start = this.now();
    const frame = samFrame(image.width, image.height);
    const points = decoderPrompt(prompt, frame);
    const previous = maskInput(prompt.previous);
    const data = await embedding(options.signal);
    const prepared = this.now();
    const decoder = await this.load();
    if (options.signal?.aborted) throw cancelled('Segmenting');
    const f32 = (values: Float32Array, dims: number[]) => new Tensor('float32', values, dims);
    let out: InferenceSession.ReturnType;
    try {
      out = await decoder.run({
        image_embeddings: f32(data, SAM_EMBEDDING_SHAPE),
        point_coords: f32(points.coords, [1, points.count, 2]),
        point_labels: f32(points.labels, [1, points.count]),
        mask_input: f32(previous.mask, [1, 1, LOW_RES_SIDE, LOW_RES_SIDE]),
        has_mask_input: f32(Float32Array.of(previous.has), [1]),
        orig_im_size: f32(Float32Array.of(frame.height, frame.width), [2]),
      });
    } catch (err) {
      throw new StudioError(
        'engine_failed',
        `The mask decoder of '${this.modelId}' failed: ${(err as Error).message}`,
      );
    }
    if (options.signal?.aborted) throw cancelled('Segmenting');
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
      timings: { prepareMs: prepared - start, segmentMs: this.now() - prepared },
    };
  }
}
