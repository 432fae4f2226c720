// The sequences group: images grouped into sequences with a frame order (from a dataset's video name and frame
// number at import, or a folder's file-name order), and tracks (one object across frames, with a label) that
// annotations belong to, at most one per frame. Propagation (a batch job) and box interpolation write
// proposals into tracks; both land in the review queue.
import { z } from 'zod';
import type { BatchJob } from './batch';
import { filePath, id, method, project } from './kit';

export const SEQUENCE_ORIGINS = ['import', 'folder', 'manual'] as const;
export type SequenceOrigin = (typeof SEQUENCE_ORIGINS)[number];

/** The model id interpolated boxes carry: a proposal with it is shown as interpolated until accepted. */
export const INTERPOLATION_MODEL = 'linear-interpolation';
/** The model id of the local propagation fallback's proposals is the engine's; their prompt says this. */
export const PROPAGATION_PROMPT = 'propagated';

export interface SequenceSummary {
  id: number;
  name: string;
  origin: SequenceOrigin;
  frames: number;
  tracks: number;
  first: number | null;
  last: number | null;
  /** What is odd about it, in words ("frames 3-5 are missing", "frame 7 is 640x480, the others 1280x720"). */
  problems: string[];
}

export interface SequenceFrame {
  imageId: number;
  frame: number;
  path: string;
  missing: boolean;
  width: number;
  height: number;
  /** Annotations on the frame, proposals (review state 'proposed') among them, and those in a track. */
  annotations: number;
  proposals: number;
  interpolated: number;
}

export interface Track {
  id: number;
  sequenceId: number;
  /** The id exports write (an imported track id kept as it was, or the next number the studio gave). */
  key: string;
  labelId: number | null;
  frames: number;
  first: number | null;
  last: number | null;
  /** How its last propagation ended ("lost at frame 168: the mask's area went from ..."), or null. */
  note: string | null;
}

/** An annotation's track, for the image view. */
export interface TrackMember {
  annotationId: number;
  trackId: number;
  key: string;
  labelId: number | null;
  interpolated: boolean;
}

/** How a sequence's frames can be sorted: natural file-name order, or EXIF capture time (DateTimeOriginal). */
export const FRAME_ORDERS = ['name', 'captured'] as const;
export type FrameOrder = (typeof FRAME_ORDERS)[number];

/** Which sequence an image is a frame of, for the library's cards. */
export interface SequenceMembership {
  imageId: number;
  sequenceId: number;
  name: string;
  frame: number;
}

/** A folder of the project's images (their parent folder), and how many of them are frames of a sequence. */
export interface SequenceFolder {
  folder: string;
  images: number;
  framed: number;
}

const sequenceName = z.string().trim().min(1).max(200);

const frameList = z
  .array(z.object({ imageId: id, frame: z.number().int().min(0) }).strict())
  .min(1)
  .max(100_000);

export const sequenceMethods = {
  list: method<SequenceSummary[]>().of(z.object({ project })),
  /** The sequence an image is a frame of (its summary and frame number), or null. */
  ofImage: method<{ sequence: SequenceSummary; frame: number } | null>().of(
    z.object({ project, imageId: id }),
  ),
  frames: method<SequenceFrame[]>().of(z.object({ project, sequenceId: id })),
  /** The sequences of a page of images (the library's cards). */
  ofImages: method<SequenceMembership[]>().of(z.object({ project, imageIds: z.array(id).max(1_000) })),
  /** The folders the project's images are in: what a sequence can be made of. */
  folders: method<SequenceFolder[]>().of(z.object({ project })),
  /**
   * Makes a sequence of images (the library's selection) or of a folder's images in the project (its direct
   * children), in file-name order, numbered from 0.
   */
  create: method<SequenceSummary>().of(
    z
      .object({
        project,
        name: sequenceName,
        imageIds: z.array(id).min(1).max(100_000).optional(),
        folder: filePath.optional(),
      })
      .refine(
        (i) => (i.imageIds === undefined) !== (i.folder === undefined),
        'give either imageIds or a folder',
      ),
  ),
  rename: method<SequenceSummary>().of(z.object({ project, sequenceId: id, name: sequenceName })),
  /** Moves a frame one place earlier (-1) or later (1): it and its neighbour swap frame numbers. */
  moveFrame: method<SequenceSummary>().of(
    z.object({ project, sequenceId: id, imageId: id, by: z.union([z.literal(-1), z.literal(1)]) }),
  ),
  /**
   * Sorts the frames by file name or by EXIF capture time; the frame numbers stay the ones the sequence has,
   * given out in the new order. Frames with no capture time go after the dated ones, in file-name order.
   */
  sort: method<{ sequence: SequenceSummary; undated: number }>().of(
    z.object({ project, sequenceId: id, by: z.enum(FRAME_ORDERS) }),
  ),
  /** Takes images out of the sequence (the images stay in the project; their annotations leave its tracks). */
  removeFrames: method<SequenceSummary>().of(
    z.object({ project, sequenceId: id, imageIds: z.array(id).min(1).max(100_000) }),
  ),
  /** Sets the sequence's frames and their numbers (its order edited); images left out leave the sequence. */
  setFrames: method<SequenceSummary>().of(z.object({ project, sequenceId: id, frames: frameList })),
  /** Deletes the sequence and its tracks; its images and their annotations stay. */
  remove: method<void>().of(z.object({ project, sequenceId: id })),
  tracks: method<Track[]>().of(z.object({ project, sequenceId: id })),
  /** The tracks of an image's annotations. */
  members: method<TrackMember[]>().of(z.object({ project, imageId: id })),
  /** A new track of annotations (at most one per frame, all in one sequence), labelled as the first. */
  createTrack: method<Track>().of(z.object({ project, annotationIds: z.array(id).min(1) })),
  /** Puts an annotation in a track (null: out of any); 'conflict' when the track has one on that frame. */
  assign: method<void>().of(z.object({ project, annotationId: id, trackId: id.nullable() })),
  /** The second track's annotations join the first (its key is kept); 'conflict' when both have a frame. */
  merge: method<Track>().of(z.object({ project, trackId: id, otherId: id })),
  /** The frames from `frame` on become a new track. */
  split: method<Track>().of(z.object({ project, trackId: id, frame: z.number().int().min(0) })),
  /** The track's label, and every annotation's in it. */
  relabel: method<Track>().of(z.object({ project, trackId: id, labelId: id })),
  /** Sets the key exports write; 'conflict' when another track of the sequence has it. */
  rekey: method<Track>().of(z.object({ project, trackId: id, key: z.string().trim().min(1).max(64) })),
  /**
   * Proposes the objects of accepted masks on one frame on the next `forward` and previous `backward` frames
   * (a batch job; each object stops where it is lost, and its track's note says why).
   */
  propagate: method<BatchJob>().of(
    z.object({
      project,
      annotationIds: z.array(id).min(1).max(100),
      forward: z.number().int().min(0).max(10_000).default(10),
      backward: z.number().int().min(0).max(10_000).default(0),
    }),
  ),
  /** Box proposals between each track's keyframes (accepted boxes or masks), linear per corner. */
  interpolate: method<{ created: number; tracks: number }>().of(
    z.object({ project, sequenceId: id, trackIds: z.array(id).min(1).optional() }),
  ),
} as const;
