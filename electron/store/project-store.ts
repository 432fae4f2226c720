// One open project file: the repositories over one connection, every write in one immediate transaction.
import { AsyncRequestsRepo } from './async-requests-repo';
import type { BackupInfo, BackupKeep } from '../../shared/backups';
import { backupBeforeMigration, createBackup } from './backups';
import { resolve } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { ImageFilter, ImagePage } from '../../shared/api';
import type {
  Annotation,
  ImageRecord,
  ImageStatus,
  Label,
  ProjectInfo,
  Prompt,
  PromptInput,
  ReviewState,
} from '../../shared/domain';
import { AnnotationsRepo, type AnnotationSummary } from './annotations-repo';
import { BatchRepo } from './batch-repo';
import { EvalRepo } from './eval-repo';
import { ChainsRepo } from './chains-repo';
import { ImagesRepo } from './images-repo';
import { LabelsRepo } from './labels-repo';
import { SCHEMA_VERSION } from './migrations';
import { ModelRunsRepo } from './model-runs-repo';
import { createDatabase, openDatabase, type ReadOnlyReason } from './open-database';
import { ProjectRepo } from './project-repo';
import { ReviewRepo, type AuditChange } from './review-repo';
import { PromptsRepo } from './prompts-repo';
import { SequencesRepo, type FrameExport } from './sequences-repo';
import { SettingsRepo } from './settings-repo';
import { SourceFieldsRepo, type ImageSourceFields, type SourceFields } from './source-fields-repo';
import { Statements } from './statements';
import { readOnlyError, translateSqliteError } from './store-errors';
import type {
  AnnotationFields,
  ImageLocation,
  LabelPatch,
  ModelRun,
  NewAnnotation,
  NewImage,
  NewModelRun,
} from './types';

export interface CreateProjectOptions {
  name: string;
  now?: () => Date;
  busyTimeoutMs?: number;
}

export interface OpenProjectOptions {
  readOnly?: boolean;
  /** How long a write waits for another window or process to finish its own before failing as 'locked'. */
  busyTimeoutMs?: number;
  now?: () => Date;
}

const realClock = () => new Date();

/** Who the audit names when a caller does not say (scripts on the store itself). */
export const UNKNOWN_REVIEWER = 'unknown';

/** The edits of a save worth an audit row: proposals whose state, label or shape changed, or that went. */
function auditedEdits(
  before: ReadonlyMap<number, Annotation>,
  after: readonly Annotation[],
  deletes: readonly number[],
): AuditChange[] {
  const changes: AuditChange[] = [];
  for (const a of after) {
    const b = before.get(a.id);
    if (!b || b.source !== 'model') continue;
    const shape =
      JSON.stringify(b.geometry) !== JSON.stringify(a.geometry) || b.rle?.counts !== a.rle?.counts;
    if (!shape && b.reviewState === a.reviewState && b.labelId === a.labelId) continue;
    changes.push({
      annotationId: a.id,
      imageId: a.imageId,
      action: 'edit',
      before: { state: b.reviewState, labelId: b.labelId },
      after: { state: a.reviewState, labelId: a.labelId },
      detail: shape ? { shape: true } : null,
    });
  }
  for (const id of deletes) {
    const b = before.get(id);
    if (b?.source === 'model')
      changes.push({
        annotationId: id,
        imageId: b.imageId,
        action: 'edit',
        before: { state: b.reviewState, labelId: b.labelId },
        after: { state: null, labelId: null },
        detail: { deleted: true },
      });
  }
  return changes;
}

export class ProjectStore {
  private readonly project: ProjectRepo;
  private readonly images: ImagesRepo;
  private readonly labels: LabelsRepo;
  private readonly annotations: AnnotationsRepo;
  private readonly prompts: PromptsRepo;
  private readonly modelRuns: ModelRunsRepo;
  private readonly settings: SettingsRepo;
  private readonly sourceFields: SourceFieldsRepo;
  private readonly chains: ChainsRepo;
  private readonly batch: BatchRepo;
  private readonly review: ReviewRepo;
  private readonly evals: EvalRepo;
  private readonly sequences: SequencesRepo;
  private readonly asyncRequests: AsyncRequestsRepo;

  private constructor(
    private readonly db: Database,
    /** Absolute path of the project file. */
    readonly path: string,
    private readonly readOnlyReason: ReadOnlyReason | null,
    private readonly now: () => Date,
  ) {
    const sql = new Statements(db);
    const timestamp = () => now().toISOString();
    this.project = new ProjectRepo(sql);
    this.images = new ImagesRepo(sql, timestamp);
    this.labels = new LabelsRepo(sql);
    this.prompts = new PromptsRepo(sql, this.images, timestamp);
    this.annotations = new AnnotationsRepo(sql, this.images, this.labels, this.prompts, timestamp);
    this.modelRuns = new ModelRunsRepo(sql, this.images, this.prompts);
    this.settings = new SettingsRepo(sql);
    this.sourceFields = new SourceFieldsRepo(sql);
    this.chains = new ChainsRepo(sql, timestamp);
    this.batch = new BatchRepo(sql, timestamp);
    this.review = new ReviewRepo(sql, this.annotations, timestamp);
    this.evals = new EvalRepo(sql);
    this.sequences = new SequencesRepo(sql, timestamp, (changes) =>
      this.review.record(changes, UNKNOWN_REVIEWER),
    );
    this.asyncRequests = new AsyncRequestsRepo(sql);
  }

  /** Creates a new project file (and its folder); 'conflict' when a file is already there. */
  static create(path: string, { name, now = realClock, busyTimeoutMs }: CreateProjectOptions): ProjectStore {
    const file = resolve(path);
    const db = createDatabase(file, { busyTimeoutMs }, (fresh) =>
      new ProjectRepo(new Statements(fresh)).insert(name, now().toISOString()),
    );
    return new ProjectStore(db, file, null, now);
  }

  /**
   * Opens a project file, upgrading its schema when it is older. Read-only when asked or when the file or its
   * folder is not writable. Refuses other files ('invalid_input') and newer projects ('schema_too_new').
   */
  static open(
    path: string,
    { readOnly, busyTimeoutMs, now = realClock }: OpenProjectOptions = {},
  ): ProjectStore {
    const file = resolve(path);
    const {
      db,
      readOnly: reason,
      migratedFrom,
    } = openDatabase(file, {
      readOnly,
      busyTimeoutMs,
      beforeMigrate: (fresh, from) => backupBeforeMigration(fresh, file, from, { now }),
    });
    const store = new ProjectStore(db, file, reason, now);
    store.migratedFrom = migratedFrom;
    try {
      store.info();
    } catch (err) {
      store.close();
      throw err;
    }
    return store;
  }

  /** The schema version this open upgraded the file from (null: it was up to date, or new). */
  migratedFrom: number | null = null;

  get readOnly(): boolean {
    return this.readOnlyReason !== null;
  }

  close(): void {
    this.db.close();
  }

  /** A verified copy of the project in its backups folder (online backup API: writes go on meanwhile). */
  backup(
    reason: 'daily' | 'manual' | 'before-restore',
    options: { keep?: BackupKeep } = {},
  ): Promise<BackupInfo> {
    return createBackup(this.db, this.path, reason, { now: this.now, keep: options.keep });
  }

  info(): ProjectInfo {
    return this.read(() => {
      const { name, created_at } = this.project.read(this.path);
      return {
        path: this.path,
        name,
        schemaVersion: SCHEMA_VERSION,
        createdAt: created_at,
        readOnly: this.readOnly,
        counts: this.project.counts(),
      };
    });
  }

  // Images

  insertImages(rows: readonly NewImage[]): { added: number; alreadyPresent: number } {
    return this.write(() => this.images.insert(rows));
  }

  knownPaths(): Set<string> {
    return this.read(() => this.images.knownPaths());
  }

  listImages(filter: ImageFilter, offset: number, limit: number): ImagePage {
    return this.read(() => this.images.list(filter, offset, limit));
  }

  getImage(id: number): ImageRecord {
    return this.read(() => this.images.get(id));
  }

  neighbor(id: number, direction: 'prev' | 'next', filter: ImageFilter): number | null {
    return this.read(() => this.images.neighbor(id, direction, filter));
  }

  setImageStatus(ids: readonly number[], status: ImageStatus): void {
    this.write(() => this.images.setStatus(ids, status));
  }

  removeImages(ids: readonly number[]): void {
    this.write(() => this.images.remove(ids));
  }

  allImages(): ImageLocation[] {
    return this.read(() => this.images.all());
  }

  setMissing(ids: readonly number[], missing: boolean): void {
    this.write(() => this.images.setMissing(ids, missing));
  }

  relinkImage(id: number, newPath: string): void {
    this.write(() => this.images.relink(id, newPath));
  }

  // Labels

  listLabels(): Label[] {
    return this.read(() => this.labels.list());
  }

  createLabel(label: { name: string; color?: string; hotkey?: number | null }): Label {
    return this.write(() => this.labels.create(label));
  }

  updateLabel(id: number, patch: LabelPatch): Label {
    return this.write(() => this.labels.update(id, patch));
  }

  removeLabel(id: number): void {
    this.write(() => this.labels.remove(id));
  }

  // Annotations

  listAnnotations(imageId: number): Annotation[] {
    return this.read(() => this.annotations.list(imageId));
  }

  /**
   * Creates, updates and deletes annotations of one image, all or nothing; returns the image's annotations.
   * A change to a proposal's review state, label or shape, or its deletion, is audited as `who`'s edit.
   */
  saveAnnotations(
    imageId: number,
    upserts: readonly AnnotationFields[],
    deletes: readonly number[],
    who = UNKNOWN_REVIEWER,
  ): Annotation[] {
    return this.write(() => {
      // Only the rows this save changes or deletes: an editor save must not re-read the whole image.
      const touched = [...upserts.flatMap((u) => (u.id === undefined ? [] : [u.id])), ...deletes];
      const before = new Map(this.annotations.byIds(touched).map((a) => [a.id, a]));
      const after = this.annotations.save(imageId, upserts, deletes);
      this.review.record(auditedEdits(before, after, deletes), who);
      return after;
    });
  }

  /** Annotations by id, any image (the ones that exist). */
  annotationsByIds(ids: readonly number[]): Annotation[] {
    return this.read(() => this.annotations.byIds(ids));
  }

  /** Adds many annotations across images in one transaction; returns their ids in input order. */
  insertAnnotations(items: readonly NewAnnotation[]): number[] {
    return this.write(() => this.annotations.insertMany(items));
  }

  /** Sets the review state of annotations by id, each change audited as `who`'s. */
  setReview(ids: readonly number[], state: ReviewState, who = UNKNOWN_REVIEWER): void {
    this.write(() => this.review.decide(ids, state, who, 'set'));
  }

  // Prompts and model runs

  /** Records a closed prompt (what a batch job asked a model, say). */
  addPrompt(imageId: number, prompt: PromptInput): Prompt {
    return this.write(() => this.prompts.add(imageId, prompt));
  }

  listPrompts(imageId: number): Prompt[] {
    return this.read(() => this.prompts.list(imageId));
  }

  /** The prompt being edited on the image, or null. */
  currentPrompt(imageId: number): Prompt | null {
    return this.read(() => this.prompts.current(imageId));
  }

  /** Replaces the image's open prompt; an empty one removes it. */
  setCurrentPrompt(imageId: number, prompt: PromptInput): Prompt | null {
    return this.write(() => this.prompts.setCurrent(imageId, prompt));
  }

  closePrompt(id: number): void {
    this.write(() => this.prompts.close(id));
  }

  removePrompt(id: number): void {
    this.write(() => this.prompts.remove(id));
  }

  recordModelRun(run: NewModelRun): ModelRun {
    return this.write(() => this.modelRuns.record(run));
  }

  listModelRuns(imageId: number): ModelRun[] {
    return this.read(() => this.modelRuns.list(imageId));
  }

  // Project settings

  getSetting(key: string): unknown {
    return this.read(() => this.settings.get(key));
  }

  setSetting(key: string, value: unknown): void {
    this.write(() => this.settings.set(key, value));
  }

  // Chains and chain runs

  /** Runs `fn` over the saved chains and chain runs in one read transaction. */
  readChains<T>(fn: (chains: ChainsRepo) => T): T {
    return this.read(() => fn(this.chains));
  }

  /** Runs `fn` over the saved chains and chain runs in one write transaction: all of it or nothing. */
  writeChains<T>(fn: (chains: ChainsRepo) => T): T {
    return this.write(() => fn(this.chains));
  }

  // Review queue and audit trail

  /** Runs `fn` over the review queries in one read transaction. */
  readReview<T>(fn: (review: ReviewRepo) => T): T {
    return this.read(() => fn(this.review));
  }

  /** Runs `fn` over the review changes in one write transaction: the changes and their audit rows, or nothing. */
  writeReview<T>(fn: (review: ReviewRepo) => T): T {
    return this.write(() => fn(this.review));
  }

  // Evaluation results

  /** Runs `fn` over the evaluation results in one read transaction. */
  readEval<T>(fn: (evals: EvalRepo) => T): T {
    return this.read(() => fn(this.evals));
  }

  /** Runs `fn` over the evaluation results in one write transaction: all of it or nothing. */
  writeEval<T>(fn: (evals: EvalRepo) => T): T {
    return this.write(() => fn(this.evals));
  }

  // Async inference requests in flight

  /** Runs `fn` over the ledger of async requests in one write transaction. */
  writeAsyncRequests<T>(fn: (requests: AsyncRequestsRepo) => T): T {
    return this.write(() => fn(this.asyncRequests));
  }

  // Batch jobs

  /** Runs `fn` over the batch jobs in one read transaction. */
  readBatch<T>(fn: (batch: BatchRepo) => T): T {
    return this.read(() => fn(this.batch));
  }

  /** Runs `fn` over the batch jobs in one write transaction: all of it or nothing. */
  writeBatch<T>(fn: (batch: BatchRepo) => T): T {
    return this.write(() => fn(this.batch));
  }

  // Sequences and tracks (schema v10)

  /** Runs `fn` over the sequences and tracks in one read transaction. */
  readSequences<T>(fn: (sequences: SequencesRepo) => T): T {
    return this.read(() => fn(this.sequences));
  }

  /** Runs `fn` over the sequences and tracks in one write transaction: all of it or nothing. */
  writeSequences<T>(fn: (sequences: SequencesRepo) => T): T {
    return this.write(() => fn(this.sequences));
  }

  /**
   * An image of a batch job is done: its proposals (tagged with the job) and the item's 'done' in one
   * transaction. False, and nothing written, when the item was not running (another runner finished it).
   */
  finishBatchItem(
    jobId: number,
    imageId: number,
    proposals: readonly NewAnnotation[],
    ms: number,
    { write, repeats = 0 }: { write?: (store: ProjectStore, jobId: number) => void; repeats?: number } = {},
  ): boolean {
    return this.write(() => {
      if (
        !this.batch.finishItem(jobId, imageId, {
          state: 'done',
          reason: null,
          proposals: proposals.length,
          repeats,
          ms,
        })
      )
        return false;
      this.annotations.insertMany(proposals.map((p) => ({ ...p, imageId, jobId })));
      write?.(this, jobId);
      return true;
    });
  }

  /** The ids of the images a filter matches, in id order (a batch job's image set). */
  imageIdsMatching(filter: ImageFilter): number[] {
    return this.read(() => this.images.idsMatching(filter));
  }

  // Fields of imported datasets the studio does not model (track ids, attributes), kept for exports

  setSourceFields(
    annotations: readonly { annotationId: number; fields: SourceFields }[],
    images: readonly { imageId: number; fields: SourceFields }[] = [],
  ): void {
    this.write(() => {
      this.sourceFields.setForAnnotations(annotations);
      this.sourceFields.setForImages(images);
    });
  }

  /**
   * A page of images (in id order) with their annotations and kept source fields, read in one snapshot: how
   * exports walk a project without a transaction per image.
   */
  /** A page of images, each with its annotations and the fields an import kept: a dataset export's read. */
  imagesWithAnnotations(
    offset: number,
    limit: number,
  ): {
    total: number;
    items: {
      image: ImageRecord;
      annotations: Annotation[];
      sourceFields: ImageSourceFields;
      /** The image as a frame of a sequence (its tracks' keys), or null. */
      sequence: FrameExport | null;
    }[];
  } {
    return this.read(() => {
      const page = this.images.list({}, offset, limit);
      const ids = page.items.map((i) => i.id);
      const annotations = this.annotations.ofImages(ids);
      const sourceFields = this.sourceFields.ofImages(ids);
      const frames = this.sequences.exportOfImages(ids);
      return {
        total: page.total,
        items: page.items.map((image) => ({
          image,
          annotations: annotations.get(image.id)!,
          sourceFields: sourceFields.get(image.id)!,
          sequence: frames.get(image.id) ?? null,
        })),
      };
    });
  }

  /** The same page with only what export filters and splits read of each annotation (no geometry, no kept fields). */
  imagesWithAnnotationSummaries(
    offset: number,
    limit: number,
  ): { total: number; items: { image: ImageRecord; annotations: AnnotationSummary[] }[] } {
    return this.read(() => {
      const page = this.images.list({}, offset, limit);
      const summaries = this.annotations.summariesOfImages(page.items.map((i) => i.id));
      return {
        total: page.total,
        items: page.items.map((image) => ({ image, annotations: summaries.get(image.id)! })),
      };
    });
  }

  /**
   * Runs several store calls as one write transaction (a dataset import: images, labels and annotations all or
   * nothing); the calls inside become savepoints of it.
   */
  transaction<T>(fn: () => T): T {
    return this.write(fn);
  }

  /** Reads see one snapshot (a page and its total agree) even while another process writes. */
  private read<T>(fn: () => T): T {
    try {
      return this.db.transaction(fn).deferred();
    } catch (err) {
      throw translateSqliteError(err, this.path);
    }
  }

  /**
   * BEGIN IMMEDIATE takes the write lock up front, so a concurrent writer waits (busy timeout) at the start
   * instead of failing mid-way, and any error rolls the whole call back.
   */
  private write<T>(fn: () => T): T {
    if (this.readOnlyReason) throw readOnlyError(this.readOnlyReason);
    try {
      return this.db.transaction(fn).immediate();
    } catch (err) {
      throw translateSqliteError(err, this.path);
    }
  }
}
