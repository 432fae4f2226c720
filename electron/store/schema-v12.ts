// Schema v12: how many proposals of each batch item were left out because they repeat an annotation already on
// the image (same label, IoU; shared/duplicates.ts), so a job says what it skipped, as the image view's Detect
// and the chains screen's Propose do.
import type { Database } from 'better-sqlite3';

export const SCHEMA_V12 = `
ALTER TABLE batch_items ADD COLUMN repeats INTEGER NOT NULL DEFAULT 0 CHECK (repeats >= 0);
`;

export function migrateToV12(db: Database): void {
  db.exec(SCHEMA_V12);
}
