// Schema v3: visual prompt chains saved in the project, and their runs. A run keeps the chain as it ran (so
// editing the saved chain never rewrites history) and one row per finished image with every step's outputs,
// written as each image finishes: a run that stops half-way keeps what it did and resumes from there.
import type { Database } from 'better-sqlite3';
import { CHAIN_RUN_STATUSES } from '../../shared/chains/runs';

const oneOf = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

export const SCHEMA_V3 = `
CREATE TABLE chains (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(name) > 0),
  definition TEXT NOT NULL CHECK (json_valid(definition)),
  request TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE chain_runs (
  id INTEGER PRIMARY KEY,
  chain_id INTEGER REFERENCES chains (id) ON DELETE SET NULL,
  name TEXT NOT NULL,
  definition TEXT NOT NULL CHECK (json_valid(definition)),
  image_ids TEXT NOT NULL CHECK (json_valid(image_ids) AND json_type(image_ids) = 'array'),
  status TEXT NOT NULL CHECK (status IN (${oneOf(CHAIN_RUN_STATUSES)})),
  replay_of INTEGER REFERENCES chain_runs (id) ON DELETE SET NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  error TEXT
) STRICT;
CREATE INDEX chain_runs_chain ON chain_runs (chain_id) WHERE chain_id IS NOT NULL;

CREATE TABLE chain_run_images (
  run_id INTEGER NOT NULL REFERENCES chain_runs (id) ON DELETE CASCADE,
  image_id INTEGER NOT NULL REFERENCES images (id) ON DELETE CASCADE,
  status TEXT NOT NULL CHECK (status IN ('done', 'failed')),
  steps TEXT NOT NULL CHECK (json_valid(steps) AND json_type(steps) = 'array'),
  region_count INTEGER NOT NULL CHECK (region_count >= 0),
  duration_ms REAL NOT NULL CHECK (duration_ms >= 0),
  model_ms REAL NOT NULL CHECK (model_ms >= 0),
  error TEXT,
  finished_at TEXT NOT NULL,
  PRIMARY KEY (run_id, image_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX chain_run_images_image ON chain_run_images (image_id);
`;

export function migrateToV3(db: Database): void {
  db.exec(SCHEMA_V3);
}
