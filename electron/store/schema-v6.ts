// Schema v6: label names are unique as written, case kept apart (v1 compared them ignoring case), so one project
// holds KITTI's "Car" and BDD100K's "car" as each dataset spells it; an import merges them only when told to (its
// labelMap). SQLite cannot change a column's collation in place: the table is rebuilt keeping every id, with
// foreign keys off while it runs (see migrations.ts), so annotations still point at their label.
import type { Database } from 'better-sqlite3';

export const SCHEMA_V6 = `
CREATE TABLE labels_v6 (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE CHECK (length(name) > 0),
  color TEXT NOT NULL CHECK (color GLOB '#[0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F]'),
  hotkey INTEGER UNIQUE CHECK (hotkey BETWEEN 1 AND 9),
  sort_order INTEGER NOT NULL
) STRICT;
INSERT INTO labels_v6 (id, name, color, hotkey, sort_order) SELECT id, name, color, hotkey, sort_order FROM labels;
DROP TABLE labels;
ALTER TABLE labels_v6 RENAME TO labels;
`;

export function migrateToV6(db: Database): void {
  db.exec(SCHEMA_V6);
}
