// Schema v7: batch pre-labeling jobs. A job keeps what it runs (spec) and one item per image with its state,
// attempts and reason; an image's proposals and its item turning 'done' are written in one transaction, so a
// job killed at any moment has, per image, either all its proposals or none and resumes with the others. The
// runner's id and heartbeat tell a job another live process runs from one whose process died (interrupted).
// Annotations remember the job and the prompt that proposed them (the review queue filters on both).
import type { Database } from 'better-sqlite3';
import { BATCH_ITEM_STATES, BATCH_STATUSES } from '../../shared/api/batch';

const oneOf = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

export const SCHEMA_V7 = `
CREATE TABLE batch_jobs (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  name TEXT NOT NULL CHECK (length(name) > 0),
  spec TEXT NOT NULL CHECK (json_valid(spec)),
  image_set TEXT NOT NULL CHECK (json_valid(image_set)),
  settings TEXT NOT NULL CHECK (json_valid(settings)),
  status TEXT NOT NULL CHECK (status IN (${oneOf(BATCH_STATUSES)})),
  runner TEXT,
  heartbeat_at INTEGER,
  created_at TEXT NOT NULL,
  started_at TEXT,
  finished_at TEXT,
  error TEXT
) STRICT;

CREATE TABLE batch_items (
  job_id INTEGER NOT NULL REFERENCES batch_jobs (id) ON DELETE CASCADE,
  image_id INTEGER NOT NULL REFERENCES images (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN (${oneOf(BATCH_ITEM_STATES)})),
  attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  reason TEXT,
  proposals INTEGER NOT NULL DEFAULT 0 CHECK (proposals >= 0),
  duration_ms REAL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (job_id, image_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX batch_items_next ON batch_items (job_id, state, position);
CREATE INDEX batch_items_image ON batch_items (image_id);

ALTER TABLE annotations ADD COLUMN job_id INTEGER REFERENCES batch_jobs (id) ON DELETE SET NULL;
ALTER TABLE annotations ADD COLUMN model_prompt TEXT;
CREATE INDEX annotations_job ON annotations (job_id, image_id) WHERE job_id IS NOT NULL;
`;

export function migrateToV7(db: Database): void {
  db.exec(SCHEMA_V7);
}
