// Atomic writes and what a killed writer leaves: the temp file named with its writer's pid, removed at the next
// start when that writer is gone, kept while a live process may still be writing it.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeStaleTempFiles, writeFileAtomic } from '../../../electron/fs/atomic-write';
import { createTestStudio } from '../../helpers/studio-server';
import { makeTempDir } from '../../helpers/temp-dir';

const hourAgo = () => new Date(Date.now() - 3600_000);
/** The pid of a process that has already exited. */
const deadPid = () => spawnSync(process.execPath, ['-e', '']).pid!;

describe('removeStaleTempFiles', () => {
  const tmp = makeTempDir('vps-atomic-');
  afterAll(tmp.cleanup);
  const name = `${'ab'.padEnd(64, '0')}-32.webp`;

  it.each([
    ['a dead writer, just now', () => `.${name}.${deadPid()}-0123456789ab.tmp`, false, true],
    ['a dead writer, an hour ago', () => `.${name}.${deadPid()}-0123456789ab.tmp`, true, true],
    [
      'this process, just now (a write under way)',
      () => `.${name}.${process.pid}-0123456789ab.tmp`,
      false,
      false,
    ],
    ['a live process, just now', () => `.${name}.1-0123456789ab.tmp`, false, false],
    ['a live process, an hour ago (its pid reused)', () => `.${name}.1-0123456789ab.tmp`, true, true],
    ['an earlier version (no pid), just now', () => `.${name}.0123456789ab.tmp`, false, false],
    ['an earlier version (no pid), an hour ago', () => `.${name}.0123456789ab.tmp`, true, true],
    ['not ours (another name), an hour ago', () => 'notes.tmp', true, false],
    ['a thumbnail, an hour ago', () => name, true, false],
  ])('a file of %s: removed %s', async (_, file, old, removed) => {
    const dir = join(tmp.dir, String(Math.random()).slice(2), 'ab');
    mkdirSync(dir, { recursive: true });
    const path = join(dir, file());
    writeFileSync(path, 'x');
    if (old) utimesSync(path, hourAgo(), hourAgo());
    expect(await removeStaleTempFiles(join(dir, '..'), 1)).toBe(removed ? 1 : 0);
    expect(readdirSync(dir)).toEqual(removed ? [] : [path.slice(dir.length + 1)]);
  });

  it('writes through a temp file named with its pid, and leaves none behind', async () => {
    const dir = join(tmp.dir, 'write');
    await writeFileAtomic(join(dir, 'settings.json'), '{}\n');
    expect(readdirSync(dir)).toEqual(['settings.json']);
    expect(readFileSync(join(dir, 'settings.json'), 'utf8')).toBe('{}\n');
  });

  it("is run by the studio's start over the caches and the data dir", async () => {
    const data = join(tmp.dir, 'studio', 'data');
    const thumbs = join(data, 'cache', 'thumbs', 'ab');
    const embeddings = join(data, 'cache', 'embeddings', 'sam-vit-b');
    mkdirSync(thumbs, { recursive: true });
    mkdirSync(embeddings, { recursive: true });
    const left = [
      join(thumbs, `.${name}.${deadPid()}-0123456789ab.tmp`),
      join(embeddings, `.${'cd'.padEnd(64, '0')}.emb.${deadPid()}-0123456789ab.tmp`),
      join(data, `.settings.json.${deadPid()}-0123456789ab.tmp`),
    ];
    for (const path of left) writeFileSync(path, 'x');
    const studio = createTestStudio(join(tmp.dir, 'studio'));
    await studio.swept;
    await studio.close();
    const temps = (dir: string) => readdirSync(dir).filter((n) => n.endsWith('.tmp'));
    expect([temps(thumbs), temps(embeddings), temps(data)]).toEqual([[], [], []]);
  });
});
