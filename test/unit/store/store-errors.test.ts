import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { LOCKED_MESSAGE, translateSqliteError } from '../../../electron/store/store-errors';
import type { ErrorCode } from '../../../shared/domain';
import { StudioError } from '../../../shared/errors';

const PATH = '/projects/drive.vpstudio';

describe('SQLite errors as people read them', () => {
  it.each<[string, ErrorCode, RegExp]>([
    ['SQLITE_BUSY', 'locked', /^The project file is locked by another program/],
    ['SQLITE_BUSY_SNAPSHOT', 'locked', /locked/],
    ['SQLITE_LOCKED', 'locked', /locked/],
    ['SQLITE_READONLY', 'read_only', /not writable/],
    ['SQLITE_READONLY_DBMOVED', 'read_only', /not writable/],
    ['SQLITE_FULL', 'io_error', /disk is full/],
    ['SQLITE_NOTADB', 'invalid_input', /drive\.vpstudio is not a VisPrompt Studio project/],
    ['SQLITE_CORRUPT', 'io_error', /damaged/],
    ['SQLITE_IOERR_WRITE', 'io_error', /could not be read or written/],
    ['SQLITE_CONSTRAINT_CHECK', 'invalid_input', /refused invalid data/],
  ])('%s becomes %s', (sqliteCode, code, message) => {
    const err = translateSqliteError(new Database.SqliteError('low-level detail', sqliteCode), PATH);
    expect(err).toBeInstanceOf(StudioError);
    expect((err as StudioError).code).toBe(code);
    expect((err as StudioError).message).toMatch(message);
  });

  it('uses the exact locked message', () => {
    expect((translateSqliteError(new Database.SqliteError('x', 'SQLITE_BUSY'), PATH) as Error).message).toBe(
      LOCKED_MESSAGE,
    );
  });

  it('passes bugs through unchanged', () => {
    const bug = new Database.SqliteError('FOREIGN KEY constraint failed', 'SQLITE_CONSTRAINT_FOREIGNKEY');
    expect(translateSqliteError(bug, PATH)).toBe(bug);
    const plain = new TypeError('oops');
    expect(translateSqliteError(plain, PATH)).toBe(plain);
  });
});
