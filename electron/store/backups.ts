// Project backups: consistent copies of a project file in <project>.backups/ beside it, taken with SQLite's
// online backup API (copied a few pages at a time, so the studio keeps answering) or, before a migration,
// VACUUM INTO (opening is synchronous). A copy counts only once it is whole: written under a temp name, switched
// to a self-contained rollback-journal file, checked read-only (PRAGMA integrity_check) and renamed. Rotation
// keeps the newest of each reason. Restoring checks the backup the same way, replaces the project file
// atomically while no connection has it open, and leaves the reopening (and any upgrade) to the caller.
import {
  closeSync,
  copyFileSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import {
  backupFileName,
  backupsToRemove,
  DEFAULT_BACKUP_KEEP,
  parseBackupName,
  type BackupInfo,
  type BackupKeep,
  type BackupReason,
} from '../../shared/backups';
import { StudioError } from '../../shared/errors';
import { removeStaleTempFiles, tempPathBeside } from '../fs/atomic-write';
import { APPLICATION_ID } from './migrations';
import { checkProjectHeader } from './open-database';
import { translateSqliteError } from './store-errors';

/** Where a project's backups go: a folder beside the file, so they move, copy and get deleted with it. */
export const backupsDirOf = (projectPath: string) => `${projectPath}.backups`;

export interface BackupOptions {
  now?: () => Date;
  keep?: BackupKeep;
}

/** Pages copied per step of the online backup (4 KiB each): the event loop runs between steps. */
const PAGES_PER_STEP = 256;
/**
 * A write through another connection (another process) starts the copy over; after this many restarts the rest
 * is copied in one step, under one read lock, so a busy writer elsewhere cannot keep a backup from finishing.
 */
const RESTARTS_BEFORE_ONE_STEP = 3;

const realClock = () => new Date();

function fsyncPath(path: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    fsyncSync(fd);
  } catch {
    // A folder cannot be fsynced on every platform; the rename is still atomic.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** A name not taken yet in `dir` (two backups in the same millisecond get the next one). */
function freeName(dir: string, at: Date, reason: BackupReason, fromVersion?: number): string {
  for (let t = at.getTime(); ; t++) {
    const name = backupFileName(new Date(t), reason, fromVersion);
    if (!existsSync(join(dir, name))) return name;
  }
}

const removeCopy = (tmp: string) => {
  for (const f of [tmp, `${tmp}-journal`, `${tmp}-wal`, `${tmp}-shm`]) rmSync(f, { force: true });
};

/**
 * What a backup file holds once checked: SQLite's header and a read-only integrity check, the project row.
 * Throws a StudioError saying why it cannot be used (damaged, not a project, newer than this studio).
 */
export function checkBackupFile(path: string, what = `The backup ${basename(path)}`): BackupContent {
  const refuse = (why: string, code: 'invalid_input' | 'io_error' | 'schema_too_new' = 'invalid_input') =>
    new StudioError(code, `${what} cannot be used: ${why}`);
  let schemaVersion: number;
  try {
    schemaVersion = checkProjectHeader(path);
  } catch (err) {
    if (err instanceof StudioError) {
      const why = err.message.replace(
        /^.* is not a VisPrompt Studio project: /,
        'it is not a VisPrompt Studio project: ',
      );
      throw refuse(why, err.code === 'schema_too_new' ? 'schema_too_new' : 'invalid_input');
    }
    throw err;
  }
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    const integrity = db.pragma('integrity_check', { simple: true }) as string;
    if (integrity !== 'ok') throw refuse(`it is damaged (integrity check: ${integrity}).`, 'io_error');
    if (db.pragma('application_id', { simple: true }) !== APPLICATION_ID)
      throw refuse('it is not a VisPrompt Studio project.');
    const project = db.prepare('SELECT name, created_at AS createdAt FROM project WHERE id = 1').get() as
      { name: string; createdAt: string } | undefined;
    if (!project) throw refuse('it holds no project.');
    return { schemaVersion, ...project };
  } catch (err) {
    if (err instanceof StudioError) throw err;
    // SQLite quotes the damaged bytes it read: only their printable part goes into the sentence.
    if (err instanceof Database.SqliteError)
      throw refuse(`it is damaged (${err.message.replace(/\p{Cc}|\ufffd/gu, '')}).`, 'io_error');
    throw err;
  } finally {
    db?.close();
  }
}

export interface BackupContent {
  schemaVersion: number;
  /** The project's name and creation time: a project's identity across its copies. */
  name: string;
  createdAt: string;
}

/** Makes a fresh copy self-contained (rollback journal, no -wal beside it) and checks it. */
function seal(tmp: string): void {
  const db = new Database(tmp, { fileMustExist: true });
  try {
    db.pragma('journal_mode = DELETE');
  } finally {
    db.close();
  }
  checkBackupFile(tmp, 'The new backup');
  fsyncPath(tmp);
}

/** Renames a sealed copy into place and rotates the folder. */
function keepCopy(tmp: string, dir: string, name: string, keep: BackupKeep): BackupInfo {
  renameSync(tmp, join(dir, name));
  fsyncPath(dir);
  rotateBackups(dir, keep);
  return backupInfo(dir, name)!;
}

function failed(err: unknown, tmp: string, projectPath: string): unknown {
  removeCopy(tmp);
  if (err instanceof StudioError) return err;
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC') return new StudioError('io_error', 'The disk is full, so no backup was made.');
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS')
    return new StudioError(
      'io_error',
      `Cannot write backups beside the project (${backupsDirOf(projectPath)}: ${code}).`,
    );
  return translateSqliteError(err, projectPath);
}

/**
 * Backs up an open project through SQLite's online backup API: a consistent snapshot even while the same
 * connection writes (its changes join the copy) or another process does (the copy starts over).
 */
export async function createBackup(
  db: Database.Database,
  projectPath: string,
  reason: Exclude<BackupReason, 'before-migration'>,
  { now = realClock, keep = DEFAULT_BACKUP_KEEP }: BackupOptions = {},
): Promise<BackupInfo> {
  const dir = backupsDirOf(projectPath);
  mkdirSync(dir, { recursive: true });
  const name = freeName(dir, now(), reason);
  const tmp = tempPathBeside(join(dir, name));
  try {
    let restarts = 0;
    let last = Infinity;
    await db.backup(tmp, {
      progress: ({ remainingPages }) => {
        if (remainingPages > last) restarts++;
        last = remainingPages;
        return restarts >= RESTARTS_BEFORE_ONE_STEP ? 0x7fffffff : PAGES_PER_STEP;
      },
    });
    seal(tmp);
    return keepCopy(tmp, dir, name, keep);
  } catch (err) {
    throw failed(err, tmp, projectPath);
  }
}

/**
 * The backup taken before an existing project's schema is upgraded, while it is being opened (synchronous,
 * before any migration writes): VACUUM INTO, one read transaction, so the copy is the file as it was.
 */
export function backupBeforeMigration(
  db: Database.Database,
  projectPath: string,
  fromVersion: number,
  { now = realClock, keep = DEFAULT_BACKUP_KEEP }: BackupOptions = {},
): BackupInfo {
  const dir = backupsDirOf(projectPath);
  let tmp = '';
  try {
    mkdirSync(dir, { recursive: true });
    const name = freeName(dir, now(), 'before-migration', fromVersion);
    tmp = tempPathBeside(join(dir, name));
    db.prepare('VACUUM INTO ?').run(tmp);
    seal(tmp);
    return keepCopy(tmp, dir, name, keep);
  } catch (err) {
    const reason = tmp ? failed(err, tmp, projectPath) : err;
    throw new StudioError(
      'io_error',
      `The project was not upgraded: the backup before upgrading it failed (${reason instanceof Error ? reason.message : String(reason)}).`,
    );
  }
}

function backupInfo(dir: string, id: string): BackupInfo | null {
  const parsed = parseBackupName(id);
  if (!parsed) return null;
  const path = join(dir, id);
  let sizeBytes: number;
  try {
    sizeBytes = statSync(path).size;
  } catch {
    return null;
  }
  let schemaVersion = 0;
  try {
    schemaVersion = checkProjectHeader(path);
  } catch {
    // Listed all the same: restoring it says what is wrong with it.
  }
  return { id, ...parsed, sizeBytes, schemaVersion };
}

/** A project's backups, newest first (temp files of copies under way or cut short are not backups). */
export function listBackups(projectPath: string): BackupInfo[] {
  const dir = backupsDirOf(projectPath);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .map((n) => backupInfo(dir, n))
    .filter((b): b is BackupInfo => b !== null)
    .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
}

/** Removes the backups beyond `keep` of each reason; returns their ids. */
export function rotateBackups(dir: string, keep: BackupKeep): string[] {
  const all = readdirSync(dir)
    .map((id) => ({ id, ...parseBackupName(id)! }))
    .filter((b) => b.reason !== undefined);
  const gone = backupsToRemove(all, keep);
  for (const b of gone) rmSync(join(dir, b.id), { force: true });
  return gone.map((b) => b.id);
}

/** Temp files a killed backup or restore left beside the project and in its backups folder. */
export async function removeStaleBackupTemps(projectPath: string): Promise<void> {
  await removeStaleTempFiles(backupsDirOf(projectPath));
  await removeStaleTempFiles(dirname(projectPath));
}

/**
 * Checks that no connection has the project open and makes the file self-contained: switching a WAL file to a
 * rollback journal checkpoints the log and removes -wal and -shm, and SQLite refuses it while another
 * connection (another window, another process) is in. A file SQLite cannot read at all is left as it is.
 */
function takeSoleAccess(projectPath: string): void {
  if (!existsSync(projectPath)) return;
  let db: Database.Database | undefined;
  try {
    db = new Database(projectPath, { fileMustExist: true, timeout: 0 });
    const mode = db.pragma('journal_mode = DELETE', { simple: true }) as string;
    if (mode !== 'delete') throw busy();
  } catch (err) {
    if (err instanceof StudioError) throw err;
    const code = (err as { code?: string }).code ?? '';
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) throw busy();
    // Damaged beyond reading: replaced as it is (its copy was kept first).
  } finally {
    db?.close();
  }
}

const busy = () =>
  new StudioError(
    'conflict',
    'The project is open in another window or process; close it there, then restore.',
  );

/** Where the damaged file a restore replaces is kept when it could not be backed up as a project. */
export function keepDamagedCopy(projectPath: string, now: () => Date = realClock): string | null {
  if (!existsSync(projectPath)) return null;
  const dir = backupsDirOf(projectPath);
  mkdirSync(dir, { recursive: true });
  const base = join(dir, `${backupFileName(now(), 'before-restore')}.damaged`);
  for (const suffix of ['', '-wal'])
    if (existsSync(projectPath + suffix)) copyFileSync(projectPath + suffix, base + suffix);
  return base;
}

export interface RestoreHooks {
  /** The project's identity now (null when its file cannot be read as a project). */
  current: BackupContent | null;
  /** Backs up the state about to be replaced; runs after the backup is checked, before anything changes. */
  backupCurrent: () => Promise<BackupInfo | null>;
  /** Closes every connection this process has to the project. */
  close: () => void;
}

/**
 * Restores backup `id` over the project file: refuses a backup that is missing, damaged, not a project, of
 * another project or newer than this studio (nothing changed then); else backs up the current state, closes
 * the project, and renames a copy of the backup over the file. A kill at any moment leaves the old file or the
 * restored one, whole. The caller reopens it (an older schema is upgraded then).
 */
export async function restoreBackup(
  projectPath: string,
  id: string,
  hooks: RestoreHooks,
): Promise<{ restored: BackupInfo; safetyCopy: BackupInfo | null }> {
  const dir = backupsDirOf(projectPath);
  const restored = parseBackupName(id) ? backupInfo(dir, id) : null;
  if (!restored)
    throw new StudioError('not_found', `No backup '${id}' of this project (backups list shows them).`);
  const file = join(dir, id);
  const content = checkBackupFile(file);
  const same = (a: BackupContent, b: BackupContent) => a.createdAt === b.createdAt && a.name === b.name;
  if (hooks.current && !same(hooks.current, content))
    throw new StudioError(
      'invalid_input',
      `The backup ${id} cannot be used: it is of another project ('${content.name}', created ${content.createdAt}), not of '${hooks.current.name}'.`,
    );
  const safetyCopy = await hooks.backupCurrent();
  hooks.close();
  takeSoleAccess(projectPath);
  const tmp = tempPathBeside(projectPath);
  try {
    copyFileSync(file, tmp);
    fsyncPath(tmp);
    // Only a file SQLite could not read still has them; they belong to the old file, never the new one.
    rmSync(`${projectPath}-wal`, { force: true });
    rmSync(`${projectPath}-shm`, { force: true });
    renameSync(tmp, projectPath);
    fsyncPath(dirname(projectPath));
  } catch (err) {
    rmSync(tmp, { force: true });
    throw failed(err, tmp, projectPath);
  }
  return { restored, safetyCopy };
}
