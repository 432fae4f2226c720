// Opening and creating project files: identity and version checks before anything is written, then the pragmas
// every connection needs (WAL so two windows can share a file, a busy timeout so they wait for each other).
import { accessSync, closeSync, constants, mkdirSync, openSync, readSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { StudioError } from '../../shared/errors';
import { APPLICATION_ID, migrate, SCHEMA_VERSION, userVersion } from './migrations';
import { notAProject, translateSqliteError } from './store-errors';

export const DEFAULT_BUSY_TIMEOUT_MS = 5000;

/** Why a connection cannot write: asked for by the caller, or forced by file permissions. */
export type ReadOnlyReason = 'requested' | 'not_writable';

export interface OpenedDatabase {
  db: Database.Database;
  readOnly: ReadOnlyReason | null;
  /** The schema version the file was at when this open upgraded it; null when it was up to date. */
  migratedFrom: number | null;
}

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');
const HEADER_BYTES = 100;

const schemaTooNew = (version: number) =>
  new StudioError(
    'schema_too_new',
    `This project was saved by a newer VisPrompt Studio (schema v${version}; this version reads up to v${SCHEMA_VERSION}). Update the studio to open it.`,
  );

const foreignDatabase = (path: string) => notAProject(path, 'it is an SQLite database of another program');

/**
 * Checks the raw file header (magic, application_id, user_version) so a non-SQLite file, another program's
 * database or a newer project is refused without SQLite ever opening, let alone changing, the file. Returns the
 * schema version the header holds.
 */
export function checkProjectHeader(path: string): number {
  const header = Buffer.alloc(HEADER_BYTES);
  let bytes: number;
  try {
    const fd = openSync(path, 'r');
    try {
      bytes = readSync(fd, header, 0, HEADER_BYTES, 0);
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new StudioError('not_found', `No project file at ${path}.`);
    if (code === 'EISDIR') throw notAProject(path, 'it is a folder');
    throw new StudioError('io_error', `Cannot read the project file ${path} (${code ?? String(err)}).`);
  }
  if (bytes === 0) throw notAProject(path, 'the file is empty');
  if (bytes < HEADER_BYTES || !header.subarray(0, SQLITE_MAGIC.length).equals(SQLITE_MAGIC)) {
    throw notAProject(path, 'it is not an SQLite database');
  }
  // Offsets from the SQLite file format: user_version at 60, application_id at 68 (big-endian).
  const applicationId = header.readInt32BE(68);
  if (applicationId !== APPLICATION_ID) throw foreignDatabase(path);
  const version = header.readInt32BE(60);
  if (version > SCHEMA_VERSION) throw schemaTooNew(version);
  return version;
}

/** The same checks through SQLite, which also sees changes still in the write-ahead log. */
function checkIdentity(db: Database.Database, path: string): void {
  if (db.pragma('application_id', { simple: true }) !== APPLICATION_ID) throw foreignDatabase(path);
  const version = userVersion(db);
  if (version > SCHEMA_VERSION) throw schemaTooNew(version);
}

function isWritable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    // The folder too: SQLite keeps the -wal and -shm files beside the project.
    accessSync(dirname(path), constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function connect(path: string, readonly: boolean, busyTimeoutMs: number): Database.Database {
  const db = new Database(path, { readonly, fileMustExist: true, timeout: busyTimeoutMs });
  db.pragma('foreign_keys = ON');
  return db;
}

function configureForWriting(db: Database.Database): void {
  db.pragma('journal_mode = WAL');
  // In WAL mode NORMAL loses no committed data on a crash of the app, only (at worst) on power loss.
  db.pragma('synchronous = NORMAL');
}

/** Runs `fn` on a fresh connection, closing it and translating SQLite errors if anything fails. */
function withConnection<T>(db: Database.Database, path: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    db.close();
    throw translateSqliteError(err, path);
  }
}

export function openDatabase(
  path: string,
  {
    readOnly = false,
    busyTimeoutMs = DEFAULT_BUSY_TIMEOUT_MS,
    beforeMigrate,
  }: {
    readOnly?: boolean;
    busyTimeoutMs?: number;
    /** Runs before an existing file older than SCHEMA_VERSION is upgraded (the project store backs it up). */
    beforeMigrate?: (db: Database.Database, fromVersion: number) => void;
  },
): OpenedDatabase {
  checkProjectHeader(path);
  const reason: ReadOnlyReason | null = readOnly ? 'requested' : isWritable(path) ? null : 'not_writable';
  let db: Database.Database;
  try {
    db = connect(path, reason !== null, busyTimeoutMs);
  } catch (err) {
    throw translateSqliteError(err, path);
  }
  return withConnection(db, path, () => {
    checkIdentity(db, path);
    const from = userVersion(db);
    if (reason === null) {
      configureForWriting(db);
      if (from < SCHEMA_VERSION) beforeMigrate?.(db, from);
      migrate(db);
    } else if (from < SCHEMA_VERSION) {
      throw new StudioError(
        'read_only',
        'This project was saved by an older VisPrompt Studio and must be upgraded once before this version can read it; open it for editing to upgrade it.',
      );
    }
    return { db, readOnly: reason, migratedFrom: from < userVersion(db) ? from : null };
  });
}

/**
 * Creates a new project file: schema and `initialize` (the project row) in one transaction, written before the
 * switch to WAL so the header on disk is final at once. Refuses an existing file; leaves nothing behind on failure.
 */
export function createDatabase(
  path: string,
  { busyTimeoutMs = DEFAULT_BUSY_TIMEOUT_MS }: { busyTimeoutMs?: number },
  initialize: (db: Database.Database) => void,
): Database.Database {
  try {
    mkdirSync(dirname(path), { recursive: true });
    // 'wx' creates the file only if it does not exist, atomically: two creators cannot both win.
    closeSync(openSync(path, 'wx'));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      throw new StudioError(
        'conflict',
        `A file already exists at ${path}; choose another name or open it instead.`,
      );
    }
    throw new StudioError('io_error', `Cannot create the project file ${path} (${code ?? String(err)}).`);
  }
  try {
    const db = connect(path, false, busyTimeoutMs);
    return withConnection(db, path, () => {
      db.transaction(() => {
        migrate(db);
        initialize(db);
      })();
      configureForWriting(db);
      return db;
    });
  } catch (err) {
    for (const file of [path, `${path}-wal`, `${path}-shm`]) rmSync(file, { force: true });
    throw translateSqliteError(err, path);
  }
}
