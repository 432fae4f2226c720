// Exports a project as a training dataset. Two passes over the store, a page of images at a time: the first
// checks each image's file (still the one imported) and decides its split (seeded, stratified by label), the
// second writes records and places images. All of it goes to a temp folder beside the target, renamed into
// place at the end: a reader sees no export or a whole one, and a failed or cancelled export leaves nothing
// behind. Nothing is written outside the export root, and only an earlier export is ever replaced.
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type {
  DatasetExportReport,
  ExportFilters,
  ExportManifest,
  ExportPreview,
  ExportSettings,
  ExportTargetCheck,
} from '../../shared/api/datasets';
import type { Annotation, ImageRecord, Label } from '../../shared/domain';
import { formatWriter } from '../../shared/datasets/formats';
import type { ExportEntry, OutputRecord } from '../../shared/datasets/formats/format';
import { IssueList, type IssueReport } from '../../shared/datasets/issues';
import type { QaGenerator } from '../../shared/datasets/instructions';
import { NameAllocator } from '../../shared/datasets/names';
import type { DatasetObject } from '../../shared/datasets/records';
import { annotationShape, shapeKey } from '../../shared/datasets/shapes';
import type { SourceRecord } from '../../shared/datasets/source-record';
import { assignSplits, checkRatios, emptySplits, SPLITS } from '../../shared/datasets/split';
import { StudioError } from '../../shared/errors';
import { joinInside } from '../fs/inside';
import type { AnnotationSummary } from '../store/annotations-repo';
import type { ProjectStore } from '../store/project-store';
import type { FrameExport } from '../store/sequences-repo';
import type { ImageSourceFields } from '../store/source-fields-repo';
import { imageFileProblems } from './check-images';
import {
  claimTempFolder,
  releaseTempFolder,
  removeExportLeftovers,
  type ExportJournal,
} from './export-leftovers';
import { checkExportTarget, MANIFEST_FILE, refuseReplacing, type TargetGuard } from './export-target';
import { imageFromKept, objectFromKept } from './kept-fields';
import { OutputFiles } from './output-files';
import { WrittenNames } from './written-names';
import { drawRegion, ImagePlacer, type ImagePlacement } from './place-images';

export interface DatasetExportOptions extends Omit<ExportSettings, 'questions'> {
  /** The export root: a folder that must not exist yet (or, with `overwrite`, an earlier export). */
  target: string;
  overwrite: boolean;
  images: ImagePlacement;
  /** Refuse the export when an image's file is gone or changed, instead of leaving that image out. */
  strict?: boolean;
  /** Folders an export never replaces, nor a folder holding one (the studio's data dir, the projects folder). */
  protectedFolders?: readonly string[];
  /** Where exports under way are noted, for the cleanup after a crash (the studio's; none from the CLI). */
  journal?: ExportJournal;
  qaGenerator?: QaGenerator;
  studioVersion: string;
  now: () => Date;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number, message: string) => void;
}

export const DEFAULT_FILTERS: ExportFilters = {
  reviewStates: ['accepted', 'edited'],
  includeEmptyImages: false,
};
/**
 * Images read per store page. Small, so a page's objects die young: at 500 they outlived the young generation's
 * collections and filled the old space with garbage (export peak RSS 273 -> 223 MB on 10,000 images).
 */
const PAGE = 100;

interface Page<A> {
  total: number;
  items: { image: ImageRecord; annotations: A[] }[];
}

/**
 * Every image with its annotations that pass the filters, a page at a time, read by `page` (the whole
 * annotations with their kept fields to write them, only their summaries to choose images and splits).
 */
async function* filteredImages<A extends AnnotationSummary, P extends Page<A>>(
  page: (offset: number, limit: number) => P,
  filters: ExportFilters,
): AsyncGenerator<P['items'][number]> {
  const labelIds = filters.labelIds && new Set(filters.labelIds);
  const keep = (a: AnnotationSummary) =>
    a.labelId !== null &&
    a.kind !== 'point' &&
    filters.reviewStates.includes(a.reviewState) &&
    (!labelIds || labelIds.has(a.labelId)) &&
    (!filters.sources || filters.sources.includes(a.source)) &&
    (filters.minScore === undefined || a.score === null || a.score >= filters.minScore);
  for (let offset = 0; ; offset += PAGE) {
    const { items, total } = page(offset, PAGE);
    for (const item of items) {
      const annotations = item.annotations.filter(keep);
      if (annotations.length > 0 || filters.includeEmptyImages) yield { ...item, annotations };
    }
    if (offset + PAGE >= total) return;
    await new Promise((r) => setImmediate(r)); // let progress events and cancels through
  }
}

const withAnnotations = (store: ProjectStore) => (offset: number, limit: number) =>
  store.imagesWithAnnotations(offset, limit);
const withSummaries = (store: ProjectStore) => (offset: number, limit: number) =>
  store.imagesWithAnnotationSummaries(offset, limit);

/**
 * The image's annotations as format-neutral objects, with the fields an import kept beside them (the source's
 * id or track id, attributes, ignore, the source record), and the image's own kept fields (a BDD100K frame's
 * video name, ...). Points are filtered out before.
 */
function toObjects(
  annotations: Annotation[],
  kept: ImageSourceFields,
  labels: ReadonlyMap<number, Label>,
  sequence: FrameExport | null,
): { objects: DatasetObject[]; attributes?: Record<string, unknown>; source?: SourceRecord } {
  const objects = annotations.map((a) => {
    const category = labels.get(a.labelId!)!.name;
    const shape = annotationShape(a);
    const object: DatasetObject = {
      category,
      shape,
      sourceId: String(a.id),
      ...objectFromKept(kept.annotations.get(a.id) ?? {}, category, () => shapeKey(shape)),
    };
    if (a.score !== null && a.source === 'model') object.score = a.score;
    const track = sequence?.tracks.get(a.id);
    if (track !== undefined) object.track = track;
    return object;
  });
  return withFrame({ objects, ...imageFromKept(kept.image) }, sequence);
}

/** A frame of a sequence exports as that video's frame (BDD100K's videoName and frameIndex), whatever was kept. */
function withFrame<T extends { attributes?: Record<string, unknown> }>(
  parts: T,
  frame: FrameExport | null,
): T {
  if (!frame) return parts;
  return {
    ...parts,
    attributes: { ...parts.attributes, videoName: frame.sequence, frameIndex: frame.frame },
  };
}

function checkOptions(options: DatasetExportOptions): void {
  const problem = checkRatios(options.split.ratios);
  if (problem) throw new StudioError('invalid_input', problem);
}

/**
 * The records the export would write for its first images, without writing anything (all shown in the train
 * split: the split needs the whole project, the preview only its start). Questions are the counting ones even when the
 * export will ask Bedrock: a preview must not call a paid model.
 */
export async function previewExport(
  store: ProjectStore,
  options: ExportSettings,
  limit: number,
): Promise<ExportPreview> {
  const labels = new Map(store.listLabels().map((l) => [l.id, l]));
  const writer = formatWriter(options.format);
  const context = {
    categoryIds: new Map(store.listLabels().map((l, i) => [l.name, i + 1])),
    nextAnnotationId: () => ++annotationId,
  };
  const names = new NameAllocator();
  const written = new WrittenNames(writer.classNames);
  const records: OutputRecord[] = [];
  let annotationId = 0;
  let index = 0;
  for await (const { image, annotations, sourceFields, sequence } of filteredImages(
    withAnnotations(store),
    options.filters,
  )) {
    if (records.length >= limit) break;
    const { objects, ...kept } = toObjects(annotations, sourceFields, labels, sequence);
    const entry: ExportEntry = {
      split: 'train',
      index: ++index,
      name: names.allocate(basename(image.path)),
      width: image.width,
      height: image.height,
      objects: written.apply(objects),
      ...kept,
    };
    records.push(...writer.records(entry, options, context).records);
  }
  return { images: index, records: records.slice(0, limit) };
}

/** What an export to `target` would replace, checked against the project and the protected folders. */
export function checkTarget(
  store: ProjectStore,
  target: string,
  protectedFolders: readonly string[] = [],
): Promise<ExportTargetCheck> {
  return checkExportTarget(resolve(target), targetGuard(store, protectedFolders));
}

const targetGuard = (store: ProjectStore, protectedFolders: readonly string[]): TargetGuard => ({
  projectFile: store.path,
  imagePaths: store.allImages().map((i) => i.path),
  protectedFolders,
});

export async function exportDataset(
  store: ProjectStore,
  options: DatasetExportOptions,
): Promise<DatasetExportReport> {
  const started = Date.now();
  checkOptions(options);
  const target = resolve(options.target);
  const guard = targetGuard(store, options.protectedFolders ?? []);
  const before = await checkExportTarget(target, guard);
  if (before.exists && !options.overwrite)
    throw new StudioError(
      'conflict',
      before.replaceable
        ? `${target} already exists; choose another folder or allow overwriting it.`
        : `${target} already exists (and ${before.reason}, so it is never replaced); choose another folder.`,
    );
  if (!before.replaceable) refuseReplacing(target, before.reason!);
  await removeExportLeftovers(dirname(target));
  const temp = claimTempFolder(target);
  try {
    await options.journal?.begin(temp);
    await mkdir(temp, { recursive: true });
    const { manifest, issues, imagesSkipped } = await writeExport(store, options, temp);
    await writeFile(join(temp, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    if (before.exists) {
      // Checked again: the folder may have changed while the export was written.
      const now = await checkExportTarget(target, guard);
      if (!now.replaceable) refuseReplacing(target, now.reason!);
      // The earlier export stays whole until the new one is in its place.
      const aside = `${temp}.old`;
      await rename(target, aside);
      await rename(temp, target).catch(async (err: unknown) => {
        await rename(aside, target);
        throw err;
      });
      // The new export is in place: a failure to remove the old one now is for the next sweep, not an error.
      await rm(aside, { recursive: true, force: true }).catch(() => undefined);
    } else await rename(temp, target);
    return { target, manifest, issues, imagesSkipped, durationMs: Date.now() - started };
  } catch (err) {
    await rm(temp, { recursive: true, force: true });
    throw err;
  } finally {
    releaseTempFolder(temp);
    await options.journal?.end(temp);
  }
}

async function writeExport(
  store: ProjectStore,
  options: DatasetExportOptions,
  root: string,
): Promise<{ manifest: ExportManifest; issues: IssueReport; imagesSkipped: number }> {
  const { format, filters } = options;
  const writer = formatWriter(format);
  const issues = new IssueList();
  const labelList = store.listLabels();
  const labels = new Map(labelList.map((l) => [l.id, l]));

  // Pass 1: which images (those whose file is still the one imported), and the split of each.
  const cancelled = () => {
    if (options.signal?.aborted)
      throw new StudioError('cancelled', 'The export was cancelled; nothing was written.');
  };
  const candidates: { image: ImageRecord; labels: string[] }[] = [];
  let imagesSkipped = 0;
  for await (const { image, annotations } of filteredImages(withSummaries(store), filters)) {
    cancelled();
    if (image.missing) {
      issues.warning(image.path, 'The image file is missing; it was left out.');
      imagesSkipped++;
      continue;
    }
    candidates.push({ image, labels: annotations.map((a) => labels.get(a.labelId!)!.name) });
  }
  const problems = await imageFileProblems(
    candidates.map((c) => c.image),
    cancelled,
  );
  const keys: { id: number; key: string; labels: string[] }[] = [];
  candidates.forEach(({ image, labels }, k) => {
    const problem = problems[k];
    if (problem && options.strict)
      throw new StudioError(
        'io_error',
        `${image.path}: ${problem}. Nothing was exported; without "strict" such images are left out.`,
      );
    if (problem) {
      issues.warning(image.path, `${problem}; it was left out.`);
      imagesSkipped++;
    } else keys.push({ id: image.id, key: `${image.sha256}:${basename(image.path)}`, labels });
  });
  if (keys.length === 0 && imagesSkipped > 0)
    throw new StudioError(
      'invalid_input',
      `Nothing to export: the ${imagesSkipped} image${imagesSkipped === 1 ? '' : 's'} that pass the filters ` +
        'were left out (their files are missing or changed).',
      issues.toReport(),
    );
  if (keys.length === 0)
    throw new StudioError(
      'invalid_input',
      'Nothing to export: no image has annotations that pass the filters (review state, labels, sources, score).',
    );
  const assigned = assignSplits(keys, options.split.ratios, options.split.seed);
  const empty = emptySplits(assigned, options.split.ratios);
  if (empty.length > 0)
    issues.warning(
      'split',
      `${empty.join(' and ')} ${empty.length === 1 ? 'has' : 'have'} no image: ${keys.length} ` +
        `image${keys.length === 1 ? '' : 's'} cannot fill every split with a ratio above 0.`,
    );
  const splitOf = new Map(assigned.map((s, k) => [keys[k]!.id, s]));
  const used = new Set(keys.flatMap((k) => k.labels));
  const categoryNames = labelList.map((l) => l.name).filter((n) => used.has(n));

  // Pass 2: records and images.
  const counts = Object.fromEntries(
    SPLITS.map((s) => [s, { images: 0, annotations: 0, labels: {} as Record<string, number> }]),
  ) as ExportManifest['counts'];
  const createdAt = options.now().toISOString();
  const info = {
    description: `${store.info().name}, exported by VisPrompt Studio ${options.studioVersion}`,
    version: options.studioVersion,
    createdAt,
    categories: categoryNames,
  };
  const writers = new OutputFiles(root, writer.header?.(info) ?? {});
  const context = {
    categoryIds: new Map(categoryNames.map((n, i) => [n, i + 1])),
    nextAnnotationId: () => ++annotationId,
  };
  const names = new NameAllocator();
  const written = new WrittenNames(writer.classNames);
  const placer = new ImagePlacer(options.images);
  const asksQuestions = writer.asksQuestions?.(options) ?? false;
  const placesImage = writer.placesImage?.(options) ?? true;
  let annotationId = 0;
  let done = 0;
  try {
    for await (const { image, annotations, sourceFields, sequence } of filteredImages(
      withAnnotations(store),
      filters,
    )) {
      if (options.signal?.aborted)
        throw new StudioError('cancelled', 'The export was cancelled; nothing was written.');
      const split = splitOf.get(image.id);
      if (!split) continue; // missing, or added after pass 1
      const kept = toObjects(annotations, sourceFields, labels, sequence);
      const objects = written.apply(kept.objects);
      const { attributes, source } = kept;
      const entry: ExportEntry = {
        split,
        index: ++done,
        name: names.allocate(basename(image.path)),
        width: image.width,
        height: image.height,
        objects,
        attributes,
        source,
      };
      if (options.qaGenerator && asksQuestions)
        entry.qa = await options.qaGenerator({
          path: image.path,
          width: image.width,
          height: image.height,
          objects,
        });
      const { records, drawn } = writer.records(entry, options, context);
      if (placesImage)
        await placer.add(
          image.path,
          joinInside(root, writer.imagePath(split, entry.name, entry), 'An image'),
        );
      for (const d of drawn)
        await placer.add(image.path, joinInside(root, d.image, 'An image'), (source, dest) =>
          drawRegion(source, dest, [image.width, image.height], d.box),
        );
      for (const r of records) await writers.add(r);
      const c = counts[split];
      c.images++;
      c.annotations += objects.length;
      for (const o of objects) c.labels[o.category] = (c.labels[o.category] ?? 0) + 1;
      options.onProgress?.(done, keys.length, image.path);
    }
    for (const r of writer.finish?.(info, writers.files()) ?? []) await writers.add(r);
    await placer.finish();
  } finally {
    await placer.settle();
    await writers.closeAll();
  }
  written.report(issues);
  return {
    manifest: {
      format,
      createdAt,
      studioVersion: options.studioVersion,
      sourceProject: { path: store.path, name: store.info().name },
      filters,
      split: options.split,
      counts,
      labelNames: written.mapping(),
      files: writers.files(),
    },
    issues: issues.toReport(),
    imagesSkipped,
  };
}
