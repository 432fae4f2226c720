// COCO instances JSON. Reading is tolerant of the variants seen in the wild (string image ids as in nuScenes'
// mono3d files, missing iscrowd, RLE counts as a string or as an array, category_name beside category_id);
// writing is exact: what pycocotools' COCO() loads, RLE in its compressed string form.
import type { Box, Point, Rle } from '../../domain';
import {
  boxToCocoBbox,
  cocoPolygonArea,
  maskToPolygons,
  maskToRle,
  MAX_POLYGON_REACH,
  pointTooFar,
  rasterizeCocoPolygons,
  rasterizeRings,
  rleArea,
  rleFromCounts,
  rleToMask,
} from '../../geometry';
import type { IssueList } from '../issues';
import { isFiniteNumber, isRecord, parseJsonFile } from '../parse-json';
import type { DatasetImage, DatasetObject, ObjectShape, ParsedDataset } from '../records';
import { shapeArea, shapeBox } from '../shapes';
import { sourceRecordOf, withSourceRecord } from '../source-record';
import type { SplitName } from '../split';
import { IN_IMAGES_FOLDER, type DatasetFormat } from './format';

type Id = string | number;
/** What the reader models of a COCO annotation and image; their other keys are kept (see ../source-record). */
const ANNOTATION_MODELED = new Set([
  'id',
  'image_id',
  'category_id',
  'category_name',
  'segmentation',
  'iscrowd',
  'score',
]);
const IMAGE_MODELED = new Set(['id', 'file_name', 'width', 'height']);
const FILE_MODELED = new Set(['images', 'annotations', 'categories']);
const CATEGORY_MODELED = new Set(['id', 'name']);
const isId = (v: unknown): v is Id => (typeof v === 'string' && v !== '') || Number.isInteger(v);

export function readCoco(text: string, fileName: string, issues: IssueList): ParsedDataset {
  return readCocoDocument(parseJsonFile(text, fileName), fileName, issues);
}

/**
 * A parsed COCO document's images and objects; `fileKeys` are the document's keys a variant reads itself
 * (video-COCO's "videos"), so they are not reported as dropped.
 */
export function readCocoDocument(
  doc: unknown,
  fileName: string,
  issues: IssueList,
  fileKeys: readonly string[] = [],
): ParsedDataset {
  if (!isRecord(doc) || !Array.isArray(doc.images)) {
    issues.error(fileName, 'A COCO file is an object with an "images" list.');
    return { images: [] };
  }
  const categories = readCategories(doc.categories, fileName, issues);
  reportNotKept(doc, fileName, issues, fileKeys);
  const byId = new Map<Id, DatasetImage>();
  const images: DatasetImage[] = [];
  doc.images.forEach((raw, i) => {
    const where = `${fileName}: images[${i}]`;
    if (!isRecord(raw) || !isId(raw.id) || typeof raw.file_name !== 'string' || raw.file_name === '') {
      issues.error(where, 'An image needs an id and a file_name.');
      return;
    }
    if (byId.has(raw.id)) {
      issues.error(where, `Image id ${JSON.stringify(raw.id)} is used by an earlier image too.`);
      return;
    }
    const image: DatasetImage = { fileName: raw.file_name, where, objects: [] };
    if (isFiniteNumber(raw.width) && isFiniteNumber(raw.height)) {
      image.width = raw.width;
      image.height = raw.height;
    }
    const source = sourceRecordOf('coco', raw, IMAGE_MODELED);
    if (source) image.source = source;
    byId.set(raw.id, image);
    images.push(image);
  });
  const annotations = doc.annotations ?? [];
  if (!Array.isArray(annotations)) {
    issues.error(fileName, '"annotations" must be a list.');
    return { images };
  }
  annotations.forEach((raw, i) => {
    const where = `${fileName}: annotations[${i}]${isRecord(raw) && isId(raw.id) ? ` (id ${raw.id})` : ''}`;
    if (!isRecord(raw)) return issues.error(where, 'An annotation must be an object.');
    const image = isId(raw.image_id) ? byId.get(raw.image_id) : undefined;
    if (!image) return issues.error(where, `No image has id ${JSON.stringify(raw.image_id)}.`);
    const category = categoryOf(raw, categories, where, issues);
    if (category === null) return;
    const shape = readShape(raw, image, where, issues);
    if (!shape) return;
    const object: DatasetObject = { category, shape, where };
    if (raw.iscrowd === 1 || raw.iscrowd === true) object.ignore = true;
    if (isId(raw.id)) object.sourceId = raw.id;
    if (isFiniteNumber(raw.score)) object.score = raw.score;
    const source = sourceRecordOf('coco', raw, ANNOTATION_MODELED, ['bbox', 'area']);
    if (source) object.source = source;
    image.objects.push(object);
  });
  return { images };
}

/** The file's own keys and category fields have no place in a project: one warning says which, with counts. */
function reportNotKept(
  doc: Record<string, unknown>,
  fileName: string,
  issues: IssueList,
  fileKeys: readonly string[],
): void {
  const parts = Object.keys(doc)
    .filter((k) => !FILE_MODELED.has(k) && !fileKeys.includes(k))
    .map((k) => JSON.stringify(k));
  const perKey = new Map<string, number>();
  if (Array.isArray(doc.categories))
    for (const c of doc.categories)
      if (isRecord(c))
        for (const k of Object.keys(c)) if (!CATEGORY_MODELED.has(k)) perKey.set(k, (perKey.get(k) ?? 0) + 1);
  for (const [k, n] of perKey) parts.push(`the ${JSON.stringify(k)} of ${n} categor${n === 1 ? 'y' : 'ies'}`);
  if (parts.length === 0) return;
  const list =
    parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')}, and ${parts[parts.length - 1]}`;
  issues.warning(fileName, `Not kept (the export writes its own): ${list}.`);
}

function readCategories(raw: unknown, fileName: string, issues: IssueList): Map<Id, string> {
  const categories = new Map<Id, string>();
  if (!Array.isArray(raw)) {
    issues.error(fileName, 'The file has no "categories" list: no annotation can be given a label.');
    return categories;
  }
  raw.forEach((c, i) => {
    const where = `${fileName}: categories[${i}]`;
    if (!isRecord(c) || !isId(c.id) || typeof c.name !== 'string' || c.name.trim() === '')
      return issues.error(where, 'A category needs an id and a name.');
    if (categories.has(c.id)) {
      const first = categories.get(c.id);
      if (first !== c.name) {
        issues.error(
          where,
          `Category id ${c.id} is "${first}" and "${c.name}": which one is meant is unknown.`,
        );
        categories.set(c.id, ''); // annotations naming it are refused below
      } else issues.warning(where, `Category id ${c.id} ("${c.name}") is listed twice.`);
      return;
    }
    categories.set(c.id, c.name.trim());
  });
  return categories;
}

function categoryOf(
  raw: Record<string, unknown>,
  categories: Map<Id, string>,
  where: string,
  issues: IssueList,
): string | null {
  const name = isId(raw.category_id) ? categories.get(raw.category_id) : undefined;
  if (name) return name;
  if (name === '') {
    issues.error(where, `Category id ${raw.category_id} is defined twice with different names.`);
    return null;
  }
  if (typeof raw.category_name === 'string' && raw.category_name.trim() !== '') {
    issues.warning(
      where,
      `Category id ${JSON.stringify(raw.category_id)} is not listed; used its category_name.`,
    );
    return raw.category_name.trim();
  }
  issues.error(where, `No category has id ${JSON.stringify(raw.category_id)}.`);
  return null;
}

/** The most exact geometry the annotation has: RLE, else polygons, else its bbox. */
function readShape(
  raw: Record<string, unknown>,
  image: DatasetImage,
  where: string,
  issues: IssueList,
): ObjectShape | null {
  const seg = raw.segmentation;
  if (isRecord(seg)) {
    const rle = readRle(seg, where, issues);
    return rle && { kind: 'mask', rle };
  }
  if (Array.isArray(seg) && seg.length > 0) {
    const rings: Point[][] = [];
    for (const [k, flat] of seg.entries()) {
      if (!Array.isArray(flat) || !flat.every(isFiniteNumber) || flat.length % 2 !== 0) {
        issues.error(where, `segmentation[${k}] is not a list of x, y numbers.`);
        return null;
      }
      if (flat.length < 6) {
        issues.error(where, `segmentation[${k}] has ${flat.length / 2} points; a polygon needs at least 3.`);
        return null;
      }
      const ring: Point[] = [];
      for (let p = 0; p < flat.length; p += 2) ring.push([flat[p]!, flat[p + 1]!]);
      rings.push(ring);
    }
    return polygonParts(rings, image, where, issues);
  }
  const bbox = raw.bbox;
  if (Array.isArray(bbox) && bbox.length === 4 && bbox.every(isFiniteNumber)) {
    const [x, y, w, h] = bbox as number[];
    if (w! <= 0 || h! <= 0) {
      issues.error(where, `bbox [${bbox.join(', ')}] has no area.`);
      return null;
    }
    return { kind: 'box', box: [x!, y!, x! + w!, y! + h!] };
  }
  issues.error(
    where,
    `The annotation has neither a segmentation nor a bbox [x, y, width, height] (image ${image.fileName}).`,
  );
  return null;
}

/**
 * One ring is a polygon. Several are parts of one object (COCO and Scalabel list parts, not holes): their union
 * is kept as a mask, rasterised the way pycocotools does, so nothing is read as a hole.
 */
export function polygonParts(
  rings: Point[][],
  image: Pick<DatasetImage, 'width' | 'height' | 'fileName'>,
  where: string,
  issues: IssueList,
): ObjectShape | null {
  if (rings.length === 1) return { kind: 'polygon', rings };
  if (image.width === undefined || image.height === undefined) {
    issues.error(
      where,
      `A polygon in ${rings.length} parts needs the image size, which ${image.fileName} lacks.`,
    );
    return null;
  }
  if (polygonFarOutside(rings, image.width, image.height, where, issues)) return null;
  return { kind: 'mask', rle: rasterizeCocoPolygons(rings, image.width, image.height) };
}

/** Says (an error) when a polygon reaches far outside its image (see MAX_POLYGON_REACH); true then. */
export function polygonFarOutside(
  rings: Point[][],
  width: number,
  height: number,
  where: string,
  issues: IssueList,
): boolean {
  const far = pointTooFar(rings, width, height);
  if (far)
    issues.error(
      where,
      `The polygon reaches (${far.join(', ')}), more than ${MAX_POLYGON_REACH} image sizes outside the ` +
        `${width}x${height} image.`,
    );
  return far !== null;
}

/** COCO RLE with counts as the compressed string or as the uncompressed list (iscrowd annotations). */
export function readRle(raw: Record<string, unknown>, where: string, issues: IssueList): Rle | null {
  const { size, counts } = raw;
  if (!Array.isArray(size) || size.length !== 2 || !size.every((v) => Number.isInteger(v) && v >= 0)) {
    issues.error(where, 'An RLE needs "size": [height, width].');
    return null;
  }
  const hw: [number, number] = [size[0] as number, size[1] as number];
  try {
    if (typeof counts === 'string') {
      const rle: Rle = { size: hw, counts };
      rleArea(rle); // validates the runs against the size
      return rle;
    }
    if (Array.isArray(counts) && counts.every((c) => Number.isInteger(c)))
      return rleFromCounts({ size: hw, counts: counts as number[] });
  } catch (err) {
    issues.error(where, err instanceof Error ? err.message : String(err));
    return null;
  }
  issues.error(where, 'RLE "counts" must be a compressed string or a list of run lengths.');
  return null;
}

// Writing

export interface CocoCategory {
  id: number;
  name: string;
  supercategory: string;
}

/** Categories numbered from 1 in the order given (0 is background to many trainers). */
export const cocoCategories = (names: readonly string[]): CocoCategory[] =>
  names.map((name, i) => ({ id: i + 1, name, supercategory: name }));

export const cocoImage = (id: number, fileName: string, width: number, height: number) => ({
  id,
  file_name: fileName,
  width,
  height,
});

export type CocoSegmentationMode = 'rle' | 'polygon';

export interface CocoAnnotation {
  id: number;
  image_id: number;
  category_id: number;
  segmentation: number[][] | Rle;
  area: number;
  bbox: [number, number, number, number];
  iscrowd: 0 | 1;
  score?: number;
}

/**
 * One annotation as COCO writes it. Masks are written as RLE, or in polygon mode as their traced outlines when
 * they have no holes (COCO polygons cannot hold a hole; such a mask, and a crowd region, stay RLE). A box is
 * written as its 4-corner polygon (as BDD100K's converter does): pycocotools' annToMask and COCOeval 'segm'
 * fail on an empty segmentation. A polygon's area is its pixel count as pycocotools rasterises it, as in COCO's
 * own files; a box keeps width x height, the detection convention.
 */
export function cocoAnnotation(
  id: number,
  imageId: number,
  categoryId: number,
  object: DatasetObject,
  mode: CocoSegmentationMode,
  image: { width: number; height: number },
): CocoAnnotation {
  const { shape } = object;
  const box: Box = shapeBox(shape);
  const annotation: CocoAnnotation = {
    id,
    image_id: imageId,
    category_id: categoryId,
    segmentation: [],
    area: shapeArea(shape),
    bbox: boxToCocoBbox(box),
    iscrowd: object.ignore ? 1 : 0,
  };
  if (shape.kind === 'box') {
    const [x1, y1, x2, y2] = box;
    annotation.segmentation = [[x1, y1, x2, y1, x2, y2, x1, y2]];
  }
  if (shape.kind === 'polygon' && shape.rings.length > 1) {
    // Its further rings are holes, which COCO polygons cannot hold: the pixels of the studio's fill, as RLE.
    const rle = maskToRle(rasterizeRings(shape.rings, image.width, image.height));
    annotation.segmentation = rle;
    annotation.area = rleArea(rle);
  } else if (shape.kind === 'polygon') {
    annotation.segmentation = shape.rings.map((ring) => ring.flat());
    // An unedited COCO annotation's own area is written back below (withSourceRecord): no need to rasterise.
    const keptArea = object.source?.format === 'coco' && object.source.geometry?.area !== undefined;
    if (!keptArea) annotation.area = cocoPolygonArea(shape.rings, image.width, image.height);
  }
  if (shape.kind === 'mask') {
    const outlines = mode === 'polygon' && !object.ignore ? maskOutlines(shape.rle) : null;
    annotation.segmentation = outlines ?? { size: shape.rle.size, counts: shape.rle.counts };
  }
  if (object.score !== undefined) annotation.score = object.score;
  return withSourceRecord(annotation, object.source, 'coco');
}

function maskOutlines(rle: Rle): number[][] | null {
  const polygons = maskToPolygons(rleToMask(rle));
  if (polygons.some((p) => p.holes.length > 0)) return null;
  return polygons.map((p) => p.outer.flat());
}

// The format

const annotationsFile = (split: SplitName) => `annotations/instances_${split}.json`;

export const coco = {
  id: 'coco' as const,
  reader: {
    name: 'COCO instances JSON',
    input: 'file',
    read: (text, fileName, issues) => readCoco(text, fileName, issues).images,
  },
  writer: {
    name: 'COCO instances',
    ...IN_IMAGES_FOLDER,
    header: (info) => ({
      info: { description: info.description, version: info.version, date_created: info.createdAt },
      licenses: [],
      categories: cocoCategories(info.categories),
    }),
    records(entry, options, { categoryIds, nextAnnotationId }) {
      const file = annotationsFile(entry.split);
      return {
        records: [
          {
            file,
            kind: 'coco-image',
            record: withSourceRecord(
              cocoImage(entry.index, entry.name, entry.width, entry.height),
              entry.source,
              'coco',
            ),
          },
          ...entry.objects.map((o) => ({
            file,
            kind: 'coco-annotation' as const,
            record: cocoAnnotation(
              nextAnnotationId(),
              entry.index,
              categoryIds.get(o.category)!,
              o,
              options.cocoSegmentation,
              entry,
            ),
          })),
        ],
        drawn: [],
      };
    },
  },
  validator: { reads: readsCoco, validate: validateCoco },
} satisfies DatasetFormat;

import type { FormatFiles } from './format';
import { jsonDocument } from './validate/kit';

// Validation: what the reader refuses, and what pycocotools' COCO() and COCOeval need beyond it.

function readsCoco(path: string): boolean {
  return path.endsWith('.json');
}

function validateCoco(files: FormatFiles, issues: IssueList): void {
  for (const [file, text] of files) {
    const doc = jsonDocument(text, file, issues);
    if (doc === undefined) continue;
    readCoco(text, file, issues);
    if (!isRecord(doc) || !Array.isArray(doc.annotations)) continue;
    const ids = new Set<unknown>();
    doc.annotations.forEach((a, i) => {
      if (!isRecord(a)) return;
      const where = `${file}: annotations[${i}]`;
      if (!Number.isInteger(a.id))
        issues.error(`${where}: id`, 'COCO tools need an integer annotation "id".');
      else if (ids.has(a.id)) issues.error(`${where}: id`, `Annotation id ${a.id} is used twice.`);
      ids.add(a.id);
      if (!isFiniteNumber(a.area)) issues.error(`${where}: area`, 'COCOeval reads "area" (a number).');
      if (!Array.isArray(a.bbox) || a.bbox.length !== 4 || !a.bbox.every(isFiniteNumber))
        issues.error(`${where}: bbox`, 'COCOeval reads "bbox" [x, y, width, height].');
      if (a.iscrowd !== 0 && a.iscrowd !== 1) issues.error(`${where}: iscrowd`, '"iscrowd" must be 0 or 1.');
      if (Array.isArray(a.segmentation) && a.segmentation.length === 0)
        issues.warning(
          `${where}: segmentation`,
          'An empty segmentation: pycocotools annToMask and COCOeval "segm" fail on it (bbox evaluation is fine).',
        );
    });
  }
}
