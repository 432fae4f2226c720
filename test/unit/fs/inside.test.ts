// joinInside / resolveInside: a relative path kept under its root, as written and through links, on real folders.
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { joinInside, resolveInside } from '../../../electron/fs/inside';
import { studioErrorOf } from '../../helpers/studio-error';
import { makeTempDir } from '../../helpers/temp-dir';

const tmp = makeTempDir('vps-inside-');
afterAll(tmp.cleanup);
const root = join(tmp.dir, 'root');
mkdirSync(join(root, 'sub'), { recursive: true });
mkdirSync(join(tmp.dir, 'elsewhere'));
symlinkSync(join(tmp.dir, 'elsewhere'), join(root, 'out'));
symlinkSync(join(root, 'sub'), join(root, 'in'));
symlinkSync(join(tmp.dir, 'nowhere'), join(root, 'dangling'));

describe('joinInside', () => {
  it.each([
    ['a.txt', 'a.txt'],
    ['sub/a.txt', 'sub/a.txt'],
    ['sub/../a.txt', 'a.txt'],
    ['./sub/./a.txt', 'sub/a.txt'],
    ['sub\\a.txt', 'sub/a.txt'],
    ['', ''],
  ])('keeps %j under the root', (rel, expected) => {
    expect(joinInside(root, rel)).toBe(expected ? join(root, expected) : root);
  });

  it.each([
    ['../a.txt', /leads outside/],
    ['sub/../../a.txt', /leads outside/],
    ['..', /leads outside/],
    ['..\\..\\a.txt', /leads outside/],
    ['/etc/passwd', /must be relative/],
    ['C:\\Windows\\x', /must be relative/],
    ['c:x', /must be relative/],
    ['\\\\server\\share\\x', /must be relative/],
    ['a\0.txt', /NUL/],
  ])('refuses %j', async (rel, message) => {
    const err = await studioErrorOf(() => joinInside(root, rel, 'The file'));
    expect(err.code).toBe('invalid_input');
    expect(err.message).toMatch(/^The file ".*" /);
    expect(err.message).toMatch(message);
  });
});

describe('resolveInside', () => {
  it.each(['a.txt', 'sub/a.txt', 'in/a.txt', 'new/deeper/a.txt'])(
    'keeps %j (links inside are fine)',
    async (rel) => {
      expect(await resolveInside(root, rel)).toBe(join(root, rel));
    },
  );

  it('takes a root that is itself a link', async () => {
    expect(await resolveInside(join(root, 'out'), 'x.txt')).toBe(join(root, 'out', 'x.txt'));
  });

  it.each([
    ['out/a.txt', /leads outside .* through a symbolic link/],
    ['out', /through a symbolic link/],
    ['dangling', /broken symbolic link/],
    ['dangling/a.txt', /broken symbolic link/],
    ['../a.txt', /leads outside/],
  ])('refuses %j', async (rel, message) => {
    const err = await studioErrorOf(resolveInside(root, rel));
    expect(err.code).toBe('invalid_input');
    expect(err.message).toMatch(message);
  });
});
