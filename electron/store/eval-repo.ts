// Evaluation results (schema v9): the rows an experiment's images write, and the reads of the results screen.
// Each call runs in the caller's transaction (ProjectStore.readEval / writeEval, or the batch item's finish).
import type { EvalResult, EvalStrategy } from '../../shared/api/eval';
import type { Rle } from '../../shared/domain';
import type { SizeBucket } from '../../shared/eval/size-buckets';
import type { Statements } from './statements';

/** A row to write: the repo adds the id; the scored mask is kept for the overlay. */
export type NewEvalResult = Omit<EvalResult, 'id'> & { prediction: Rle | null };

interface ResultRow {
  id: number;
  job_id: number;
  image_id: number;
  truth_id: number | null;
  label: string | null;
  engine: string;
  model_id: string | null;
  strategy: EvalStrategy;
  bucket: SizeBucket | null;
  area_share: number | null;
  iou: number | null;
  precision: number | null;
  recall: number | null;
  boundary_f: number | null;
  score: number | null;
  shape_guess: number;
  click_ious: string | null;
  noc85: number | null;
  noc90: number | null;
  problem: string | null;
}

const COLUMNS = `id, job_id, image_id, truth_id, label, engine, model_id, strategy, bucket, area_share, iou,
  precision, recall, boundary_f, score, shape_guess, click_ious, noc85, noc90, problem`;

const toResult = (r: ResultRow): EvalResult => ({
  id: r.id,
  jobId: r.job_id,
  imageId: r.image_id,
  truthId: r.truth_id,
  label: r.label,
  engine: r.engine,
  modelId: r.model_id,
  strategy: r.strategy,
  bucket: r.bucket,
  areaShare: r.area_share,
  iou: r.iou,
  precision: r.precision,
  recall: r.recall,
  boundaryF: r.boundary_f,
  score: r.score,
  shapeGuess: r.shape_guess === 1,
  clickIous: r.click_ious === null ? null : (JSON.parse(r.click_ious) as number[]),
  noc85: r.noc85,
  noc90: r.noc90,
  problem: r.problem,
});

export interface EvalResultQuery {
  engine?: string;
  strategy?: EvalStrategy;
  bucket?: SizeBucket;
  order: 'worst' | 'best' | 'image';
  offset: number;
  limit: number;
}

const ORDER_BY = {
  worst: 'iou ASC, id ASC',
  best: 'iou DESC, id ASC',
  image: 'image_id ASC, id ASC',
} as const;

export class EvalRepo {
  constructor(private readonly sql: Statements) {}

  insertMany(rows: readonly NewEvalResult[]): void {
    const insert = this.sql.get(
      `INSERT INTO eval_results (job_id, image_id, truth_id, label, engine, model_id, strategy, bucket, area_share,
         iou, precision, recall, boundary_f, score, shape_guess, click_ious, noc85, noc90, prediction, problem)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const r of rows) {
      insert.run(
        r.jobId,
        r.imageId,
        r.truthId,
        r.label,
        r.engine,
        r.modelId,
        r.strategy,
        r.bucket,
        r.areaShare,
        r.iou,
        r.precision,
        r.recall,
        r.boundaryF,
        r.score,
        r.shapeGuess ? 1 : 0,
        r.clickIous === null ? null : JSON.stringify(r.clickIous),
        r.noc85,
        r.noc90,
        r.prediction === null ? null : JSON.stringify(r.prediction),
        r.problem,
      );
    }
  }

  /** Every row of a job, in image order (the summary and the CSV read them all). */
  all(jobId: number): EvalResult[] {
    return (
      this.sql
        .get(`SELECT ${COLUMNS} FROM eval_results WHERE job_id = ? ORDER BY image_id, id`)
        .all(jobId) as ResultRow[]
    ).map(toResult);
  }

  /** Scored rows (problems left out) matching the query, with their total. */
  page(jobId: number, q: EvalResultQuery): { results: EvalResult[]; total: number } {
    const where = ['job_id = ?', 'iou IS NOT NULL'];
    const args: unknown[] = [jobId];
    const add = (column: string, value: unknown) => {
      if (value === undefined) return;
      where.push(`${column} = ?`);
      args.push(value);
    };
    add('engine', q.engine);
    add('strategy', q.strategy);
    add('bucket', q.bucket);
    const clause = where.join(' AND ');
    const { n } = this.sql.get(`SELECT count(*) AS n FROM eval_results WHERE ${clause}`).get(...args) as {
      n: number;
    };
    const rows = this.sql
      .get(
        `SELECT ${COLUMNS} FROM eval_results WHERE ${clause} ORDER BY ${ORDER_BY[q.order]} LIMIT ? OFFSET ?`,
      )
      .all(...args, q.limit, q.offset) as ResultRow[];
    return { results: rows.map(toResult), total: n };
  }

  /** The scored mask of one row; undefined when there is no such row. */
  prediction(resultId: number): { rle: Rle | null } | undefined {
    const row = this.sql.get('SELECT prediction FROM eval_results WHERE id = ?').get(resultId) as
      { prediction: string | null } | undefined;
    if (!row) return undefined;
    return { rle: row.prediction === null ? null : (JSON.parse(row.prediction) as Rle) };
  }
}
