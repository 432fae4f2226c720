// The 'sam2-onnx' tracker: a SAM 2-family image encoder + mask decoder pair (the manifest's role 'tracker')
// carrying objects from frame to frame for propagation. Each frame is encoded once in a worker (SAM 2's three
// feature maps) for all its objects; each object is decoded with its previous mask as the prompt (prompt.ts:
// the low-res logits it last got, its widened box, a point on it), the best of the decoder's masks by its
// predicted IoU is that object's answer, and the answers go through the loss checks every propagation path
// shares (shared/sequences/track-matching.ts: score, area ratio, overlap, two objects never on one mask).
//
// The export has no memory encoder or memory attention (its I/O contract is in the manifest), so what the
// tracker remembers of an object is its last mask and that mask's logits, and only for the objects it was
// last given: an object lost, stopped or left out is forgotten. Frame features are held for the frame being
// tracked and the one prepared ahead (two at most), and dropped once that frame is tracked.
import { availableParallelism } from 'node:os';
import type { InferenceSession } from 'onnxruntime-node';
import { Tensor } from 'onnxruntime-node';
import sharp from 'sharp';
import type { Rle } from '../../../shared/domain';
import { StudioError } from '../../../shared/errors';
import { rleArea } from '../../../shared/geometry';
import type { LiveObject, StepOutcome } from '../../../shared/sequences/propagation-step';
import {
  DEFAULT_LOSS_CHECKS,
  lossReason,
  matchTracks,
  type Candidate,
  type LossChecks,
} from '../../../shared/sequences/track-matching';
import { cancelled, EncoderWorker, type EncoderOutput } from '../local-sam/encoder-worker';
import { resizeLowRes, thresholdLogits } from '../local-sam/masks';
import { encoderInput, imagePixels } from '../local-sam/preprocess';
import { LOW_RES_SIDE, SAM_INPUT_SIDE } from '../local-sam/prompt';
import { pairPaths } from '../models/locate';
import { modelFile, type ModelEntry, type TensorSpec } from '../models/manifest';
import { openOnnxModel } from '../models/onnx-session';
import type { EngineImage, MaskTracker } from '../segmenter';
import { maskLogits, trackerPrompt } from './prompt';

export interface Sam2TrackerOptions {
  /** A tracker entry of the manifest (preprocess 'sam2-square-1024'). */
  entry: ModelEntry;
  /** The folder holding the entry's files. */
  modelDir: string;
  maxMegapixels?: number;
  encoderThreads?: number;
  checks?: LossChecks;
}

/** The encoder's outputs the decoder takes, by name. */
const FEATURES = ['image_embed', 'high_res_feats_0', 'high_res_feats_1'] as const;
/** Frames whose features are held: the one tracked and the one prepared ahead. */
const FRAMES_HELD = 2;
const LOW_RES_PIXELS = LOW_RES_SIDE * LOW_RES_SIDE;

type Features = Record<(typeof FEATURES)[number], Tensor>;

/** What the tracker remembers of an object: the mask it gave it last, and that mask's low-res logits. */
interface Memory {
  rle: Rle;
  lowRes: Float32Array;
}

const sameMask = (a: Rle, b: Rle) =>
  a.counts === b.counts && a.size[0] === b.size[0] && a.size[1] === b.size[1];

/** Creates the tracker; model_missing at once when a file of the pair is not in `modelDir`. */
export function createSam2Tracker(options: Sam2TrackerOptions): MaskTracker {
  return new Sam2Tracker(options);
}

class Sam2Tracker implements MaskTracker {
  readonly engine = 'sam2-onnx';
  readonly modelId: string;
  private readonly encoder: EncoderWorker;
  private readonly decoderPath: string;
  private readonly decoderContract: Pick<ModelEntry['files'][number], 'inputs' | 'outputs'>;
  private decoder: Promise<InferenceSession> | null = null;
  private readonly frames = new Map<string, Promise<Features>>();
  private readonly memory = new Map<number, Memory>();

  constructor(private readonly options: Sam2TrackerOptions) {
    const { entry, modelDir } = options;
    if (entry.role !== 'tracker' || entry.preprocess !== 'sam2-square-1024')
      throw new StudioError('model_invalid', `Model '${entry.id}' is not a SAM 2 encoder/decoder pair.`);
    this.modelId = entry.id;
    const { encoder: encoderPath, decoder: decoderPath } = pairPaths(entry, modelDir);
    const encoder = modelFile(entry, 'encoder');
    const missing = FEATURES.filter((name) => !encoder.outputs.some((o: TensorSpec) => o.name === name));
    if (missing.length)
      throw new StudioError(
        'model_invalid',
        `The encoder of '${entry.id}' has no output ${missing.join(', ')} in the manifest; SAM 2's decoder takes ${FEATURES.join(', ')}.`,
      );
    this.decoderPath = decoderPath;
    this.decoderContract = modelFile(entry, 'decoder');
    const threads = options.encoderThreads ?? Math.max(1, availableParallelism() - 1);
    this.encoder = new EncoderWorker(encoderPath, encoder, threads);
  }

  async prepare(image: EngineImage, signal?: AbortSignal): Promise<void> {
    await Promise.all([this.features(image, signal), this.loadDecoder()]);
  }

  async track(
    image: EngineImage,
    objects: readonly LiveObject<number>[],
    signal?: AbortSignal,
  ): Promise<StepOutcome<number>[]> {
    const [features, decoder] = await Promise.all([this.features(image, signal), this.loadDecoder()]);
    const answers: ({ candidate: Candidate; lowRes: Float32Array } | null)[] = [];
    for (const o of objects) {
      if (signal?.aborted) throw cancelled('Propagating');
      answers.push(await this.decode(decoder, features, image, o));
    }
    this.frames.delete(image.sha256);
    // The answers paired with the objects (IoU, greedy) and checked; an object whose own answer is empty
    // says so rather than that nothing overlaps it.
    const nonEmpty = answers.flatMap((a) => (a && rleArea(a.candidate.rle) > 0 ? [a] : []));
    const checks = this.options.checks ?? DEFAULT_LOSS_CHECKS;
    const steps = matchTracks(
      objects.map((o) => o.rle),
      nonEmpty.map((c) => c.candidate),
      checks,
    );
    this.memory.clear();
    return steps.map((step, i): StepOutcome<number> => {
      const { id, rle } = objects[i]!;
      if (!step.kept) {
        const own = answers[i];
        const reason = own ? (lossReason(rle, own.candidate, checks) ?? step.reason) : 'its mask is empty';
        return { id, kept: false, reason };
      }
      const { candidate, lowRes } = nonEmpty[step.candidate]!;
      this.memory.set(id, { rle: candidate.rle, lowRes });
      return { id, kept: true, rle: candidate.rle, score: candidate.score };
    });
  }

  async dispose(): Promise<void> {
    this.frames.clear();
    this.memory.clear();
    await this.encoder.stop();
    const decoder = this.decoder;
    this.decoder = null;
    if (decoder) await (await decoder.catch(() => undefined))?.release();
  }

  private loadDecoder(): Promise<InferenceSession> {
    this.decoder ??= openOnnxModel(this.decoderPath, this.decoderContract, {
      intraOpNumThreads: 1,
    }).catch((err: unknown) => {
      this.decoder = null;
      throw err;
    });
    return this.decoder;
  }

  /** One object on the frame: its prompt, the decoder's masks, the best by predicted IoU at frame size. */
  private async decode(
    decoder: InferenceSession,
    features: Features,
    image: EngineImage,
    object: LiveObject<number>,
  ): Promise<{ candidate: Candidate; lowRes: Float32Array } | null> {
    const prompt = trackerPrompt(object.rle);
    if (!prompt) return null;
    const held = this.memory.get(object.id);
    const previous = held && sameMask(held.rle, object.rle) ? held.lowRes : maskLogits(object.rle);
    const f32 = (values: Float32Array, dims: number[]) => new Tensor('float32', values, dims);
    let out: InferenceSession.ReturnType;
    try {
      out = await decoder.run({
        ...features,
        point_coords: f32(prompt.coords, [1, prompt.count, 2]),
        point_labels: f32(prompt.labels, [1, prompt.count]),
        mask_input: f32(previous, [1, 1, LOW_RES_SIDE, LOW_RES_SIDE]),
        has_mask_input: f32(Float32Array.of(1), [1]),
      });
    } catch (err) {
      throw new StudioError(
        'engine_failed',
        `The mask decoder of '${this.modelId}' failed: ${(err as Error).message}`,
      );
    }
    const masks = out.masks;
    const scores = out.iou_predictions;
    const tokens = masks?.dims[1] ?? 0;
    if (
      !masks ||
      !scores ||
      masks.dims.length !== 4 ||
      masks.dims[2] !== LOW_RES_SIDE ||
      masks.dims[3] !== LOW_RES_SIDE ||
      scores.data.length !== tokens ||
      tokens < 1
    )
      throw new StudioError(
        'model_invalid',
        `The decoder of '${this.modelId}' answered masks [${masks?.dims.join(', ')}] and scores [${scores?.dims.join(', ')}]; SAM 2's are [1, C, ${LOW_RES_SIDE}, ${LOW_RES_SIDE}] and [1, C].`,
      );
    const values = scores.data as Float32Array;
    let best = 0;
    for (let t = 1; t < tokens; t++) if (values[t]! > values[best]!) best = t;
    const lowRes = (masks.data as Float32Array).slice(best * LOW_RES_PIXELS, (best + 1) * LOW_RES_PIXELS);
    const { rle } = thresholdLogits(
      resizeLowRes(lowRes, image.width, image.height),
      0,
      image.width,
      image.height,
    );
    return { candidate: { rle, score: Math.min(1, Math.max(0, values[best]!)) }, lowRes };
  }

  /** The frame's features: held if prepared ahead, else encoded now; at most FRAMES_HELD frames are held. */
  private async features(image: EngineImage, signal?: AbortSignal): Promise<Features> {
    if (signal?.aborted) throw cancelled('Preparing the frame');
    let held = this.frames.get(image.sha256);
    if (!held) {
      held = this.encode(image, signal);
      this.frames.set(image.sha256, held);
      held.catch(() => {
        if (this.frames.get(image.sha256) === held) this.frames.delete(image.sha256);
      });
      for (const key of this.frames.keys())
        if (this.frames.size > FRAMES_HELD && key !== image.sha256) this.frames.delete(key);
    }
    const features = await held;
    if (signal?.aborted) throw cancelled('Preparing the frame');
    return features;
  }

  private async encode(image: EngineImage, signal?: AbortSignal): Promise<Features> {
    const pixels = await imagePixels(image, this.options.maxMegapixels);
    // SAM 2 resizes every frame to the 1024 square, bilinear, without keeping the aspect ratio.
    const square = await sharp(pixels.data, {
      raw: { width: pixels.width, height: pixels.height, channels: 3 },
    })
      .resize(SAM_INPUT_SIDE, SAM_INPUT_SIDE, { fit: 'fill', kernel: 'linear' })
      .raw()
      .toBuffer();
    const input = encoderInput('sam-nchw-1024', square, SAM_INPUT_SIDE, SAM_INPUT_SIDE);
    const outputs = await this.encoder.encodeAll(input.data, input.dims, signal);
    const tensor = (name: (typeof FEATURES)[number]) => {
      const out: EncoderOutput | undefined = outputs[name];
      if (!out) throw new StudioError('model_invalid', `The encoder of '${this.modelId}' gave no ${name}.`);
      return new Tensor('float32', out.data, out.dims);
    };
    return {
      image_embed: tensor('image_embed'),
      high_res_feats_0: tensor('high_res_feats_0'),
      high_res_feats_1: tensor('high_res_feats_1'),
    };
  }
}
