// The store's errors as people read them: SQLite result codes become StudioErrors with a sentence to act on.
import Database from 'better-sqlite3';
import { StudioError } from '../../shared/errors';

export const LOCKED_MESSAGE = 'The project file is locked by another program; try again or close it there.';

export const readOnlyError = (reason: 'requested' | 'not_writable') =>
  new StudioError(
    'read_only',
    reason === 'requested'
      ? 'This project is open read-only, so changes cannot be saved. Reopen it for editing to change it.'
      : 'The project file or its folder is not writable, so changes cannot be saved. Check its permissions or copy it somewhere writable.',
  );

/** "No image with id 4 in this project." / "No annotations with ids 4, 9 on image 2." */
export function notFound(thing: string, ids: readonly number[], where = 'in this project'): StudioError {
  const list =
    ids.length > 10 ? `${ids.slice(0, 10).join(', ')} and ${ids.length - 10} more` : ids.join(', ');
  const what = ids.length === 1 ? `${thing} with id` : `${thing}s with ids`;
  return new StudioError('not_found', `No ${what} ${list} ${where}.`, { ids });
}

/**
 * Translates SQLite failures a user can act on (lock held elsewhere, read-only file, full disk, damaged or
 * foreign file); anything else is returned unchanged, as the bug it is.
 */
export function translateSqliteError(err: unknown, path: string): unknown {
  if (!(err instanceof Database.SqliteError)) return err;
  const code = err.code;
  const is = (prefix: string) => code === prefix || code.startsWith(`${prefix}_`);
  if (is('SQLITE_BUSY') || is('SQLITE_LOCKED')) return new StudioError('locked', LOCKED_MESSAGE);
  if (is('SQLITE_READONLY')) return readOnlyError('not_writable');
  if (is('SQLITE_FULL')) return new StudioError('io_error', 'The disk is full, so the change was not saved.');
  if (is('SQLITE_NOTADB')) return notAProject(path, 'it is not an SQLite database');
  if (is('SQLITE_CORRUPT')) {
    return new StudioError(
      'io_error',
      `The project file ${path} is damaged (${err.message}); open a backup copy.`,
    );
  }
  if (is('SQLITE_IOERR') || is('SQLITE_CANTOPEN')) {
    return new StudioError(
      'io_error',
      `The project file ${path} could not be read or written (${err.message}).`,
    );
  }
  if (code === 'SQLITE_CONSTRAINT_CHECK') {
    return new StudioError(
      'invalid_input',
      `The project refused invalid data (${err.message}); nothing was saved.`,
    );
  }
  return err;
}

export function notAProject(path: string, why: string): StudioError {
  return new StudioError('invalid_input', `${path} is not a VisPrompt Studio project: ${why}.`);
}

/**
 * Runs `change` (returning the rows it changed) once per distinct id and throws not_found naming every id that
 * changed nothing. Callers run inside a transaction, so one unknown id undoes the whole call.
 */
export function changeEach(
  ids: readonly number[],
  thing: string,
  change: (id: number) => number,
  where?: string,
): void {
  const missing = [...new Set(ids)].filter((id) => change(id) === 0);
  if (missing.length > 0) throw notFound(thing, missing, where);
}
