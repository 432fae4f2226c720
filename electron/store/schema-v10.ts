// Schema v10: sequences and tracks. A sequence orders images as frames (each image a frame of at most one
// sequence, each frame number once); a track is one object across a sequence's frames with a label and the key
// exports write; an annotation belongs to at most one track and a track has at most one annotation per frame
// (track_members keeps the frame's image beside it so the database itself refuses a second one).
import type { Database } from 'better-sqlite3';
import { SEQUENCE_ORIGINS } from '../../shared/api/sequences';

const oneOf = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

export const SCHEMA_V10 = `
CREATE TABLE sequences (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE CHECK (length(name) > 0),
  origin TEXT NOT NULL CHECK (origin IN (${oneOf(SEQUENCE_ORIGINS)})),
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE sequence_frames (
  image_id INTEGER PRIMARY KEY REFERENCES images (id) ON DELETE CASCADE,
  sequence_id INTEGER NOT NULL REFERENCES sequences (id) ON DELETE CASCADE,
  frame INTEGER NOT NULL CHECK (frame >= 0),
  UNIQUE (sequence_id, frame)
) STRICT;

CREATE TABLE tracks (
  id INTEGER PRIMARY KEY,
  sequence_id INTEGER NOT NULL REFERENCES sequences (id) ON DELETE CASCADE,
  key TEXT NOT NULL CHECK (length(key) > 0),
  label_id INTEGER REFERENCES labels (id) ON DELETE SET NULL,
  note TEXT,
  created_at TEXT NOT NULL,
  UNIQUE (sequence_id, key)
) STRICT;

CREATE TABLE track_members (
  annotation_id INTEGER PRIMARY KEY REFERENCES annotations (id) ON DELETE CASCADE,
  track_id INTEGER NOT NULL REFERENCES tracks (id) ON DELETE CASCADE,
  image_id INTEGER NOT NULL REFERENCES images (id) ON DELETE CASCADE,
  UNIQUE (track_id, image_id)
) STRICT;
CREATE INDEX track_members_image ON track_members (image_id);
`;

export function migrateToV10(db: Database): void {
  db.exec(SCHEMA_V10);
}
