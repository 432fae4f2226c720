// The contracts every inference engine implements (docs/ARCHITECTURE.md, "A new engine"). Engines are plain
// Node modules that take their dependencies (model paths, clocks, caches) as arguments; the segment service
// picks one per request and keeps the per-image session state (previous mask, embedding) around them.
import type { EngineStatus } from '../../shared/api/segment';
import type { Box, Point, Rle } from '../../shared/domain';
import type { LiveObject, StepOutcome } from '../../shared/sequences/propagation-step';

/** One image as the engines see it: pixels come from `path`, with the EXIF orientation applied. */
export interface EngineImage {
  /** Content hash: the key of every cache (embeddings, decoded pixels). */
  sha256: string;
  path: string;
  /** Size as displayed (orientation applied): every coordinate in and out is in this frame. */
  width: number;
  height: number;
}

export interface PromptPoint {
  point: Point;
  /** true = foreground (SAM label 1), false = background (label 0). */
  positive: boolean;
}

/** What the user asked for, in original image pixels. At least one point or a box. */
export interface SegmentPrompt {
  points: PromptPoint[];
  box: Box | null;
  /** The previous answer for this image, fed back so each click refines it (null on the first click). */
  previous: PreviousMask | null;
}

/**
 * Engine-specific memory of the last answer: SAM engines keep the 256x256 low-res logits of the chosen
 * candidate (decoder input `mask_input`); the classical engine keeps the mask itself.
 */
export interface PreviousMask {
  lowRes?: Float32Array;
  rle?: Rle;
}

export interface MaskCandidate {
  rle: Rle;
  /** Tight box of the mask, [x1, y1, x2, y2] with exclusive x2/y2 (as shared/geometry's boxOfMask). */
  box: Box;
  area: number;
  /** The engine's own quality estimate (SAM: predicted IoU), 0..1. */
  score: number;
  /**
   * The answer is a shape the engine guessed from the prompt alone (the classical engine's shape inscribed in
   * the box, the filled box, a disk round a click), not a cut it found in the pixels: the UI says so.
   */
  shapeGuess?: boolean;
}

export interface SegmentResult {
  /** Best first; 1 candidate, or 3 when `multimask` was asked of an engine that has them. */
  candidates: MaskCandidate[];
  /** What to pass back as `previous` for the next click, one per candidate (same order). */
  next: PreviousMask[];
  modelId: string;
  timings: { prepareMs: number; segmentMs: number };
}

export interface SegmentOptions {
  multimask: boolean;
  signal?: AbortSignal;
  /**
   * A user is waiting on this answer (a click): engines behind a network give up after their click deadline.
   * Batch work (chains) leaves it out and waits through the per-call timeouts and retries.
   */
  interactive?: boolean;
}

export interface Segmenter {
  /** Engine name as recorded in model runs: 'sam-onnx', 'classical', 'sagemaker-sam', ... */
  readonly engine: string;
  /** The model answering: a manifest id ('mobile-sam') or 'classical-v1'. */
  readonly modelId: string;
  /**
   * Per-image work done before the first click (SAM: run the image encoder; classical: decode the pixels).
   * Idempotent and cached; may run ahead for images the user will open next; aborts with the signal.
   */
  prepare(image: EngineImage, signal?: AbortSignal): Promise<void>;
  segment(image: EngineImage, prompt: SegmentPrompt, options: SegmentOptions): Promise<SegmentResult>;
  /** Frees sessions, workers and caches. */
  dispose(): Promise<void>;
}

export interface Detection {
  label: string;
  /** Index in the detector's class list (COCO-80 for PicoDet). */
  classId: number;
  score: number;
  box: Box;
  rle?: Rle;
}

/** Text or class names -> labelled boxes (a local detector, or Grounding DINO behind an endpoint). */
export interface Detector {
  readonly engine: string;
  readonly modelId: string;
  /** The names this detector can find (COCO-80 for PicoDet); a grounded detector returns null (open set). */
  readonly classes: readonly string[] | null;
  detect(image: EngineImage, options: DetectOptions): Promise<Detection[]>;
  dispose(): Promise<void>;
}

export interface DetectOptions {
  /** Only these class names (case-insensitive); all classes when absent. */
  classes?: string[];
  /** Free text for grounded detectors ('silver car . driving lane'). */
  text?: string;
  scoreThreshold?: number;
  signal?: AbortSignal;
  /** As SegmentOptions.interactive. */
  interactive?: boolean;
}

/**
 * A video model that carries objects from one frame of a sequence to the next (a SAM 2-family model): given
 * each object's mask on the frame before, its mask on this frame, or that it is lost and why. It keeps what it
 * remembers of each object between calls (bounded: only the objects it was last given), so frames come in
 * order, one direction at a time.
 */
export interface MaskTracker {
  /** As Segmenter.engine: 'sam2-onnx'. */
  readonly engine: string;
  /** The manifest id, recorded as the proposals' model. */
  readonly modelId: string;
  /** Image work for a frame (the encoder), started early for the frame that comes next; idempotent. */
  prepare(image: EngineImage, signal?: AbortSignal): Promise<void>;
  track(
    image: EngineImage,
    objects: readonly LiveObject<number>[],
    signal?: AbortSignal,
  ): Promise<StepOutcome<number>[]>;
  dispose(): Promise<void>;
}

/** An engine picked for the studio (or none), with the reason in words the UI shows. */
export interface Chosen<T> {
  engine: T | null;
  status: EngineStatus;
  /** Without an engine: model_invalid when some model's files are there but unusable, else model_missing. */
  missing?: 'model_missing' | 'model_invalid';
}

/** The engines a chain may use; 'auto' in a step picks the first one of the right kind. */
export interface ChainEngines {
  detectors: readonly Detector[];
  segmenters: readonly Segmenter[];
}
