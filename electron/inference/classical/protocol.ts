// Messages between the classical engine (main thread) and its OpenCV worker. Plain structured-clone data.
import type { Box, Rle, StudioErrorInfo } from '../../../shared/domain';
import type { MaskCandidate, PromptPoint } from '../segmenter';

export interface ImageRef {
  /** Cache key: the image's content hash. */
  key: string;
  path: string;
  /** The size the caller's coordinates are in (orientation applied): the decoded pixels must match it. */
  width: number;
  height: number;
  maxMegapixels: number;
}

export type WorkerJob =
  | { kind: 'prepare'; image: ImageRef }
  | {
      kind: 'segment';
      image: ImageRef;
      /** Points clipped to the image, box clipped with positive area (checked on the main thread). */
      prompt: { points: PromptPoint[]; box: Box | null; previous: Rle | null };
      /** Up to 3 candidates instead of 1. */
      multimask: boolean;
    };

export type WorkerRequest = WorkerJob & { id: number };

export interface SegmentReply {
  /** Best first. */
  candidates: MaskCandidate[];
  prepareMs: number;
  segmentMs: number;
}

export type WorkerReply =
  { id: number; ok: true; result: SegmentReply | null } | { id: number; ok: false; error: StudioErrorInfo };

export interface WorkerSettings {
  /** Decoded images kept, in bytes of RGB pixels. */
  cacheBytes: number;
  /**
   * Int32 slots shared with the worker: the main thread writes a request's id into slot id % length when it
   * is cancelled, and the worker skips it if it has not started. Messages queue behind the running cut, so a
   * 'cancel' message would arrive too late to help.
   */
  cancelled: SharedArrayBuffer;
}

export const CANCEL_SLOTS = 256;

export function isCancelled(slots: Int32Array, id: number): boolean {
  return Atomics.load(slots, id % slots.length) === id;
}

export function markCancelled(slots: Int32Array, id: number): void {
  Atomics.store(slots, id % slots.length, id);
}
