// The segment group: a click or a box on an image -> ranked candidate masks from the active local engine
// (sam-onnx when its weights are present, else classical), refined click by click; the local detector's boxes
// as proposals; which engine answers and why.
import { z } from 'zod';
import type { Annotation, Box, Rle } from '../domain';
import { boxSchema, id, method, none, project } from './kit';
import { promptInputSchema } from './prompts';

/** Images encoded ahead at most: the opened one and a few next in the list. */
export const MAX_PREPARE_IMAGES = 8;

export interface SegmentCandidate {
  rle: Rle;
  /** Tight box of the mask, [x1, y1, x2, y2], x2/y2 exclusive. */
  box: Box;
  area: number;
  /** The engine's own quality estimate, 0..1 (SAM: predicted IoU). */
  score: number;
  /** The engine drew a shape from the prompt alone (a box's likely shape, a disk round a click), not a cut. */
  shapeGuess?: boolean;
}

export interface SegmentRunResult {
  /** Best first: 1, or 3 when `multimask` was asked of an engine that has them. */
  candidates: SegmentCandidate[];
  /** 'sam-onnx' or 'classical'. */
  engine: string;
  modelId: string;
  /** Whether the previous answer for this image was fed back (the click refined it). */
  refined: boolean;
  /** The image region the engine saw when `view` was asked ('segment in view'), else null (the whole image). */
  view: Box | null;
  /** prepareMs: per-image work (encoder or decode; ~0 once cached); segmentMs: the prompt itself; totalMs: the call. */
  timings: { prepareMs: number; segmentMs: number; totalMs: number };
}

export interface DetectedBox {
  label: string;
  /** Index in the detector's class list (COCO-80). */
  classId: number;
  score: number;
  box: Box;
  /** The object's mask, when the detector gives one (a Grounded-SAM endpoint). */
  rle?: Rle;
}

export interface DetectResult {
  detections: DetectedBox[];
  engine: string;
  modelId: string;
  durationMs: number;
  /** The proposals saved when `propose` was asked (box annotations, review state 'proposed'), else []. */
  proposals: Annotation[];
}

export interface EngineStatus {
  /** The engine that answers, or null when there is none (detector weights missing). */
  engine: string | null;
  modelId: string | null;
  /** Why this engine, in words for the UI: 'classical: MobileSAM weights not found in /x/models/mobile-sam'. */
  reason: string;
}

export interface SegmentStatus {
  segmenter: EngineStatus;
  detector: EngineStatus;
  /** The folder models are looked up in, and what chose it. */
  modelsDir: string;
  modelsDirSource: 'env' | 'setting' | 'default';
}

export const segmentMethods = {
  /**
   * Segments the object the prompt points at. A prompt that extends the previous one of this image (same box,
   * the earlier points kept in order, more added) refines the previous answer's candidate `selected`.
   */
  run: method<SegmentRunResult>().of(
    z.object({
      project,
      imageId: id,
      prompt: promptInputSchema,
      multimask: z.boolean().default(true),
      /** The candidate the user is looking at (Tab cycles them): the one the next click refines. */
      selected: z.number().int().min(0).max(2).default(0),
      /**
       * A hover preview: answers as a click would, but leaves the image's refinement state as it was and records
       * no model run.
       */
      preview: z.boolean().default(false),
      /**
       * 'Segment in view': the visible region [x1, y1, x2, y2] of a zoomed-in image. The engine sees only that
       * crop (grown to hold the prompt), at its full input size, and the masks come back in image pixels.
       */
      view: boxSchema.optional(),
    }),
  ),
  /** Forgets the image's previous answer (the prompt was cleared or its mask accepted). */
  reset: method<void>().of(z.object({ project, imageId: id })),
  /**
   * Starts the per-image work (SAM encoder) in the background for these images, first first; work for images
   * no longer listed is cancelled (the user moved on). Returns at once.
   */
  prepare: method<{ preparing: number[] }>().of(
    z.object({ project, imageIds: z.array(id).max(MAX_PREPARE_IMAGES) }),
  ),
  /** Runs the local detector; with `propose`, saves its boxes as proposed annotations in one transaction. */
  detect: method<DetectResult>().of(
    z.object({
      project,
      imageId: id,
      /** COCO class names as people type them ('cars', 'traffic lights'); all 80 when absent. */
      classes: z.array(z.string().trim().min(1).max(100)).min(1).max(80).optional(),
      /**
       * Free text for the Grounded-SAM endpoint of Settings ('silver car . driving lane'), in place of the local
       * detector: labelled boxes with masks, saved as mask proposals.
       */
      text: z.string().trim().min(1).max(1000).optional(),
      minScore: z.number().min(0).max(1).optional(),
      propose: z.boolean().default(false),
    }),
  ),
  /** Which engines answer, and why. */
  status: method<SegmentStatus>().of(none),
} as const;
