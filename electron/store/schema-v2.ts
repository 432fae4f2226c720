// Schema v2: a prompt is what a segmentation model is asked about one object, points (±) plus at most one box,
// kept per image; one prompt per image is open while the user edits it. v1 stored a single annotation-style
// geometry per prompt, which cannot hold a set of points and a box together.
import type { Database } from 'better-sqlite3';
import type { Box, Geometry, PromptInput } from '../../shared/domain';
import { boxFromPoints } from '../../shared/geometry';

const PROMPTS_V2 = `
CREATE TABLE prompts_v2 (
  id INTEGER PRIMARY KEY,
  image_id INTEGER NOT NULL REFERENCES images (id) ON DELETE CASCADE,
  points TEXT NOT NULL CHECK (json_valid(points) AND json_type(points) = 'array'),
  box TEXT CHECK (box IS NULL OR (json_valid(box) AND json_array_length(box) = 4)),
  closed INTEGER NOT NULL DEFAULT 0 CHECK (closed IN (0, 1)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
`;

const INDEXES = `
CREATE INDEX prompts_image ON prompts (image_id);
-- At most one open prompt per image: the one the canvas edits and the segment service reads.
CREATE UNIQUE INDEX prompts_open ON prompts (image_id) WHERE closed = 0;
`;

/** A v1 prompt as points and a box: a polygon or mask prompt keeps the box around it, the closest SAM prompt. */
export function promptFromV1(geometry: Geometry): PromptInput {
  switch (geometry.kind) {
    case 'point':
      return { points: [{ point: geometry.point, positive: geometry.positive }], box: null };
    case 'box':
    case 'mask':
      return { points: [], box: geometry.box };
    case 'polygon':
      return { points: [], box: boxFromPoints(geometry.rings.flat()) satisfies Box | null };
  }
}

/**
 * Rebuilds the prompts table keeping every id, so annotations and model runs still point at their prompt.
 * Runs with foreign keys off (see migrations.ts): dropping the old table must not null those links.
 * Prompts from v1 were records of past requests, so they arrive closed.
 */
export function migrateToV2(db: Database): void {
  db.exec(PROMPTS_V2);
  const rows = db.prepare('SELECT id, image_id, geometry, created_at FROM prompts').all() as {
    id: number;
    image_id: number;
    geometry: string;
    created_at: string;
  }[];
  const insert = db.prepare(
    'INSERT INTO prompts_v2 (id, image_id, points, box, closed, created_at, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?)',
  );
  for (const row of rows) {
    const { points, box } = promptFromV1(JSON.parse(row.geometry) as Geometry);
    insert.run(
      row.id,
      row.image_id,
      JSON.stringify(points),
      box && JSON.stringify(box),
      row.created_at,
      row.created_at,
    );
  }
  db.exec(`DROP TABLE prompts; ALTER TABLE prompts_v2 RENAME TO prompts; ${INDEXES}`);
}
