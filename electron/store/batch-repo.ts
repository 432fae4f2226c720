// Batch jobs and their items (schema v7). Each call runs in the caller's transaction; ProjectStore.writeBatch
// gives one, and finishItem is the one that writes an image's proposals and its 'done' together.
import type {
  BatchItem,
  BatchItemState,
  BatchJob,
  BatchSettings,
  BatchStatus,
  ImageSet,
} from '../../shared/api/batch';
import { BATCH_ITEM_STATES } from '../../shared/api/batch';
import type { Statements } from './statements';
import { notFound } from './store-errors';

interface JobRow {
  id: number;
  kind: string;
  name: string;
  spec: string;
  image_set: string;
  settings: string;
  status: BatchStatus;
  runner: string | null;
  heartbeat_at: number | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  error: string | null;
}

interface ItemRow {
  image_id: number;
  path: string;
  state: BatchItemState;
  attempts: number;
  reason: string | null;
  proposals: number;
  duration_ms: number | null;
  updated_at: string;
}

export interface NewBatchJob {
  kind: string;
  name: string;
  spec: unknown;
  images: ImageSet;
  settings: BatchSettings;
  imageIds: readonly number[];
}

/** Who runs a job right now, as the table keeps it: a live runner refreshes its heartbeat. */
export interface BatchLease {
  runner: string | null;
  heartbeatAt: number | null;
}

const toItem = (r: ItemRow): BatchItem => ({
  imageId: r.image_id,
  path: r.path,
  state: r.state,
  attempts: r.attempts,
  reason: r.reason,
  proposals: r.proposals,
  durationMs: r.duration_ms,
  updatedAt: r.updated_at,
});

export class BatchRepo {
  constructor(
    private readonly sql: Statements,
    private readonly now: () => string,
  ) {}

  create(job: NewBatchJob): BatchJob {
    const at = this.now();
    const id = Number(
      this.sql
        .get(
          `INSERT INTO batch_jobs (kind, name, spec, image_set, settings, status, created_at)
           VALUES (?, ?, ?, ?, ?, 'queued', ?)`,
        )
        .run(
          job.kind,
          job.name,
          JSON.stringify(job.spec),
          JSON.stringify(job.images),
          JSON.stringify(job.settings),
          at,
        ).lastInsertRowid,
    );
    const insert = this.sql.get(
      `INSERT INTO batch_items (job_id, image_id, position, state, updated_at) VALUES (?, ?, ?, 'pending', ?)`,
    );
    job.imageIds.forEach((imageId, position) => insert.run(id, imageId, position, at));
    return this.get(id);
  }

  get(id: number): BatchJob {
    const row = this.sql.get('SELECT * FROM batch_jobs WHERE id = ?').get(id) as JobRow | undefined;
    if (!row) throw notFound('batch job', [id]);
    return this.toJob(row);
  }

  list(statuses?: readonly BatchStatus[]): BatchJob[] {
    const rows = this.sql.get('SELECT * FROM batch_jobs ORDER BY id DESC').all() as JobRow[];
    return rows.filter((r) => !statuses || statuses.includes(r.status)).map((r) => this.toJob(r));
  }

  lease(id: number): BatchLease {
    const row = this.sql.get('SELECT runner, heartbeat_at FROM batch_jobs WHERE id = ?').get(id) as
      { runner: string | null; heartbeat_at: number | null } | undefined;
    if (!row) throw notFound('batch job', [id]);
    return { runner: row.runner, heartbeatAt: row.heartbeat_at };
  }

  /** Takes the job for `runner`: running, items a dead runner left 'running' back to pending. */
  claim(id: number, runner: string, heartbeatAt: number): BatchJob {
    this.sql
      .get(
        `UPDATE batch_jobs SET status = 'running', runner = ?, heartbeat_at = ?, error = NULL,
           started_at = coalesce(started_at, ?), finished_at = NULL WHERE id = ?`,
      )
      .run(runner, heartbeatAt, this.now(), id);
    this.requeueRunning(id);
    return this.get(id);
  }

  heartbeat(id: number, runner: string, at: number): void {
    this.sql.get('UPDATE batch_jobs SET heartbeat_at = ? WHERE id = ? AND runner = ?').run(at, id, runner);
  }

  /** Ends a run of the job: the runner lets go; items it had in flight go back to pending. */
  release(id: number, status: BatchStatus, error: string | null): BatchJob {
    const finished = status === 'done' || status === 'failed' || status === 'cancelled' ? this.now() : null;
    this.sql
      .get(
        `UPDATE batch_jobs SET status = ?, error = ?, runner = NULL, heartbeat_at = NULL, finished_at = ?
         WHERE id = ?`,
      )
      .run(status, error, finished, id);
    this.requeueRunning(id);
    return this.get(id);
  }

  /** Images a runner had in flight go back to pending (their attempt stays counted). */
  private requeueRunning(id: number): void {
    this.sql
      .get(`UPDATE batch_items SET state = 'pending', updated_at = ? WHERE job_id = ? AND state = 'running'`)
      .run(this.now(), id);
  }

  setStatus(id: number, status: BatchStatus, error: string | null = null): BatchJob {
    this.sql.get('UPDATE batch_jobs SET status = ?, error = ? WHERE id = ?').run(status, error, id);
    return this.get(id);
  }

  /** The first `limit` pending images in job order. */
  nextPending(id: number, limit: number): number[] {
    return this.sql
      .get(
        `SELECT image_id FROM batch_items WHERE job_id = ? AND state = 'pending' ORDER BY position LIMIT ?`,
      )
      .pluck()
      .all(id, limit) as number[];
  }

  /** Marks an image as being worked on and counts the attempt; false when it is not pending any more. */
  startItem(id: number, imageId: number): { started: boolean; attempts: number } {
    const row = this.sql
      .get(
        `UPDATE batch_items SET state = 'running', attempts = attempts + 1, updated_at = ?
         WHERE job_id = ? AND image_id = ? AND state = 'pending' RETURNING attempts`,
      )
      .get(this.now(), id, imageId) as { attempts: number } | undefined;
    return { started: row !== undefined, attempts: row?.attempts ?? 0 };
  }

  /** A retried image counts one more attempt and keeps the error that made it retry; the attempts now. */
  retryItem(id: number, imageId: number, reason: string): number {
    const row = this.sql
      .get(
        `UPDATE batch_items SET attempts = attempts + 1, reason = ?, updated_at = ?
         WHERE job_id = ? AND image_id = ? AND state = 'running' RETURNING attempts`,
      )
      .get(reason, this.now(), id, imageId) as { attempts: number } | undefined;
    return row?.attempts ?? 0;
  }

  /**
   * Records an image's outcome. 'done' only from 'running' (returns false otherwise, so a result is never
   * written twice); the caller inserts the proposals in the same transaction only when this returns true.
   */
  finishItem(
    id: number,
    imageId: number,
    outcome: {
      state: 'done' | 'failed' | 'skipped' | 'pending';
      reason: string | null;
      proposals?: number;
      /** Proposals left out as repeats of annotations already on the image. */
      repeats?: number;
      ms?: number;
    },
  ): boolean {
    return (
      this.sql
        .get(
          `UPDATE batch_items SET state = ?, reason = ?, proposals = ?, repeats = ?, duration_ms = ?, updated_at = ?
           WHERE job_id = ? AND image_id = ? AND state = 'running'`,
        )
        .run(
          outcome.state,
          outcome.reason,
          outcome.proposals ?? 0,
          outcome.repeats ?? 0,
          outcome.ms ?? null,
          this.now(),
          id,
          imageId,
        ).changes === 1
    );
  }

  /** Failed and skipped images back to pending with their attempts reset; how many. */
  retryFailed(id: number): number {
    return this.sql
      .get(
        `UPDATE batch_items SET state = 'pending', attempts = 0, reason = NULL, updated_at = ?
         WHERE job_id = ? AND state IN ('failed', 'skipped')`,
      )
      .run(this.now(), id).changes;
  }

  items(
    id: number,
    states: readonly BatchItemState[] | undefined,
    offset: number,
    limit: number,
  ): { items: BatchItem[]; total: number } {
    this.get(id);
    const only = states?.length ? `AND b.state IN (${states.map(() => '?').join(', ')})` : '';
    const params = [id, ...(states ?? [])];
    const total = this.sql
      .get(`SELECT count(*) FROM batch_items b WHERE b.job_id = ? ${only}`)
      .pluck()
      .get(...params) as number;
    const rows = this.sql
      .get(
        `SELECT b.image_id, i.path, b.state, b.attempts, b.reason, b.proposals, b.duration_ms, b.updated_at
         FROM batch_items b JOIN images i ON i.id = b.image_id
         WHERE b.job_id = ? ${only} ORDER BY b.position LIMIT ? OFFSET ?`,
      )
      .all(...params, limit, offset) as ItemRow[];
    return { items: rows.map(toItem), total };
  }

  private toJob(r: JobRow): BatchJob {
    const counts = Object.fromEntries(BATCH_ITEM_STATES.map((s) => [s, 0])) as Record<BatchItemState, number>;
    const rows = this.sql
      .get(
        `SELECT state, count(*) AS n, sum(proposals) AS p, sum(repeats) AS r FROM batch_items
         WHERE job_id = ? GROUP BY state`,
      )
      .all(r.id) as { state: BatchItemState; n: number; p: number; r: number }[];
    let total = 0;
    let proposals = 0;
    let repeats = 0;
    for (const row of rows) {
      counts[row.state] = row.n;
      total += row.n;
      proposals += row.p;
      repeats += row.r;
    }
    return {
      id: r.id,
      kind: r.kind,
      name: r.name,
      status: r.status,
      spec: JSON.parse(r.spec) as unknown,
      images: JSON.parse(r.image_set) as ImageSet,
      settings: JSON.parse(r.settings) as BatchSettings,
      createdAt: r.created_at,
      startedAt: r.started_at,
      finishedAt: r.finished_at,
      error: r.error,
      total,
      counts,
      proposals,
      repeats,
    };
  }
}
