// The first schema. Migrations never change once released: later versions add migrations, not edits here.
import { ANNOTATION_KINDS, ANNOTATION_SOURCES, IMAGE_STATUSES, REVIEW_STATES } from '../../shared/domain';
import { MODEL_RUN_STATUSES } from './types';

const oneOf = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

export const SCHEMA_V1 = `
CREATE TABLE project (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  name TEXT NOT NULL CHECK (length(name) > 0),
  created_at TEXT NOT NULL,
  -- The schema version the file was created with; PRAGMA user_version holds the current one.
  created_schema INTEGER NOT NULL
) STRICT;

CREATE TABLE images (
  id INTEGER PRIMARY KEY,
  path TEXT NOT NULL UNIQUE,
  sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
  size_bytes INTEGER NOT NULL CHECK (size_bytes >= 0),
  width INTEGER NOT NULL CHECK (width > 0),
  height INTEGER NOT NULL CHECK (height > 0),
  orientation INTEGER NOT NULL CHECK (orientation BETWEEN 1 AND 8),
  format TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'new' CHECK (status IN (${oneOf(IMAGE_STATUSES)})),
  missing INTEGER NOT NULL DEFAULT 0 CHECK (missing IN (0, 1)),
  added_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
-- Equality on status/missing then rowid order: filtered pages need no sort.
CREATE INDEX images_status ON images (status);
CREATE INDEX images_missing ON images (missing);
CREATE INDEX images_sha256 ON images (sha256);

CREATE TABLE labels (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(name) > 0),
  color TEXT NOT NULL CHECK (color GLOB '#[0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F]'),
  hotkey INTEGER UNIQUE CHECK (hotkey BETWEEN 1 AND 9),
  sort_order INTEGER NOT NULL
) STRICT;

CREATE TABLE prompts (
  id INTEGER PRIMARY KEY,
  image_id INTEGER NOT NULL REFERENCES images (id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN (${oneOf(ANNOTATION_KINDS)})),
  geometry TEXT NOT NULL CHECK (json_valid(geometry)),
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX prompts_image ON prompts (image_id);

CREATE TABLE annotations (
  id INTEGER PRIMARY KEY,
  image_id INTEGER NOT NULL REFERENCES images (id) ON DELETE CASCADE,
  label_id INTEGER REFERENCES labels (id) ON DELETE SET NULL,
  kind TEXT NOT NULL CHECK (kind IN (${oneOf(ANNOTATION_KINDS)})),
  geometry TEXT NOT NULL CHECK (json_valid(geometry)),
  rle_counts TEXT,
  rle_h INTEGER CHECK (rle_h >= 0),
  rle_w INTEGER CHECK (rle_w >= 0),
  area REAL NOT NULL CHECK (area >= 0),
  source TEXT NOT NULL CHECK (source IN (${oneOf(ANNOTATION_SOURCES)})),
  model_id TEXT,
  prompt_id INTEGER REFERENCES prompts (id) ON DELETE SET NULL,
  score REAL CHECK (score BETWEEN 0 AND 1),
  review_state TEXT NOT NULL CHECK (review_state IN (${oneOf(REVIEW_STATES)})),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  -- Masks, and only masks, carry all three RLE columns.
  CHECK ((kind = 'mask') = (rle_counts IS NOT NULL)),
  CHECK ((rle_counts IS NULL) = (rle_h IS NULL) AND (rle_counts IS NULL) = (rle_w IS NULL))
) STRICT;
CREATE INDEX annotations_image ON annotations (image_id);
-- The "has label" filter and ON DELETE SET NULL of a label.
CREATE INDEX annotations_label ON annotations (label_id, image_id);
-- The review queue: model proposals waiting for a decision (filter and per-image counts).
CREATE INDEX annotations_proposed ON annotations (image_id) WHERE source = 'model' AND review_state = 'proposed';
CREATE INDEX annotations_prompt ON annotations (prompt_id) WHERE prompt_id IS NOT NULL;

CREATE TABLE model_runs (
  id INTEGER PRIMARY KEY,
  image_id INTEGER NOT NULL REFERENCES images (id) ON DELETE CASCADE,
  model_id TEXT NOT NULL,
  engine TEXT NOT NULL,
  params TEXT NOT NULL CHECK (json_valid(params)),
  prompt_id INTEGER REFERENCES prompts (id) ON DELETE SET NULL,
  started_at TEXT NOT NULL,
  duration_ms REAL NOT NULL CHECK (duration_ms >= 0),
  status TEXT NOT NULL CHECK (status IN (${oneOf(MODEL_RUN_STATUSES)})),
  error TEXT
) STRICT;
CREATE INDEX model_runs_image ON model_runs (image_id);
CREATE INDEX model_runs_prompt ON model_runs (prompt_id) WHERE prompt_id IS NOT NULL;

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL CHECK (json_valid(value))
) STRICT, WITHOUT ROWID;
`;
