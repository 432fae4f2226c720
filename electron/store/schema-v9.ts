// Schema v9: evaluation results. An experiment is a batch job of kind 'eval'; each of its images writes one row
// per ground-truth object, engine and strategy (or one row naming the problem) in the transaction that marks the
// image done, so a resumed experiment never scores an image twice. The scored mask is kept (RLE JSON) so the
// results screen can draw the worst objects over their truth; the truth is referenced without a foreign key, as
// a score outlives edits of what it measured.
import type { Database } from 'better-sqlite3';
import { EVAL_STRATEGIES } from '../../shared/api/eval';
import { SIZE_BUCKETS } from '../../shared/eval/size-buckets';

const oneOf = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

export const SCHEMA_V9 = `
CREATE TABLE eval_results (
  id INTEGER PRIMARY KEY,
  job_id INTEGER NOT NULL REFERENCES batch_jobs (id) ON DELETE CASCADE,
  image_id INTEGER NOT NULL REFERENCES images (id) ON DELETE CASCADE,
  truth_id INTEGER,
  label TEXT,
  engine TEXT NOT NULL,
  model_id TEXT,
  strategy TEXT NOT NULL CHECK (strategy IN (${oneOf(EVAL_STRATEGIES)})),
  bucket TEXT CHECK (bucket IS NULL OR bucket IN (${oneOf(SIZE_BUCKETS)})),
  area_share REAL,
  iou REAL CHECK (iou IS NULL OR (iou >= 0 AND iou <= 1)),
  precision REAL,
  recall REAL,
  boundary_f REAL,
  score REAL,
  shape_guess INTEGER NOT NULL DEFAULT 0 CHECK (shape_guess IN (0, 1)),
  click_ious TEXT CHECK (click_ious IS NULL OR json_valid(click_ious)),
  noc85 INTEGER,
  noc90 INTEGER,
  prediction TEXT CHECK (prediction IS NULL OR json_valid(prediction)),
  problem TEXT
) STRICT;
CREATE INDEX eval_results_job ON eval_results (job_id, engine, strategy, bucket);
CREATE INDEX eval_results_worst ON eval_results (job_id, iou) WHERE iou IS NOT NULL;
`;

export function migrateToV9(db: Database): void {
  db.exec(SCHEMA_V9);
}
