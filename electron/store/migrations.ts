// Versioned schema changes. PRAGMA user_version is the version a file is at; each migration runs in its own
// transaction together with the bump, so a crash leaves the file at the old version or the new one, never between.
import type { Database } from 'better-sqlite3';
import { SCHEMA_V1 } from './schema-v1';
import { migrateToV2 } from './schema-v2';
import { migrateToV3 } from './schema-v3';
import { migrateToV4 } from './schema-v4';
import { migrateToV5 } from './schema-v5';
import { migrateToV6 } from './schema-v6';
import { migrateToV7 } from './schema-v7';
import { migrateToV8 } from './schema-v8';
import { migrateToV9 } from './schema-v9';
import { migrateToV10 } from './schema-v10';
import { migrateToV11 } from './schema-v11';
import { migrateToV12 } from './schema-v12';

/** PRAGMA application_id of every project file ('VPSt'): how a project is told apart from other SQLite files. */
export const APPLICATION_ID = 0x56505374;

interface Migration {
  version: number;
  apply: (db: Database) => void;
  /**
   * Rebuilds a table other tables reference: foreign keys are off while it runs (dropping the old table would
   * otherwise fire ON DELETE actions on the rows pointing at it) and checked before it commits.
   */
  rebuildsReferencedTable?: boolean;
}

const MIGRATIONS: readonly Migration[] = [
  { version: 1, apply: (db) => db.exec(SCHEMA_V1) },
  { version: 2, apply: migrateToV2, rebuildsReferencedTable: true },
  { version: 3, apply: migrateToV3 },
  { version: 4, apply: migrateToV4 },
  { version: 5, apply: migrateToV5 },
  { version: 6, apply: migrateToV6, rebuildsReferencedTable: true },
  { version: 7, apply: migrateToV7 },
  { version: 8, apply: migrateToV8 },
  { version: 9, apply: migrateToV9 },
  { version: 10, apply: migrateToV10 },
  { version: 11, apply: migrateToV11 },
  { version: 12, apply: migrateToV12 },
];

/** The newest schema this code reads and writes. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

export const userVersion = (db: Database): number => db.pragma('user_version', { simple: true }) as number;

/**
 * Brings the file up to SCHEMA_VERSION. Safe when two processes open the same old file at once: each step takes
 * the write lock first (BEGIN IMMEDIATE) and skips itself when the other process already applied it.
 */
export function migrate(db: Database): void {
  // Up to date: no write lock taken, so opening never waits for another window's write.
  if (userVersion(db) >= SCHEMA_VERSION) return;
  for (const { version, apply, rebuildsReferencedTable } of MIGRATIONS) {
    // Outside a transaction only: inside one (a new file is created in one) the pragma is a no-op, which is
    // fine there as the tables are still empty.
    if (rebuildsReferencedTable) db.pragma('foreign_keys = OFF');
    try {
      db.transaction(() => {
        if (userVersion(db) >= version) return;
        apply(db);
        if (rebuildsReferencedTable) checkForeignKeys(db, version);
        if (version === 1) db.pragma(`application_id = ${APPLICATION_ID}`);
        db.pragma(`user_version = ${version}`);
      }).immediate();
    } finally {
      if (rebuildsReferencedTable) db.pragma('foreign_keys = ON');
    }
  }
}

function checkForeignKeys(db: Database, version: number): void {
  const broken = db.pragma('foreign_key_check') as { table: string; parent: string }[];
  if (broken.length > 0) {
    const { table, parent } = broken[0]!;
    throw new Error(
      `Migration to v${version} left ${broken.length} rows of ${table} pointing at missing ${parent} rows`,
    );
  }
}
