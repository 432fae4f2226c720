// Versioned schema changes. PRAGMA user_version is the version a file is at; each migration runs in its own
// transaction together with the bump, so a crash leaves the file at the old version or the new one, never between.
import type { Database } from 'better-sqlite3';
import { SCHEMA_V1 } from './schema-v1';

/** PRAGMA application_id of every project file ('VPSt'): how a project is told apart from other SQLite files. */
export const APPLICATION_ID = 0x56505374;

interface Migration {
  version: number;
  sql: string;
}

const MIGRATIONS: readonly Migration[] = [{ version: 1, sql: SCHEMA_V1 }];

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
  for (const { version, sql } of MIGRATIONS) {
    db.transaction(() => {
      if (userVersion(db) >= version) return;
      db.exec(sql);
      if (version === 1) db.pragma(`application_id = ${APPLICATION_ID}`);
      db.pragma(`user_version = ${version}`);
    }).immediate();
  }
}
