// Schema v5: whether an annotation is locked (kept from edits) or hidden (not drawn) on the canvas. Saved with
// the annotation so a reload keeps what the user locked or hid, as CVAT and Label Studio do; exports ignore both.
import type { Database } from 'better-sqlite3';

export const SCHEMA_V5 = `
ALTER TABLE annotations ADD COLUMN locked INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1));
ALTER TABLE annotations ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1));
`;

export function migrateToV5(db: Database): void {
  db.exec(SCHEMA_V5);
}
