import type { Annotation } from '../../shared/domain';
import { StudioError } from '../../shared/errors';
import { annotationArea } from './annotation-geometry';
import type { ImagesRepo } from './images-repo';
import type { LabelsRepo } from './labels-repo';
import type { PromptsRepo } from './prompts-repo';
import { toAnnotation, type AnnotationRow } from './rows';
import type { Statements } from './statements';
import { changeEach, notFound } from './store-errors';
import type { AnnotationFields, NewAnnotation } from './types';

type Fields = Omit<AnnotationFields, 'id'>;

/** An annotation without its geometry: what export filters and splits read. */
export type AnnotationSummary = Pick<
  Annotation,
  'id' | 'labelId' | 'kind' | 'source' | 'score' | 'reviewState'
>;
type AnnotationSummaryRow = Pick<
  AnnotationRow,
  'id' | 'image_id' | 'label_id' | 'kind' | 'source' | 'score' | 'review_state'
>;

/** The columns from label_id to review_state, in table order, as both INSERT and UPDATE bind them. */
const columnValues = (a: Fields, area: number) =>
  [
    a.labelId,
    a.kind,
    JSON.stringify(a.geometry),
    a.rle?.counts ?? null,
    a.rle?.size[0] ?? null,
    a.rle?.size[1] ?? null,
    area,
    a.source,
    a.modelId,
    a.promptId,
    a.score,
    a.reviewState,
  ] as const;

/** A boolean as its 0/1 column value; absent stays null. */
const flag = (value: boolean | undefined) => (value === undefined ? null : value ? 1 : 0);

export class AnnotationsRepo {
  constructor(
    private readonly sql: Statements,
    private readonly images: ImagesRepo,
    private readonly labels: LabelsRepo,
    private readonly prompts: PromptsRepo,
    private readonly now: () => string,
  ) {}

  list(imageId: number): Annotation[] {
    this.images.requireExists(imageId);
    const rows = this.sql
      .get('SELECT * FROM annotations WHERE image_id = ? ORDER BY id')
      .all(imageId) as AnnotationRow[];
    return rows.map(toAnnotation);
  }

  /** The annotations of several images (a page), by image id, each image's in id order: one query for them all. */
  ofImages(imageIds: readonly number[]): Map<number, Annotation[]> {
    const out = new Map(imageIds.map((id) => [id, [] as Annotation[]]));
    const rows = this.sql
      .get(
        'SELECT * FROM annotations WHERE image_id IN (SELECT value FROM json_each(?)) ORDER BY image_id, id',
      )
      .all(JSON.stringify(imageIds)) as AnnotationRow[];
    for (const row of rows) out.get(row.image_id)!.push(toAnnotation(row));
    return out;
  }

  /** What filters read of the annotations of several images, without their geometry (see ofImages). */
  summariesOfImages(imageIds: readonly number[]): Map<number, AnnotationSummary[]> {
    const out = new Map(imageIds.map((id) => [id, [] as AnnotationSummary[]]));
    const rows = this.sql
      .get(
        `SELECT id, image_id, label_id, kind, source, score, review_state FROM annotations
         WHERE image_id IN (SELECT value FROM json_each(?)) ORDER BY image_id, id`,
      )
      .all(JSON.stringify(imageIds)) as AnnotationSummaryRow[];
    for (const r of rows)
      out.get(r.image_id)!.push({
        id: r.id,
        labelId: r.label_id,
        kind: r.kind,
        source: r.source,
        score: r.score,
        reviewState: r.review_state,
      });
    return out;
  }

  /** Annotations by id, in the order asked; unknown ids are left out. */
  byIds(ids: readonly number[]): Annotation[] {
    const read = this.sql.get('SELECT * FROM annotations WHERE id = ?');
    return ids.flatMap((id) => {
      const row = read.get(id) as AnnotationRow | undefined;
      return row ? [toAnnotation(row)] : [];
    });
  }

  /**
   * Deletes, updates (`id` set) and creates (`id` absent) annotations of one image. Run inside a transaction:
   * any unknown or foreign id, label or prompt throws before the caller commits, so nothing is written.
   */
  save(imageId: number, upserts: readonly AnnotationFields[], deletes: readonly number[]): Annotation[] {
    const size = this.images.size(imageId);
    const updated = new Set(upserts.flatMap((u) => (u.id === undefined ? [] : [u.id])));
    const both = deletes.filter((id) => updated.has(id));
    if (both.length > 0) {
      throw new StudioError(
        'invalid_input',
        `Annotation ${both[0]} cannot be both changed and deleted in one save.`,
      );
    }
    this.checkReferences(upserts);
    const onImage = `on image ${imageId}`;
    const remove = this.sql.get('DELETE FROM annotations WHERE id = ? AND image_id = ?');
    changeEach(deletes, 'annotation', (id) => remove.run(id, imageId).changes, onImage);

    const at = this.now();
    // Locked and hidden left out of an upsert keep what the row holds (COALESCE with NULL).
    const update = this.sql.get(
      `UPDATE annotations SET label_id = ?, kind = ?, geometry = ?, rle_counts = ?, rle_h = ?, rle_w = ?, area = ?,
         source = ?, model_id = ?, prompt_id = ?, score = ?, review_state = ?, locked = COALESCE(?, locked),
         hidden = COALESCE(?, hidden), updated_at = ?
       WHERE id = ? AND image_id = ?`,
    );
    const unknown: number[] = [];
    for (const u of upserts) {
      const area = annotationArea(u, size);
      if (u.id === undefined) {
        this.insertRow(imageId, u, area, at);
        continue;
      }
      const flags = [flag(u.locked), flag(u.hidden)] as const;
      const changes = update.run(...columnValues(u, area), ...flags, at, u.id, imageId).changes;
      if (changes === 0) unknown.push(u.id);
    }
    if (unknown.length > 0) throw notFound('annotation', unknown, onImage);
    return this.list(imageId);
  }

  /** Bulk insert (batch pre-labelling, dataset import); returns the new ids in input order. */
  insertMany(items: readonly NewAnnotation[]): number[] {
    this.checkReferences(items);
    const sizes = new Map<number, [number, number]>();
    const at = this.now();
    return items.map((item) => {
      let size = sizes.get(item.imageId);
      if (!size) {
        size = this.images.size(item.imageId);
        sizes.set(item.imageId, size);
      }
      return this.insertRow(item.imageId, item, annotationArea(item, size), at, item);
    });
  }

  private insertRow(
    imageId: number,
    a: Fields,
    area: number,
    at: string,
    origin: Pick<NewAnnotation, 'jobId' | 'modelPrompt'> = {},
  ): number {
    const insert = this.sql.get(
      `INSERT INTO annotations (image_id, label_id, kind, geometry, rle_counts, rle_h, rle_w, area, source,
         model_id, prompt_id, score, review_state, locked, hidden, job_id, model_prompt, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const flags = [flag(a.locked) ?? 0, flag(a.hidden) ?? 0] as const;
    const from = [origin.jobId ?? null, origin.modelPrompt ?? null] as const;
    return Number(insert.run(imageId, ...columnValues(a, area), ...flags, ...from, at, at).lastInsertRowid);
  }

  /** Labels and prompts named by the annotations must exist: refused with their ids rather than a bare FK error. */
  private checkReferences(items: readonly Fields[]): void {
    const labelIds = items.flatMap((a) => (a.labelId === null ? [] : [a.labelId]));
    const unknownLabels = this.labels.unknownIds(labelIds);
    if (unknownLabels.length > 0) throw notFound('label', unknownLabels);
    const promptIds = items.flatMap((a) => (a.promptId === null ? [] : [a.promptId]));
    const unknownPrompts = this.prompts.unknownIds(promptIds);
    if (unknownPrompts.length > 0) throw notFound('prompt', unknownPrompts);
  }
}
