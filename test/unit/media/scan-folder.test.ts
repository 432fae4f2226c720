import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanFolder } from '../../../electron/media/scan-folder';
import { makeTempDir } from '../../helpers/temp-dir';

async function collect(folder: string, options?: Parameters<typeof scanFolder>[1]) {
  const paths: string[] = [];
  for await (const path of scanFolder(folder, options)) paths.push(path);
  return paths;
}

describe('scanFolder', () => {
  const tmp = makeTempDir();
  const root = join(tmp.dir, 'photos');
  afterAll(tmp.cleanup);

  beforeAll(() => {
    const files = [
      'img10.jpg',
      'img2.JPG',
      'b/x.png',
      'a/deep/y.webp',
      'a/z.tif',
      'scan.BMP',
      'notes.txt',
      'film.mp4',
      '.hidden.jpg',
      '._img10.jpg',
      '.thumbs/t.jpg',
    ];
    for (const file of files) {
      mkdirSync(join(root, file, '..'), { recursive: true });
      writeFileSync(join(root, file), 'x');
    }
    symlinkSync(root, join(root, 'a', 'loop')); // a link back to the top: must not loop
    symlinkSync(join(root, 'b', 'x.png'), join(root, 'link.png'));
    symlinkSync(join(tmp.dir, 'nowhere.jpg'), join(root, 'broken.jpg'));
  });

  it('lists images depth first in natural name order, skipping hidden entries and link loops', async () => {
    expect(await collect(root)).toEqual(
      ['a/deep/y.webp', 'a/z.tif', 'b/x.png', 'img2.JPG', 'img10.jpg', 'link.png', 'scan.BMP'].map((p) =>
        join(root, p),
      ),
    );
  });

  it('stays in the folder when not recursive', async () => {
    expect(await collect(root, { recursive: false })).toEqual(
      ['img2.JPG', 'img10.jpg', 'link.png', 'scan.BMP'].map((p) => join(root, p)),
    );
  });

  it.each([
    ['a missing folder', () => join(tmp.dir, 'missing')],
    ['a file', () => join(root, 'img2.JPG')],
  ])('refuses %s with not_found', async (_, path) => {
    await expect(collect(path())).rejects.toMatchObject({
      code: 'not_found',
      message: `No folder at ${path()}.`,
    });
  });

  // Permissions do not stop root, so this case only runs as an ordinary user.
  it.skipIf(process.getuid?.() === 0)('reports an unreadable subfolder and goes on', async () => {
    const locked = join(root, 'b');
    chmodSync(locked, 0o000);
    try {
      const reports: string[] = [];
      const paths = await collect(root, { onUnreadable: (path) => reports.push(path) });
      expect(reports).toEqual([locked]);
      expect(paths).toContain(join(root, 'img2.JPG'));
    } finally {
      chmodSync(locked, 0o755);
    }
  });
});
