// Exports a project as a training dataset. Two passes over the store, a page of images at a time: the first
// decides each image's split (seeded, stratified by label), the second writes records and places images. All of
// it goes to a temp folder beside the target, renamed into place at the end: a reader sees no export or a whole
// one, and a failed or cancelled export leaves nothing behind. Nothing is written outside the export root.
import { randomBytes } from 'node:crypto';
import { copyFile, link, mkdir, rename, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import sharp from 'sharp';
import type {
  DatasetExportReport,
  ExportFilters,
  ExportManifest,
  ExportPreview,
  ExportSettings,
} from '../../shared/api/datasets';
import type { Annotation, ImageRecord, Label } from '../../shared/domain';
import { formatWriter } from '../../shared/datasets/formats';
import type { ExportEntry, OutputRecord } from '../../shared/datasets/formats/format';
import { IssueList, type IssueReport } from '../../shared/datasets/issues';
import { csvLine, type QaGenerator } from '../../shared/datasets/instructions';
import { NameAllocator } from '../../shared/datasets/names';
import { isIgnoreLabel, type DatasetObject, type ObjectShape } from '../../shared/datasets/records';
import { assignSplits, checkRatios, SPLITS } from '../../shared/datasets/split';
import { StudioError } from '../../shared/errors';
import type { ProjectStore } from '../store/project-store';
import type { ImageSourceFields } from '../store/source-fields-repo';
import { CocoFile, JsonArrayFile, OutFile } from './output-files';

export type ImagePlacement = 'copy' | 'hardlink' | 'symlink';

export interface DatasetExportOptions extends Omit<ExportSettings, 'questions'> {
  /** The export root: a folder that must not exist yet (or `overwrite`). */
  target: string;
  overwrite: boolean;
  images: ImagePlacement;
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
const PAGE = 500;

/** Every image with its annotations that pass the filters, a page at a time. */
async function* filteredImages(
  store: ProjectStore,
  filters: ExportFilters,
): AsyncGenerator<{ image: ImageRecord; annotations: Annotation[]; sourceFields: ImageSourceFields }> {
  const labelIds = filters.labelIds && new Set(filters.labelIds);
  const keep = (a: Annotation) =>
    a.labelId !== null &&
    a.kind !== 'point' &&
    filters.reviewStates.includes(a.reviewState) &&
    (!labelIds || labelIds.has(a.labelId)) &&
    (!filters.sources || filters.sources.includes(a.source)) &&
    (filters.minScore === undefined || a.score === null || a.score >= filters.minScore);
  for (let offset = 0; ; offset += PAGE) {
    const page = store.imagesWithAnnotations(offset, PAGE);
    for (const { image, annotations: all, sourceFields } of page.items) {
      const annotations = all.filter(keep);
      if (annotations.length > 0 || filters.includeEmptyImages) yield { image, annotations, sourceFields };
    }
    if (offset + PAGE >= page.total) return;
    await new Promise((r) => setImmediate(r)); // let progress events and cancels through
  }
}

function shapeOf(a: Annotation): ObjectShape {
  const g = a.geometry;
  if (g.kind === 'polygon') return { kind: 'polygon', rings: g.rings };
  if (g.kind === 'mask') return { kind: 'mask', rle: a.rle! };
  if (g.kind === 'box') return { kind: 'box', box: g.box };
  throw new Error('points are filtered out before export');
}

/**
 * The image's annotations as format-neutral objects, with the fields an import kept beside them (the source's
 * id or track id, attributes, ignore), and the image's own kept fields (a BDD100K frame's video name, ...).
 */
function toObjects(
  annotations: Annotation[],
  kept: ImageSourceFields,
  labels: ReadonlyMap<number, Label>,
): { objects: DatasetObject[]; attributes?: Record<string, unknown> } {
  const objects = annotations.map((a) => {
    const category = labels.get(a.labelId!)!.name;
    const fields = kept.annotations.get(a.id) ?? {};
    const object: DatasetObject = {
      category,
      shape: shapeOf(a),
      sourceId: typeof fields.sourceId === 'string' ? fields.sourceId : String(a.id),
    };
    if (fields.attributes && typeof fields.attributes === 'object')
      object.attributes = fields.attributes as Record<string, unknown>;
    if (fields.ignore === true || isIgnoreLabel(category)) object.ignore = true;
    if (a.score !== null && a.source === 'model') object.score = a.score;
    return object;
  });
  return kept.image ? { objects, attributes: kept.image } : { objects };
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
  const records: OutputRecord[] = [];
  let annotationId = 0;
  let index = 0;
  for await (const { image, annotations, sourceFields } of filteredImages(store, options.filters)) {
    if (records.length >= limit) break;
    const entry: ExportEntry = {
      split: 'train',
      index: ++index,
      name: names.allocate(basename(image.path)),
      width: image.width,
      height: image.height,
      ...toObjects(annotations, sourceFields, labels),
    };
    records.push(...writer.records(entry, options, context).records);
  }
  return { images: index, records: records.slice(0, limit) };
}

export async function exportDataset(
  store: ProjectStore,
  options: DatasetExportOptions,
): Promise<DatasetExportReport> {
  const started = Date.now();
  checkOptions(options);
  const target = resolve(options.target);
  const exists = await stat(target).then(
    () => true,
    () => false,
  );
  if (exists && !options.overwrite)
    throw new StudioError(
      'conflict',
      `${target} already exists; choose another folder or allow overwriting it.`,
    );
  const temp = join(dirname(target), `.${basename(target)}.export-${randomBytes(4).toString('hex')}`);
  await mkdir(temp, { recursive: true });
  try {
    const manifest = await writeExport(store, options, temp);
    const issues = manifest.issues;
    await writeFile(join(temp, 'manifest.json'), `${JSON.stringify(manifest.manifest, null, 2)}\n`);
    if (exists) {
      const old = `${temp}.old`;
      await rename(target, old);
      await rename(temp, target);
      await rm(old, { recursive: true, force: true });
    } else await rename(temp, target);
    return { target, manifest: manifest.manifest, issues, durationMs: Date.now() - started };
  } catch (err) {
    await rm(temp, { recursive: true, force: true });
    throw err;
  }
}

async function writeExport(
  store: ProjectStore,
  options: DatasetExportOptions,
  root: string,
): Promise<{ manifest: ExportManifest; issues: IssueReport }> {
  const { format, filters } = options;
  const writer = formatWriter(format);
  const issues = new IssueList();
  const labelList = store.listLabels();
  const labels = new Map(labelList.map((l) => [l.id, l]));

  // Pass 1: which images, and the split of each.
  const keys: { id: number; key: string; labels: string[] }[] = [];
  for await (const { image, annotations } of filteredImages(store, filters)) {
    if (image.missing) {
      issues.warning(image.path, 'The image file is missing; it was left out.');
      continue;
    }
    keys.push({
      id: image.id,
      key: `${image.sha256}:${basename(image.path)}`,
      labels: annotations.map((a) => labels.get(a.labelId!)!.name),
    });
  }
  if (keys.length === 0)
    throw new StudioError(
      'invalid_input',
      'Nothing to export: no image has annotations that pass the filters (review state, labels, sources, score).',
    );
  const splitOf = new Map(
    assignSplits(keys, options.split.ratios, options.split.seed).map((s, k) => [keys[k]!.id, s]),
  );
  const used = new Set(keys.flatMap((k) => k.labels));
  const categoryNames = labelList.map((l) => l.name).filter((n) => used.has(n));

  // Pass 2: records and images.
  const counts = Object.fromEntries(
    SPLITS.map((s) => [s, { images: 0, annotations: 0, labels: {} as Record<string, number> }]),
  ) as ExportManifest['counts'];
  const createdAt = options.now().toISOString();
  const writers = new Writers(
    root,
    writer.header?.({
      description: `${store.info().name}, exported by VisPrompt Studio ${options.studioVersion}`,
      version: options.studioVersion,
      createdAt,
      categories: categoryNames,
    }) ?? {},
  );
  const context = {
    categoryIds: new Map(categoryNames.map((n, i) => [n, i + 1])),
    nextAnnotationId: () => ++annotationId,
  };
  const names = new NameAllocator();
  const placer = new ImagePlacer(options.images);
  const asksQuestions = writer.asksQuestions?.(options) ?? false;
  const placesImage = writer.placesImage?.(options) ?? true;
  let annotationId = 0;
  let done = 0;
  try {
    for await (const { image, annotations, sourceFields } of filteredImages(store, filters)) {
      if (options.signal?.aborted)
        throw new StudioError('cancelled', 'The export was cancelled; nothing was written.');
      const split = splitOf.get(image.id);
      if (!split) continue; // missing, or added after pass 1
      const { objects, attributes } = toObjects(annotations, sourceFields, labels);
      const entry: ExportEntry = {
        split,
        index: ++done,
        name: names.allocate(basename(image.path)),
        width: image.width,
        height: image.height,
        objects,
        attributes,
      };
      if (options.qaGenerator && asksQuestions)
        entry.qa = await options.qaGenerator({
          path: image.path,
          width: image.width,
          height: image.height,
          objects,
        });
      const { records, drawn } = writer.records(entry, options, context);
      if (placesImage) await placer.add(image.path, join(root, writer.imagePath(split, entry.name)));
      for (const d of drawn)
        await placer.add(image.path, join(root, d.image), (source, dest) =>
          drawRegion(source, dest, [image.width, image.height], d.box),
        );
      for (const r of records) await writers.add(r);
      const c = counts[split];
      c.images++;
      c.annotations += objects.length;
      for (const o of objects) c.labels[o.category] = (c.labels[o.category] ?? 0) + 1;
      options.onProgress?.(done, keys.length, image.path);
    }
    await placer.finish();
  } finally {
    await placer.settle();
    await writers.closeAll();
  }
  return {
    manifest: {
      format,
      createdAt,
      studioVersion: options.studioVersion,
      sourceProject: { path: store.path, name: store.info().name },
      filters,
      split: options.split,
      counts,
      files: writers.files(),
    },
    issues: issues.toReport(),
  };
}

/** The open output files of an export, by path under the root. */
class Writers {
  private readonly open = new Map<string, JsonArrayFile | CocoFile | OutFile>();
  private readonly written: string[] = [];

  constructor(
    private readonly root: string,
    /** The head of sectioned (COCO) files. */
    private readonly header: Record<string, unknown>,
  ) {}

  files(): string[] {
    return [...this.written].sort();
  }

  async add(r: OutputRecord): Promise<void> {
    const path = join(this.root, r.file);
    if (r.kind === 'text') {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, r.record);
      this.written.push(r.file);
      return;
    }
    let file = this.open.get(r.file);
    if (!file) {
      file =
        r.kind === 'coco-image' || r.kind === 'coco-annotation'
          ? await CocoFile.open(path, this.header)
          : r.kind === 'json'
            ? await JsonArrayFile.open(path)
            : await OutFile.open(path);
      if (r.kind === 'csv') await (file as OutFile).write(csvLine(Object.keys(r.record)));
      this.open.set(r.file, file);
      this.written.push(r.file);
    }
    if (r.kind === 'coco-image') await (file as CocoFile).images.add(r.record);
    else if (r.kind === 'coco-annotation') await (file as CocoFile).annotations.add(r.record);
    else if (r.kind === 'json') await (file as JsonArrayFile).add(r.record);
    else if (r.kind === 'jsonl') await (file as OutFile).write(`${JSON.stringify(r.record)}\n`);
    else if (r.kind === 'csv') await (file as OutFile).write(csvLine(Object.values(r.record)));
  }

  async closeAll(): Promise<void> {
    for (const file of this.open.values()) await file.close();
    this.open.clear();
  }
}

/**
 * Copies or links images into the export a few at a time (file copies wait on the disk, not the CPU), each
 * folder made once. The first failure is thrown by the next `add` or by `finish`.
 */
class ImagePlacer {
  private readonly pending = new Set<Promise<void>>();
  private readonly folders = new Map<string, Promise<unknown>>();
  private failure: unknown = null;

  constructor(
    private readonly how: ImagePlacement,
    private readonly concurrency = 16,
  ) {}

  async add(
    source: string,
    dest: string,
    place: (source: string, dest: string) => Promise<void> = this.place,
  ): Promise<void> {
    if (this.failure) throw this.failure;
    while (this.pending.size >= this.concurrency) await Promise.race(this.pending);
    const dir = dirname(dest);
    let folder = this.folders.get(dir);
    if (!folder) this.folders.set(dir, (folder = mkdir(dir, { recursive: true })));
    const job = folder
      .then(() => place.call(this, source, dest))
      .catch((err: unknown) => {
        this.failure ??= err;
      })
      .finally(() => this.pending.delete(job));
    this.pending.add(job);
  }

  async finish(): Promise<void> {
    await this.settle();
    if (this.failure) throw this.failure;
  }

  /** Waits for the placements under way (before the temp folder is removed on a failure). */
  async settle(): Promise<void> {
    await Promise.allSettled(this.pending);
  }

  private async place(source: string, dest: string): Promise<void> {
    try {
      if (this.how === 'symlink') return await symlink(source, dest);
      if (this.how === 'hardlink') {
        try {
          return await link(source, dest);
        } catch (err) {
          // Another filesystem or one without links: a copy is what the user gets instead.
          if (!['EXDEV', 'EPERM', 'ENOTSUP'].includes((err as NodeJS.ErrnoException).code ?? '')) throw err;
        }
      }
      await copyFile(source, dest);
    } catch (err) {
      throw new StudioError('io_error', `Could not place ${source} in the export: ${(err as Error).message}`);
    }
  }
}

/** A copy of the image, turned upright (its size as the project shows it), with the box drawn in red. */
async function drawRegion(
  source: string,
  dest: string,
  [width, height]: [number, number],
  [x1, y1, x2, y2]: [number, number, number, number],
): Promise<void> {
  const stroke = Math.max(2, Math.round(Math.min(width, height) / 200));
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
    `<rect x="${x1}" y="${y1}" width="${x2 - x1}" height="${y2 - y1}" fill="none" stroke="#ff0000" ` +
    `stroke-width="${stroke}"/></svg>`;
  await sharp(source)
    .rotate()
    .composite([{ input: Buffer.from(svg) }])
    .toFile(dest);
}
