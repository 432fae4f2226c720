// Grounded-SAM behind a SageMaker endpoint, as a Detector: free text ('silver car . driving lane') or class
// names in, labelled boxes with masks out, mapped back onto the original pixels. Open-set: `classes` is null and
// each detection's classId is the index of its phrase in the text (-1 when the endpoint names another phrase).
import { scaleBetween, scaleBox } from '../../../shared/endpoints/scale-mask';
import { groundedResponseSchema, splitPhrases, type GroundedRequest } from '../../../shared/endpoints/wire';
import { StudioError } from '../../../shared/errors';
import type { Detection, DetectOptions, Detector, EngineImage } from '../segmenter';
import { transportOf } from './invoke-json';
import { candidateFromWire } from './masks';
import { PreparedImages } from './image-prep';
import type { EndpointClientOptions } from './sagemaker-sam';

export const DEFAULT_BOX_THRESHOLD = 0.35;
export const DEFAULT_TEXT_THRESHOLD = 0.25;

export class SagemakerGroundedDetector implements Detector {
  readonly engine = 'sagemaker-grounded-sam';
  readonly modelId: string;
  readonly classes = null;
  private readonly images: PreparedImages;

  constructor(private readonly options: EndpointClientOptions & { withMasks?: boolean }) {
    this.modelId = options.modelId ?? options.endpointName;
    this.images = new PreparedImages(options);
  }

  async detect(image: EngineImage, options: DetectOptions): Promise<Detection[]> {
    const text = options.text?.trim() || options.classes?.join(' . ');
    if (!text)
      throw new StudioError('invalid_input', 'Grounded detection needs a text prompt or class names.');
    const phrases = splitPhrases(text);
    const sent = await this.images.get(image);
    const request: GroundedRequest = {
      image: sent.base64,
      text,
      box_threshold: options.scoreThreshold ?? DEFAULT_BOX_THRESHOLD,
      text_threshold: DEFAULT_TEXT_THRESHOLD,
      with_masks: this.options.withMasks ?? true,
    };
    const { value } = await transportOf(this.options).invoke(
      this.options.endpointName,
      request,
      groundedResponseSchema,
      {
        signal: options.signal,
        retry: this.options.retry,
        retryEnv: this.options.retryEnv,
        deadlineMs: options.interactive ? this.options.clickDeadlineMs : undefined,
      },
    );
    const toOriginal = scaleBetween(sent, image);
    return value.detections.map((d) => {
      const label = d.label.trim().toLowerCase();
      // Grounding DINO may name part of a phrase ('car' for 'silver car'): the phrase containing it counts.
      const classId =
        phrases.indexOf(label) >= 0 ? phrases.indexOf(label) : phrases.findIndex((p) => p.includes(label));
      const mask = d.rle
        ? candidateFromWire({ rle: d.rle, score: d.score }, sent, image, this.options.endpointName)
        : undefined;
      return {
        label: d.label,
        classId,
        score: Math.min(1, Math.max(0, d.score)),
        box: scaleBox(d.box, toOriginal),
        ...(mask ? { rle: mask.rle } : {}),
      };
    });
  }

  async dispose(): Promise<void> {
    this.images.clear();
    this.options.client.destroy();
    this.options.transport?.destroy?.();
  }
}
