// The review queue's queries and the audit trail (schema v8). One filter -> SQL definition serves the queue,
// the per-image view, the bulk preview and the bulk action, so the count a reviewer is shown before a bulk
// accept is the number of proposals it changes. Every review change writes its audit rows in the same
// transaction as the change (the caller's).
import type {
  AuditAction,
  AuditEntry,
  ReviewFilter,
  ReviewQueueItem,
  ReviewStats,
} from '../../shared/api/review';
import { DECISION_STATE } from '../../shared/api/review';
import { REVIEW_STATES, type Annotation, type ReviewState } from '../../shared/domain';
import type { AnnotationsRepo } from './annotations-repo';
import type { SqlCondition } from './image-filter';
import type { Statements } from './statements';
import { changeEach } from './store-errors';

/** The filter as conditions on `annotations a`: model proposals only. */
export function reviewConditions(filter: ReviewFilter): SqlCondition {
  const clauses = ["a.source = 'model'"];
  const params: unknown[] = [];
  const inList = (column: string, values: readonly unknown[] | undefined) => {
    if (values === undefined) return;
    if (values.length === 0) clauses.push('0');
    else {
      clauses.push(`${column} IN (${values.map(() => '?').join(', ')})`);
      params.push(...values);
    }
  };
  inList('a.label_id', filter.labelIds);
  inList('a.model_id', filter.modelIds);
  inList('a.job_id', filter.jobIds);
  inList('a.review_state', filter.states);
  if (filter.minScore !== undefined) {
    clauses.push('a.score >= ?');
    params.push(filter.minScore);
  }
  if (filter.maxScore !== undefined) {
    clauses.push('a.score <= ?');
    params.push(filter.maxScore);
  }
  return { clauses, params };
}

const where = (c: SqlCondition) => `WHERE ${c.clauses.join(' AND ')}`;
/** Proposals still to review that the filter matches (its own states aside). */
const toReview = (filter: ReviewFilter) => reviewConditions({ ...filter, states: ['proposed'] });

const emptyCounts = (): Record<ReviewState, number> =>
  Object.fromEntries(REVIEW_STATES.map((s) => [s, 0])) as Record<ReviewState, number>;

interface AuditRow {
  id: number;
  annotation_id: number;
  image_id: number;
  at: string;
  who: string;
  action: AuditAction;
  before_state: ReviewState | null;
  after_state: ReviewState | null;
  before_label_id: number | null;
  after_label_id: number | null;
  detail: string | null;
}

/** One change to record: the annotation before and after. */
export interface AuditChange {
  annotationId: number;
  imageId: number;
  action: AuditAction;
  before: { state: ReviewState | null; labelId: number | null };
  after: { state: ReviewState | null; labelId: number | null };
  detail?: Record<string, unknown> | null;
}

export class ReviewRepo {
  constructor(
    private readonly sql: Statements,
    private readonly annotationsRepo: AnnotationsRepo,
    private readonly now: () => string,
  ) {}

  queue(filter: ReviewFilter, offset: number, limit: number): { items: ReviewQueueItem[]; total: number } {
    const c = reviewConditions(filter);
    const total = this.sql
      .get(`SELECT count(DISTINCT a.image_id) FROM annotations a ${where(c)}`)
      .pluck()
      .get(...c.params) as number;
    const page = this.sql
      .get(
        `SELECT a.image_id, count(*) AS matching, i.path, i.width, i.height
         FROM annotations a JOIN images i ON i.id = a.image_id ${where(c)}
         GROUP BY a.image_id ORDER BY a.image_id LIMIT ? OFFSET ?`,
      )
      .all(...c.params, limit, offset) as {
      image_id: number;
      matching: number;
      path: string;
      width: number;
      height: number;
    }[];
    const counts = this.countsByImage(page.map((r) => r.image_id));
    return {
      total,
      items: page.map((r) => ({
        imageId: r.image_id,
        path: r.path,
        width: r.width,
        height: r.height,
        matching: r.matching,
        counts: counts.get(r.image_id) ?? emptyCounts(),
      })),
    };
  }

  /** The image's proposals the filter matches, highest score first. */
  matchingOnImage(imageId: number, filter: ReviewFilter): number[] {
    const c = reviewConditions(filter);
    return this.sql
      .get(
        `SELECT a.id FROM annotations a ${where(c)} AND a.image_id = ?
         ORDER BY coalesce(a.score, -1) DESC, a.id`,
      )
      .pluck()
      .all(...c.params, imageId) as number[];
  }

  /** The next (or previous) image in id order with a proposal to review; wraps round, never `from` itself. */
  neighbor(from: number | undefined, direction: 'next' | 'prev', filter: ReviewFilter): number | null {
    const c = toReview(filter);
    const [cmp, order] = direction === 'next' ? ['>', 'ASC'] : ['<', 'DESC'];
    const find = (clause: string, params: unknown[]) =>
      (this.sql
        .get(
          `SELECT a.image_id FROM annotations a ${where(c)} ${clause} ORDER BY a.image_id ${order} LIMIT 1`,
        )
        .pluck()
        .get(...c.params, ...params) as number | undefined) ?? null;
    if (from === undefined) return find('', []);
    return find(`AND a.image_id ${cmp} ?`, [from]) ?? find('AND a.image_id != ?', [from]);
  }

  bulkPreview(filter: ReviewFilter): { annotations: number; images: number } {
    const c = toReview(filter);
    const row = this.sql
      .get(`SELECT count(*) AS n, count(DISTINCT a.image_id) AS images FROM annotations a ${where(c)}`)
      .get(...c.params) as { n: number; images: number };
    return { annotations: row.n, images: row.images };
  }

  /** Accepts or rejects every proposal bulkPreview counts, with an audit row each; returns how many. */
  bulkApply(filter: ReviewFilter, decision: 'accept' | 'reject', who: string): number {
    const c = toReview(filter);
    const state = DECISION_STATE[decision];
    const at = this.now();
    const detail = JSON.stringify({ filter });
    this.sql
      .get(
        `INSERT INTO review_audit (annotation_id, image_id, at, who, action, before_state, after_state,
           before_label_id, after_label_id, detail)
         SELECT a.id, a.image_id, ?, ?, ?, a.review_state, ?, a.label_id, a.label_id, ?
         FROM annotations a ${where(c)}`,
      )
      .run(at, who, `bulk-${decision}`, state, detail, ...c.params);
    return this.sql
      .get(
        `UPDATE annotations SET review_state = ?, updated_at = ?
         WHERE id IN (SELECT a.id FROM annotations a ${where(c)})`,
      )
      .run(state, at, ...c.params).changes;
  }

  /** Sets the review state of annotations by id, recording each one that changes; 'not_found' for unknown ids. */
  decide(ids: readonly number[], state: ReviewState, who: string, action: AuditAction): void {
    const read = this.sql.get('SELECT image_id, review_state, label_id FROM annotations WHERE id = ?');
    const update = this.sql.get('UPDATE annotations SET review_state = ?, updated_at = ? WHERE id = ?');
    const at = this.now();
    const changes: AuditChange[] = [];
    changeEach(ids, 'annotation', (id) => {
      const before = read.get(id) as
        { image_id: number; review_state: ReviewState; label_id: number | null } | undefined;
      if (!before) return 0;
      if (before.review_state !== state)
        changes.push({
          annotationId: id,
          imageId: before.image_id,
          action,
          before: { state: before.review_state, labelId: before.label_id },
          after: { state, labelId: before.label_id },
        });
      return update.run(state, at, id).changes;
    });
    this.record(changes, who, at);
  }

  /** Annotations by id, in the order asked (what a decision answers with). */
  annotations(ids: readonly number[]): Annotation[] {
    return this.annotationsRepo.byIds(ids);
  }

  record(changes: readonly AuditChange[], who: string, at = this.now()): void {
    const insert = this.sql.get(
      `INSERT INTO review_audit (annotation_id, image_id, at, who, action, before_state, after_state,
         before_label_id, after_label_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const ch of changes)
      insert.run(
        ch.annotationId,
        ch.imageId,
        at,
        who,
        ch.action,
        ch.before.state,
        ch.after.state,
        ch.before.labelId,
        ch.after.labelId,
        ch.detail ? JSON.stringify(ch.detail) : null,
      );
  }

  history(annotationId: number): AuditEntry[] {
    const rows = this.sql
      .get('SELECT * FROM review_audit WHERE annotation_id = ? ORDER BY id')
      .all(annotationId) as AuditRow[];
    return rows.map((r) => ({
      id: r.id,
      annotationId: r.annotation_id,
      imageId: r.image_id,
      at: r.at,
      who: r.who,
      action: r.action,
      before: { state: r.before_state, labelId: r.before_label_id },
      after: { state: r.after_state, labelId: r.after_label_id },
      detail: r.detail === null ? null : (JSON.parse(r.detail) as Record<string, unknown>),
    }));
  }

  stats(filter: ReviewFilter): ReviewStats {
    const c = reviewConditions(filter);
    const proposed = "sum(a.review_state = 'proposed')";
    const byState = emptyCounts();
    for (const r of this.sql
      .get(
        `SELECT a.review_state AS state, count(*) AS n FROM annotations a ${where(c)} GROUP BY a.review_state`,
      )
      .all(...c.params) as { state: ReviewState; n: number }[])
      byState[r.state] = r.n;
    const byLabel = this.sql
      .get(
        `SELECT a.label_id AS labelId, l.name, count(*) AS count, ${proposed} AS proposed
         FROM annotations a LEFT JOIN labels l ON l.id = a.label_id ${where(c)}
         GROUP BY a.label_id ORDER BY count DESC, a.label_id`,
      )
      .all(...c.params) as ReviewStats['byLabel'];
    const byJob = this.sql
      .get(
        `SELECT a.job_id AS jobId, j.name, count(*) AS count, ${proposed} AS proposed
         FROM annotations a LEFT JOIN batch_jobs j ON j.id = a.job_id ${where(c)}
         GROUP BY a.job_id ORDER BY a.job_id`,
      )
      .all(...c.params) as ReviewStats['byJob'];
    const byModel = this.sql
      .get(
        `SELECT a.model_id AS modelId, count(*) AS count, ${proposed} AS proposed
         FROM annotations a ${where(c)} GROUP BY a.model_id ORDER BY count DESC`,
      )
      .all(...c.params) as ReviewStats['byModel'];
    const total = Object.values(byState).reduce((a, b) => a + b, 0);
    return { total, byState, byLabel, byJob, byModel };
  }

  private countsByImage(imageIds: readonly number[]): Map<number, Record<ReviewState, number>> {
    const out = new Map<number, Record<ReviewState, number>>();
    if (imageIds.length === 0) return out;
    const rows = this.sql
      .get(
        `SELECT image_id, review_state AS state, count(*) AS n FROM annotations
         WHERE source = 'model' AND image_id IN (${imageIds.map(() => '?').join(', ')})
         GROUP BY image_id, review_state`,
      )
      .all(...imageIds) as { image_id: number; state: ReviewState; n: number }[];
    for (const r of rows) {
      const counts = out.get(r.image_id) ?? emptyCounts();
      counts[r.state] = r.n;
      out.set(r.image_id, counts);
    }
    return out;
  }
}
