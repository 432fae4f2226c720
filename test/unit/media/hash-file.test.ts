import { createHash, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hashFile } from '../../../electron/media/hash-file';
import { makeTempDir } from '../../helpers/temp-dir';

describe('hashFile', () => {
  const tmp = makeTempDir();
  afterAll(tmp.cleanup);

  it.each([0, 1, 3 * 1024 * 1024 + 7])('equals node crypto over the bytes (%i bytes)', async (size) => {
    const bytes = randomBytes(size);
    const path = join(tmp.dir, `f${size}.bin`);
    writeFileSync(path, bytes);
    expect(await hashFile(path)).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('names a missing file', async () => {
    const path = join(tmp.dir, 'gone.jpg');
    await expect(hashFile(path)).rejects.toMatchObject({ code: 'not_found', message: `No file at ${path}.` });
  });
});
