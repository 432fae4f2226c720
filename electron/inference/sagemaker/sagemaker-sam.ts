// SAM behind a SageMaker endpoint, as a Segmenter: each click sends the image (prepared once per image and kept
// for the next clicks) with the prompt scaled into the sent frame, and maps the answered masks back onto the
// original pixels. The previous mask travels as RLE so the endpoint can refine it.
import type { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { scaleBetween, scaleBox, scalePoint, scaleRle } from '../../../shared/endpoints/scale-mask';
import { samMasksResponseSchema, type SamPrompt, type SamRequest } from '../../../shared/endpoints/wire';
import { StudioError } from '../../../shared/errors';
import type { Box } from '../../../shared/domain';
import type {
  EngineImage,
  MaskCandidate,
  SegmentOptions,
  SegmentPrompt,
  SegmentResult,
  Segmenter,
} from '../segmenter';
import { PreparedImages } from './image-prep';
import { transportOf } from './invoke-json';
import { candidateFromWire } from './masks';
import type { RetryEnv, RetryPolicy } from './retry';
import type { JsonTransport } from './invoke-json';

export interface EndpointClientOptions {
  client: SageMakerRuntimeClient;
  endpointName: string;
  /** Recorded in model runs; the endpoint name when absent. */
  modelId?: string;
  maxSide?: number;
  maxMegapixels?: number;
  retry?: RetryPolicy;
  retryEnv?: RetryEnv;
  /** How long an interactive call (a click) may take, retries included; no limit when absent. */
  clickDeadlineMs?: number;
  /** How requests travel: InvokeEndpoint on `client` when absent, else e.g. async inference through S3. */
  transport?: JsonTransport;
}

export class SagemakerSamSegmenter implements Segmenter {
  readonly engine = 'sagemaker-sam';
  readonly modelId: string;
  private readonly images: PreparedImages;

  constructor(private readonly options: EndpointClientOptions) {
    this.modelId = options.modelId ?? options.endpointName;
    this.images = new PreparedImages(options);
  }

  async prepare(image: EngineImage, signal?: AbortSignal): Promise<void> {
    await this.images.get(image);
    signal?.throwIfAborted();
  }

  async segment(image: EngineImage, prompt: SegmentPrompt, options: SegmentOptions): Promise<SegmentResult> {
    if (!prompt.points.length && !prompt.box)
      throw new StudioError('invalid_input', 'A prompt needs at least one point or a box.');
    const started = performance.now();
    const sent = await this.images.get(image);
    const prepareMs = performance.now() - started;
    const toSent = scaleBetween(image, sent);
    const wirePrompt: SamPrompt = {
      ...(prompt.points.length
        ? {
            points: prompt.points.map((p) => scalePoint(p.point, toSent)),
            labels: prompt.points.map((p) => (p.positive ? 1 : 0)),
          }
        : {}),
      ...(prompt.box ? { box: scaleBox(prompt.box, toSent) } : {}),
      ...(prompt.previous?.rle ? { mask: scaleRle(prompt.previous.rle, sent.width, sent.height) } : {}),
    };
    const request: SamRequest = {
      image: sent.base64,
      prompts: [wirePrompt],
      multimask: options.multimask,
      mode: 'masks',
    };
    const { value } = await transportOf(this.options).invoke(
      this.options.endpointName,
      request,
      samMasksResponseSchema,
      {
        signal: options.signal,
        retry: this.options.retry,
        retryEnv: this.options.retryEnv,
        deadlineMs: options.interactive ? this.options.clickDeadlineMs : undefined,
      },
    );
    const answer = value.masks[0];
    if (!answer || value.masks.length !== 1)
      throw new StudioError(
        'endpoint_failed',
        `Endpoint '${this.options.endpointName}' answered ${value.masks.length} mask lists for 1 prompt.`,
      );
    const candidates = answer
      .map((m) => candidateFromWire(m, sent, image, this.options.endpointName))
      .sort((a, b) => b.score - a.score);
    return {
      candidates,
      next: candidates.map((c) => ({ rle: c.rle })),
      modelId: this.modelId,
      timings: { prepareMs, segmentMs: performance.now() - started - prepareMs },
    };
  }

  /**
   * One request for many boxes (a batch job's detections): masks[i] answers boxes[i], best mask of each, mapped
   * onto the original pixels; so an async job costs one request per image, not one per box.
   */
  async segmentBoxes(
    image: EngineImage,
    boxes: readonly Box[],
    signal?: AbortSignal,
  ): Promise<MaskCandidate[]> {
    if (boxes.length === 0) return [];
    const sent = await this.images.get(image);
    const toSent = scaleBetween(image, sent);
    const request: SamRequest = {
      image: sent.base64,
      prompts: boxes.map((box) => ({ box: scaleBox(box, toSent) })),
      multimask: false,
      mode: 'masks',
    };
    const { value } = await transportOf(this.options).invoke(
      this.options.endpointName,
      request,
      samMasksResponseSchema,
      { signal, retry: this.options.retry, retryEnv: this.options.retryEnv },
    );
    if (value.masks.length !== boxes.length)
      throw new StudioError(
        'endpoint_failed',
        `Endpoint '${this.options.endpointName}' answered ${value.masks.length} mask lists for ${boxes.length} boxes.`,
      );
    return value.masks.map(
      (answer) =>
        answer
          .map((m) => candidateFromWire(m, sent, image, this.options.endpointName))
          .sort((a, b) => b.score - a.score)[0]!,
    );
  }

  async dispose(): Promise<void> {
    this.images.clear();
    this.options.client.destroy();
    this.options.transport?.destroy?.();
  }
}
