// The format-neutral form every reader produces and every writer consumes: one image (by file name) and its
// labelled objects, in image pixels. Fields a format has and the studio does not model (attributes, track ids)
// ride along so a round trip through the same format keeps them.
import type { Box, Point, Rle } from '../domain';
import type { SourceRecord } from './source-record';

export type ObjectShape =
  | { kind: 'box'; box: Box }
  /** Closed rings: the first is the outline, any further ones holes (COCO lists parts; see `parts`). */
  | { kind: 'polygon'; rings: Point[][] }
  | { kind: 'mask'; rle: Rle };

/**
 * The label an ignore region is kept under in a project (KITTI's name for it): exports write it back as an
 * ignore region (COCO iscrowd, KITTI DontCare) and leave it out of instruction data.
 */
export const IGNORE_LABEL = 'DontCare';
export const isIgnoreLabel = (name: string) => name.toLowerCase() === IGNORE_LABEL.toLowerCase();

export interface DatasetObject {
  category: string;
  shape: ObjectShape;
  /** Region to ignore in training and evaluation: KITTI DontCare, COCO iscrowd. */
  ignore?: boolean;
  /** Id in the source file (COCO annotation id, Scalabel label id), a number when it was one: the track id in tracking formats. */
  sourceId?: string | number;
  /** The key of the track the object belongs to across a sequence's frames (tracking formats write it as the id). */
  track?: string;
  attributes?: Record<string, unknown>;
  score?: number;
  /** Where in the input the object is, as the file has it ("labels.json: annotations[4] (id 127096)"). */
  where?: string;
  /** The source record's keys the studio does not model, for its own format's writer. */
  source?: SourceRecord;
}

export interface DatasetImage {
  /** As written in the label file; may hold folders ("samples/CAM_BACK_LEFT/x.jpg"). */
  fileName: string;
  /** Declared size, when the format states one ([height, width] is checked against the real file). */
  width?: number;
  height?: number;
  /** Where in the input this image was described, for issues ("labels.json: images[3]"). */
  where: string;
  objects: DatasetObject[];
  attributes?: Record<string, unknown>;
  /** The source record's keys the studio does not model (a COCO image's, a Scalabel frame's). */
  source?: SourceRecord;
}

/** Every format's reader returns this: the images it could read, and the problems with the rest. */
export interface ParsedDataset {
  images: DatasetImage[];
}
