import {
  chmodSync,
  lstatSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sessionToken } from '../../../electron/server/session-token';
import { BROWSER_TOKEN_FILE as TOKEN_FILE } from '../../../shared/transport';
import { makeTempDir } from '../../helpers/temp-dir';

describe('the browser-mode token kept in the data dir', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  afterEach(() => tmp.cleanup());

  it('is made once, owner-only, and the same on every later start', async () => {
    tmp = makeTempDir();
    const dataDir = join(tmp.dir, 'data');
    const first = await sessionToken(dataDir);
    expect(first).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(statSync(join(dataDir, TOKEN_FILE)).mode & 0o777).toBe(0o600);
    expect(await sessionToken(dataDir)).toBe(first);
    // Two studios starting at once on one data dir agree.
    const other = makeTempDir();
    try {
      const all = await Promise.all(Array.from({ length: 8 }, () => sessionToken(other.dir)));
      expect(new Set(all).size).toBe(1);
      expect(readdirSync(other.dir)).toEqual([TOKEN_FILE]);
    } finally {
      other.cleanup();
    }
  });

  it.each([
    ['empty', ''],
    ['too short to be a token', 'abc'],
    ['not a token at all', '<html>'],
  ])('replaces a damaged file (%s) with a fresh owner-only token', async (_n, text) => {
    tmp = makeTempDir();
    const path = join(tmp.dir, TOKEN_FILE);
    writeFileSync(path, text, { mode: 0o600 });
    const token = await sessionToken(tmp.dir);
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(await sessionToken(tmp.dir)).toBe(token);
  });

  it.each([0o644, 0o640, 0o604, 0o660, 0o606])(
    'replaces a token file others could read (mode %o): the old token opens nothing any more',
    async (mode) => {
      tmp = makeTempDir();
      const token = await sessionToken(tmp.dir);
      const path = join(tmp.dir, TOKEN_FILE);
      chmodSync(path, mode);
      const fresh = await sessionToken(tmp.dir);
      expect(fresh).toMatch(/^[A-Za-z0-9_-]{32}$/);
      expect(fresh, 'a token others could have read is no secret').not.toBe(token);
      expect(statSync(path).mode & 0o777).toBe(0o600);
      expect(await sessionToken(tmp.dir)).toBe(fresh);
    },
  );

  it('replaces a token file that is a symlink, leaving what it pointed at alone', async () => {
    tmp = makeTempDir();
    const elsewhere = join(tmp.dir, 'elsewhere');
    const planted = 'A'.repeat(32);
    writeFileSync(elsewhere, `${planted}\n`, { mode: 0o600 });
    const dataDir = join(tmp.dir, 'data');
    await sessionToken(dataDir);
    const path = join(dataDir, TOKEN_FILE);
    rmSync(path);
    symlinkSync(elsewhere, path);
    const token = await sessionToken(dataDir);
    expect(token).not.toBe(planted);
    expect(lstatSync(path).isFile()).toBe(true);
    expect(readFileSync(elsewhere, 'utf8')).toBe(`${planted}\n`);
  });
});
