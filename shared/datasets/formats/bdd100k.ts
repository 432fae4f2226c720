// BDD100K / Scalabel label JSON: a list of frames (or {frames: [...]}), each with its labels. A label may carry
// box2d, poly2d (vertices with L = corner and C = Bezier control point types; closed = polygon, open =
// polyline) and rle; the reader takes the most exact one as the shape and keeps the label's own box2d and poly2d
// beside it (written back while the shape is unchanged). Attributes, ids (track ids in MOTS), frame fields and
// every other key ride along in the records so a BDD100K -> BDD100K trip keeps them.
import type { Box, Point } from '../../domain';
import { labelBox } from '../shapes';
import { polygonParts, readRle } from './coco';
import { BDD100K_CLASS_NAMES } from '../class-names';
import type { IssueList } from '../issues';
import { isFiniteNumber, isRecord, parseJsonFile } from '../parse-json';
import type { DatasetImage, DatasetObject, ObjectShape, ParsedDataset } from '../records';
import { sourceRecordOf, withSourceRecord } from '../source-record';
import type { SplitName } from '../split';
import { IN_IMAGES_FOLDER, type DatasetFormat } from './format';

/** Frame fields every format may use (kept as the image's attributes); a frame's other keys are its source record. */
const FRAME_KEYS_KEPT = ['videoName', 'frameIndex', 'timestamp', 'attributes'] as const;
const LABEL_MODELED = new Set(['id', 'category', 'attributes', 'rle']);
/** Points per cubic Bezier segment when flattening C vertices into a polygon. */
const BEZIER_STEPS = 8;

export function readScalabel(text: string, fileName: string, issues: IssueList): ParsedDataset {
  const doc = parseJsonFile(text, fileName);
  const frames = Array.isArray(doc) ? doc : isRecord(doc) && Array.isArray(doc.frames) ? doc.frames : null;
  if (!frames) {
    issues.error(fileName, 'A Scalabel/BDD100K file is a list of frames, or an object with a "frames" list.');
    return { images: [] };
  }
  // A Scalabel dataset's own keys beside its frames (its config, groups) have no place in a project.
  const notKept = isRecord(doc)
    ? Object.keys(doc).filter((k) => k !== 'frames' && doc[k] !== null && doc[k] !== undefined)
    : [];
  if (notKept.length > 0)
    issues.warning(
      fileName,
      `Not kept (the export writes frames only): ${notKept.map((k) => JSON.stringify(k)).join(', ')}.`,
    );
  const images: DatasetImage[] = [];
  frames.forEach((frame, i) => {
    const where = `${fileName}: frames[${i}]`;
    if (!isRecord(frame) || typeof frame.name !== 'string' || frame.name === '')
      return issues.error(where, 'A frame needs a "name" (its image file name).');
    const image: DatasetImage = { fileName: frame.name, where: `${where} (${frame.name})`, objects: [] };
    const size = frame.size;
    if (isRecord(size) && isFiniteNumber(size.width) && isFiniteNumber(size.height)) {
      image.width = size.width;
      image.height = size.height;
    }
    const kept: Record<string, unknown> = {};
    for (const key of FRAME_KEYS_KEPT)
      if (frame[key] !== undefined && frame[key] !== null) kept[key] = frame[key];
    if (Object.keys(kept).length > 0) image.attributes = kept;
    const source = sourceRecordOf('bdd100k', frame, new Set(['name', 'labels', ...Object.keys(kept)]));
    if (source) image.source = source;
    const labels = frame.labels ?? [];
    if (!Array.isArray(labels)) return issues.error(where, '"labels" must be a list.');
    labels.forEach((label, k) => {
      const object = readLabel(label, image, `${image.where}: labels[${k}]`, issues);
      if (object) image.objects.push(object);
    });
    images.push(image);
  });
  return { images };
}

function readLabel(
  raw: unknown,
  image: DatasetImage,
  where: string,
  issues: IssueList,
): DatasetObject | null {
  if (!isRecord(raw)) {
    issues.error(where, 'A label must be an object.');
    return null;
  }
  if (raw.id !== undefined && raw.id !== null) where += ` (id ${String(raw.id)})`;
  if (typeof raw.category !== 'string' || raw.category.trim() === '') {
    issues.error(where, 'A label needs a "category".');
    return null;
  }
  const shape = readLabelShape(raw, image, where, issues);
  if (!shape) return null;
  const object: DatasetObject = { category: raw.category.trim(), shape, where };
  if (typeof raw.id === 'string' || isFiniteNumber(raw.id)) object.sourceId = raw.id;
  if (isRecord(raw.attributes) && Object.keys(raw.attributes).length > 0) {
    object.attributes = raw.attributes;
    if (raw.attributes.crowd === true) object.ignore = true;
  }
  if (isFiniteNumber(raw.score)) object.score = raw.score;
  const modeled = isFiniteNumber(raw.score) ? new Set([...LABEL_MODELED, 'score']) : LABEL_MODELED;
  const source = sourceRecordOf('bdd100k', raw, modeled, ['box2d', 'poly2d']);
  if (source) object.source = source;
  return object;
}

function readLabelShape(
  raw: Record<string, unknown>,
  image: DatasetImage,
  where: string,
  issues: IssueList,
): ObjectShape | null {
  if (isRecord(raw.rle)) {
    const rle = readRle(raw.rle, where, issues);
    return rle && { kind: 'mask', rle };
  }
  if (Array.isArray(raw.poly2d) && raw.poly2d.length > 0) {
    const rings: Point[][] = [];
    for (const [k, poly] of raw.poly2d.entries()) {
      const ring = readPoly(poly, `${where}: poly2d[${k}]`, issues);
      if (ring === undefined) return null;
      if (ring) rings.push(ring);
    }
    if (rings.length > 0) return polygonParts(rings, image, where, issues);
    if (!isRecord(raw.box2d)) {
      issues.warning(
        where,
        'An open polyline (closed: false) is not an area and the label has no box2d: it was left out.',
      );
      return null;
    }
  }
  if (isRecord(raw.box2d)) {
    const { x1, y1, x2, y2 } = raw.box2d;
    if (![x1, y1, x2, y2].every(isFiniteNumber)) {
      issues.error(where, 'box2d needs numbers x1, y1, x2, y2.');
      return null;
    }
    const box = [x1, y1, x2, y2] as Box;
    if (box[2] <= box[0] || box[3] <= box[1]) {
      issues.error(where, `box2d [${box.join(', ')}] has no area.`);
      return null;
    }
    return { kind: 'box', box };
  }
  issues.error(where, 'The label has no box2d, poly2d or rle.');
  return null;
}

/** A closed poly2d as a ring; null for a polyline (kept as it is beside the shape); undefined (with an error) when broken. */
function readPoly(raw: unknown, where: string, issues: IssueList): Point[] | null | undefined {
  if (!isRecord(raw) || !Array.isArray(raw.vertices)) {
    issues.error(where, 'A poly2d needs "vertices".');
    return undefined;
  }
  const vertices = raw.vertices;
  if (!vertices.every((v) => Array.isArray(v) && v.length === 2 && v.every(isFiniteNumber))) {
    issues.error(where, 'poly2d vertices are [x, y] pairs of numbers.');
    return undefined;
  }
  const types = typeof raw.types === 'string' ? raw.types : 'L'.repeat(vertices.length);
  if (types.length !== vertices.length || /[^LC]/.test(types)) {
    issues.error(where, `poly2d "types" must have one L or C per vertex; got "${types}".`);
    return undefined;
  }
  if (raw.closed === false) return null;
  const ring = flattenBezier(vertices as Point[], types);
  if (ring.length < 3) {
    issues.error(where, `The polygon has ${ring.length} points; it needs at least 3.`);
    return undefined;
  }
  return ring;
}

/** Scalabel's closed path: L vertices are corners, each C C pair the control points of a cubic to the next L. */
export function flattenBezier(vertices: readonly Point[], types: string): Point[] {
  const out: Point[] = [];
  const n = vertices.length;
  for (let i = 0; i < n; i++) {
    if (types[i] !== 'L') continue;
    out.push(vertices[i]!);
    if (types[(i + 1) % n] === 'C' && types[(i + 2) % n] === 'C') {
      const [p0, p1, p2, p3] = [0, 1, 2, 3].map((k) => vertices[(i + k) % n]!) as [
        Point,
        Point,
        Point,
        Point,
      ];
      for (let s = 1; s < BEZIER_STEPS; s++) {
        const t = s / BEZIER_STEPS;
        const [a, b, c, d] = [(1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t ** 2, t ** 3];
        out.push([
          a * p0[0] + b * p1[0] + c * p2[0] + d * p3[0],
          a * p0[1] + b * p1[1] + c * p2[1] + d * p3[1],
        ]);
      }
    }
  }
  return out;
}

// Writing

/** BDD100K writes a mask's box2d with inclusive pixel corners (x2 = last column); other shapes as they are. */
export const scalabelBox = (shape: ObjectShape): Box => labelBox(shape);

export interface ScalabelLabel {
  id: string | number;
  category: string;
  attributes: Record<string, unknown>;
  box2d: { x1: number; y1: number; x2: number; y2: number };
  poly2d?: { vertices: Point[]; types: string; closed: true }[];
  rle?: { counts: string; size: [number, number] };
  score?: number;
}

export interface ScalabelFrame {
  name: string;
  labels: ScalabelLabel[];
  [key: string]: unknown;
}

/** One frame as BDD100K tools read it; the frame fields the reader kept are written back. */
export function scalabelFrame(image: Omit<DatasetImage, 'where'>): ScalabelFrame {
  const frame: ScalabelFrame = {
    name: image.fileName,
    ...image.attributes,
    labels: image.objects.map((o, i) => scalabelLabel(o, String(i))),
  };
  return withSourceRecord(frame, image.source, 'bdd100k');
}

function scalabelLabel(object: DatasetObject, fallbackId: string): ScalabelLabel {
  const [x1, y1, x2, y2] = scalabelBox(object.shape);
  const label: ScalabelLabel = {
    id: object.track ?? object.sourceId ?? fallbackId,
    category: object.category,
    // BDD100K marks an ignore region (KITTI DontCare, COCO iscrowd) as a crowd.
    attributes: object.ignore ? { ...object.attributes, crowd: true } : (object.attributes ?? {}),
    box2d: { x1, y1, x2, y2 },
  };
  const { shape } = object;
  if (shape.kind === 'polygon')
    label.poly2d = shape.rings.map((vertices) => ({
      vertices,
      types: 'L'.repeat(vertices.length),
      closed: true,
    }));
  if (shape.kind === 'mask') label.rle = { counts: shape.rle.counts, size: shape.rle.size };
  if (object.score !== undefined) label.score = object.score;
  return withSourceRecord(label, object.source, 'bdd100k');
}

// The format

const labelsFile = (split: SplitName) => `labels/det_${split}.json`;

export const bdd100k = {
  id: 'bdd100k' as const,
  reader: {
    name: 'BDD100K / Scalabel JSON',
    input: 'file',
    read: (text, fileName, issues) => readScalabel(text, fileName, issues).images,
  },
  writer: {
    name: 'BDD100K labels',
    classNames: BDD100K_CLASS_NAMES,
    ...IN_IMAGES_FOLDER,
    records: (entry) => ({
      records: [
        {
          file: labelsFile(entry.split),
          kind: 'json',
          record: scalabelFrame({
            fileName: entry.name,
            objects: entry.objects,
            attributes: entry.attributes,
            source: entry.source,
          }),
        },
      ],
      drawn: [],
    }),
  },
  validator: { reads: readsScalabel, validate: validateScalabel },
} satisfies DatasetFormat;

import type { FormatFiles } from './format';
import { jsonDocument } from './validate/kit';

// Validation: what the reader refuses or changes, by frame and label.

function readsScalabel(path: string): boolean {
  return path.endsWith('.json');
}

function validateScalabel(files: FormatFiles, issues: IssueList): void {
  for (const [file, text] of files)
    if (jsonDocument(text, file, issues) !== undefined) readScalabel(text, file, issues);
}
