// Imports a labelled dataset into a project: the label records are read and checked in full first, every
// problem listed per record; then images, labels and annotations are written in ONE transaction, so an import
// either lands whole or not at all. By default a record with an error is left out (a warning names it) and the
// rest lands, still in one transaction; with `strict` any error refuses the import and nothing is written.
import { basename } from 'node:path';
import type { Box, Geometry, Rle } from '../../shared/domain';
import type { DatasetImportReport, ImportFormat } from '../../shared/api/datasets';
import { mapConcurrently } from '../../shared/concurrency';
import { polygonFarOutside } from '../../shared/datasets/formats/coco';
import { IssueList } from '../../shared/datasets/issues';
import type { DatasetImage, DatasetObject } from '../../shared/datasets/records';
import { annotationShape } from '../../shared/datasets/shapes';
import { StudioError } from '../../shared/errors';
import {
  clipBox,
  maskToRle,
  polygonProblem,
  rasterizeCocoPolygons,
  rasterizeRings,
  rleToBox,
} from '../../shared/geometry';
import { describeGaps, missingFrames, oddSizedFrames } from '../../shared/sequences/frame-order';
import { planImportedSequences, type SequencePlan } from '../../shared/sequences/imported';
import { probeImage, type ImageProbe } from '../media/probe-image';
import { annotationArea } from '../store/annotation-geometry';
import type { ProjectStore } from '../store/project-store';
import type { SourceFields } from '../store/source-fields-repo';
import type { NewAnnotation, NewImage } from '../store/types';
import { keptOfImage, keptOfObject } from './kept-fields';
import { indexImages } from './match-images';
import { readLabels } from './read-labels';

export interface DatasetImportOptions {
  format: ImportFormat;
  /** The label file (a folder of txt files for KITTI). */
  labels: string;
  /** Where the images are; records are matched to files in it by path, then by name. */
  images: string;
  /** Refuse the whole import when any record has an error, instead of leaving those records out. */
  strict?: boolean;
  /**
   * Dataset category -> project label ({ car: 'Car' } imports BDD100K's cars into KITTI's "Car"). Categories not
   * in it go to the label of exactly their name.
   */
  labelMap?: Readonly<Record<string, string>>;
  maxMegapixels: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number, message: string) => void;
}

interface ReadyImage {
  image: NewImage;
  annotations: Omit<NewAnnotation, 'imageId' | 'labelId'>[];
  categories: string[];
  /** Per annotation, the source fields the store keeps beside it (track id, attributes, ignore). */
  fields: SourceFields[];
  imageFields: SourceFields;
}

/**
 * The import's sequences and tracks; a record that gives a frame number twice in a sequence is an error (left
 * out unless strict); an object whose track already has one on its frame is imported outside any track, a
 * warning that the report counts; gaps in the numbering and frames of another size are warnings. Clears the
 * left-out records in `ready`.
 */
function checkImportedSequences(
  ready: (ReadyImage | null)[],
  records: readonly DatasetImage[],
  issues: IssueList,
): { plans: SequencePlan[]; ready: readonly (ReadyImage | null)[]; trackConflicts: number } {
  const frames = ready.flatMap((r, index) =>
    r
      ? [{ index, attributes: records[index]!.attributes, objects: r.fields, where: records[index]!.where }]
      : [],
  );
  const { sequences, problems, conflicts } = planImportedSequences(frames);
  for (const p of problems) {
    issues.error(p.where, p.message);
    ready[p.index] = null;
  }
  for (const c of conflicts) issues.warning(c.where, c.message);
  for (const plan of sequences) {
    const gaps = describeGaps(missingFrames(plan.frames.map((f) => f.frame)));
    if (gaps) issues.warning(`sequence "${plan.name}"`, `In the import, ${gaps}.`);
    const sizes = oddSizedFrames(plan.frames.map((f) => ({ ...f, ...ready[f.index]!.image })));
    for (const odd of sizes?.odd ?? [])
      issues.warning(
        records[odd.index]!.where,
        `Frame ${odd.frame} of sequence "${plan.name}" is ${odd.width}x${odd.height}; its other frames are ${sizes!.width}x${sizes!.height}.`,
      );
  }
  return { plans: sequences, ready, trackConflicts: conflicts.length };
}

/** Probing is header reads and a hash per file: mostly waiting on the disk, so more than the cores. */
const PROBE_CONCURRENCY = 8;
/** Images whose annotations are written per statement batch inside the import's transaction. */
const WRITE_PAGE = 500;

export async function importDataset(
  store: ProjectStore,
  options: DatasetImportOptions,
): Promise<DatasetImportReport> {
  const started = Date.now();
  const issues = new IssueList({ leaveOut: !options.strict });
  const records = await readLabels(options.format, options.labels, issues);
  const index = await indexImages(options.images);
  const claimed = new Map<string, string>();
  let done = 0;
  const ready = await mapConcurrently(records, PROBE_CONCURRENCY, async (record) => {
    if (options.signal?.aborted)
      throw new StudioError('cancelled', 'The import was cancelled; nothing was written.');
    const prepared = await prepareImage(record, index, claimed, options.maxMegapixels, issues);
    options.onProgress?.(++done, records.length, record.fileName);
    record.objects = []; // what is kept of them is in `prepared` now
    return prepared;
  });

  // Frames of a video and their track ids (BDD100K MOTS, KITTI tracking): a record that breaks a sequence is left out.
  const plan = checkImportedSequences(ready, records, issues);
  const images = ready.filter((r): r is ReadyImage => r !== null);
  if (issues.errors > 0) {
    const report = issues.toReport();
    throw new StudioError(
      'invalid_input',
      `The dataset has ${report.errors} problem${report.errors === 1 ? '' : 's'}; nothing was imported. ` +
        'Fix them, or import without "strict" to leave those records out.',
      report,
    );
  }
  if (issues.leftOut > 0 && images.length === 0)
    throw new StudioError(
      'invalid_input',
      `Every record of the dataset has a problem (${issues.leftOut}); nothing was imported.`,
      issues.toReport(),
    );
  const written = store.transaction(() =>
    writeImport(store, images, options.labelMap ?? {}, basename(options.labels), issues, plan),
  );
  return {
    format: options.format,
    ...written,
    recordsSkipped: issues.leftOut,
    trackConflicts: plan.trackConflicts,
    issues: issues.toReport(),
    durationMs: Date.now() - started,
  };
}

async function prepareImage(
  record: DatasetImage,
  index: Awaited<ReturnType<typeof indexImages>>,
  claimed: Map<string, string>,
  maxMegapixels: number,
  issues: IssueList,
): Promise<ReadyImage | null> {
  const found = index.find(record.fileName);
  if ('reason' in found) {
    issues.error(record.where, found.reason);
    return null;
  }
  if (found.note) issues.warning(record.where, found.note);
  const earlier = claimed.get(found.path);
  if (earlier) {
    issues.error(record.where, `Its image ${found.path} is already described by ${earlier}.`);
    return null;
  }
  claimed.set(found.path, record.where);
  let probe: ImageProbe;
  try {
    probe = await probeImage(found.path, { maxMegapixels });
  } catch (err) {
    issues.error(record.where, err instanceof Error ? err.message : String(err));
    return null;
  }
  const { width, height } = probe;
  if (
    (record.width !== undefined && record.width !== width) ||
    (record.height !== undefined && record.height !== height)
  ) {
    issues.error(
      record.where,
      `The labels say ${record.width}x${record.height} but ${found.path} is ${width}x${height}.`,
    );
    return null;
  }
  const annotations: ReadyImage['annotations'] = [];
  const categories: string[] = [];
  const fields: SourceFields[] = [];
  record.objects.forEach((object, k) => {
    const where = object.where ?? `${record.where}: object ${k + 1} (${object.category})`;
    const annotation = toAnnotation(object, width, height, where, issues);
    if (!annotation) return;
    annotations.push(annotation);
    categories.push(object.category);
    fields.push(keptOfObject(object, annotationShape(annotation)));
  });
  return {
    image: { path: found.path, ...probe },
    annotations,
    categories,
    fields,
    imageFields: keptOfImage(record),
  };
}

/** The object as a store annotation, fixed where it safely can be (with a warning), or null with an error. */
function toAnnotation(
  object: DatasetObject,
  width: number,
  height: number,
  where: string,
  issues: IssueList,
): Omit<NewAnnotation, 'imageId' | 'labelId'> | null {
  let kind: 'box' | 'polygon' | 'mask';
  let geometry: Geometry;
  let rle: Rle | null = null;
  const { shape } = object;
  if (shape.kind === 'box') {
    const clipped = clipBox(shape.box, width, height);
    if (clipped.some((v, i) => v !== shape.box[i])) {
      if (clipped[2] <= clipped[0] || clipped[3] <= clipped[1]) {
        issues.error(where, `The box [${shape.box.join(', ')}] lies outside the ${width}x${height} image.`);
        return null;
      }
      issues.warning(where, `The box [${shape.box.join(', ')}] was clipped to the ${width}x${height} image.`);
    }
    kind = 'box';
    geometry = { kind, box: clipped };
  } else if (shape.kind === 'polygon') {
    if (polygonFarOutside(shape.rings, width, height, where, issues)) return null;
    const outside = shape.rings.flat().some(([x, y]) => x < 0 || y < 0 || x > width || y > height);
    const problem = polygonProblem(shape.rings);
    if (outside || problem) {
      // Clipping a polygon or untangling a crossing one by hand would guess; its filled pixels are exact: one
      // outline's are those pycocotools gives it (what the COCO or Scalabel file means), with holes the studio's.
      const rings = shape.rings;
      const masked =
        rings.length === 1
          ? rasterizeCocoPolygons(rings, width, height)
          : maskToRle(rasterizeRings(rings, width, height));
      if (rleToBox(masked)[2] === 0) {
        issues.error(where, `The polygon covers no pixel of the ${width}x${height} image.`);
        return null;
      }
      issues.warning(
        where,
        `${outside ? `The polygon reaches outside the ${width}x${height} image` : problem}; kept as the mask of its pixels.`,
      );
      kind = 'mask';
      rle = masked;
      geometry = { kind, box: rleToBox(masked) as Box };
    } else {
      kind = 'polygon';
      geometry = { kind, rings: shape.rings };
    }
  } else {
    kind = 'mask';
    rle = shape.rle;
    try {
      geometry = { kind, box: rleToBox(rle) };
    } catch (err) {
      issues.error(where, err instanceof Error ? err.message : String(err));
      return null;
    }
  }
  try {
    annotationArea({ kind, geometry, rle }, [height, width]);
  } catch (err) {
    issues.error(where, err instanceof Error ? err.message : String(err));
    return null;
  }
  const score = object.score === undefined ? null : Math.min(1, Math.max(0, object.score));
  return {
    kind,
    geometry,
    rle,
    source: 'import',
    modelId: null,
    promptId: null,
    score,
    reviewState: 'accepted',
  };
}

/** Names a person would read as one (case, width): only said, never merged without a labelMap. */
const nearlySame = (a: string, b: string) => a.localeCompare(b, undefined, { sensitivity: 'accent' }) === 0;

/**
 * The project label each dataset category goes to: the labelMap's, else the category's own name, matched
 * exactly (created when missing; a near miss in case is a warning). Returns the mapping applied, per entry.
 */
function resolveLabels(
  store: ProjectStore,
  images: ReadyImage[],
  labelMap: Readonly<Record<string, string>>,
  where: string,
  issues: IssueList,
) {
  const labels = store.listLabels().map((l) => ({ name: l.name, id: l.id }));
  const labelIds = new Map<string, number>();
  const labelsCreated: string[] = [];
  const used = new Map<string, number>();
  for (const r of images) for (const c of r.categories) used.set(c, (used.get(c) ?? 0) + 1);
  for (const category of used.keys()) {
    const name = labelMap[category]?.trim() || category;
    let label = labels.find((l) => l.name === name);
    if (!label) {
      const near = labels.find((l) => nearlySame(l.name, name));
      if (near)
        issues.warning(
          where,
          `The label "${name}" differs from the project's "${near.name}" only in case; it was created as a label ` +
            `of its own (a labelMap { "${name}": "${near.name}" } imports into "${near.name}").`,
        );
      label = store.createLabel({ name });
      labels.push(label);
      labelsCreated.push(name);
    }
    labelIds.set(category, label.id);
  }
  const applied = Object.entries(labelMap).flatMap(([from, to]) => {
    if (used.has(from)) return [{ from, to: to.trim(), annotations: used.get(from)! }];
    issues.warning(where, `The labelMap names "${from}", which no record of the dataset has.`);
    return [];
  });
  return { labelIds, labelsCreated, labelMap: applied };
}

/** Inside the import's transaction: images, then labels (see resolveLabels), then annotations. */
function writeImport(
  store: ProjectStore,
  images: ReadyImage[],
  labelMap: Readonly<Record<string, string>>,
  where: string,
  issues: IssueList,
  sequences: { plans: SequencePlan[]; ready: readonly (ReadyImage | null)[] },
) {
  const { added, alreadyPresent } = store.insertImages(images.map((r) => r.image));
  const ids = new Map(store.allImages().map((i) => [i.path, i.id]));
  const {
    labelIds,
    labelsCreated,
    labelMap: applied,
  } = resolveLabels(store, images, labelMap, where, issues);
  // A page of images at a time, each image's objects let go once written: rows for every annotation at once
  // would hold a second copy of the whole dataset until the end of the transaction.
  let annotations = 0;
  // The annotation ids of the frames of sequences, for their tracks (only those: a number per object).
  const framed = new Set(sequences.plans.flatMap((p) => p.frames.map((f) => sequences.ready[f.index]!)));
  const idsOf = new Map<ReadyImage, number[]>();
  for (let start = 0; start < images.length; start += WRITE_PAGE) {
    const page = images.slice(start, start + WRITE_PAGE);
    // Each prepared annotation is completed in place: a copy per row was 100 MB of garbage that V8, having seen
    // the prepared objects live long, allocated straight into the old space (no collection until the end).
    const rows: NewAnnotation[] = page.flatMap((r) =>
      r.annotations.map((a, k) =>
        Object.assign(a, { imageId: ids.get(r.image.path)!, labelId: labelIds.get(r.categories[k]!)! }),
      ),
    );
    const annotationIds = store.insertAnnotations(rows);
    const fields = page.flatMap((r) => r.fields);
    store.setSourceFields(
      annotationIds.map((annotationId, k) => ({ annotationId, fields: fields[k]! })),
      page.map((r) => ({ imageId: ids.get(r.image.path)!, fields: r.imageFields })),
    );
    let at = 0;
    for (const r of page) {
      if (framed.has(r)) idsOf.set(r, annotationIds.slice(at, at + r.annotations.length));
      at += r.annotations.length;
    }
    annotations += rows.length;
    for (const r of page) Object.assign(r, { annotations: [], fields: [], imageFields: {} });
  }
  store.writeSequences((s) =>
    s.applyImport(
      sequences.plans.map((p) => ({
        name: p.name,
        frames: p.frames.map((f) => ({
          imageId: ids.get(sequences.ready[f.index]!.image.path)!,
          frame: f.frame,
        })),
        tracks: [...p.tracks].map(([key, members]) => {
          const first = sequences.ready[members[0]!.index]!;
          return {
            key,
            labelId: labelIds.get(first.categories[members[0]!.object]!) ?? null,
            annotationIds: members.map((m) => idsOf.get(sequences.ready[m.index]!)![m.object]!),
          };
        }),
      })),
    ),
  );
  return {
    imagesAdded: added,
    imagesAlreadyPresent: alreadyPresent,
    labelsCreated,
    labelMap: applied,
    annotations,
  };
}
