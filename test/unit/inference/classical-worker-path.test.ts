// In a packaged app the classical worker is unpacked from the asar (electron-builder.yml): the engine starts the
// copy in app.asar.unpacked, where OpenCV resolves beside it; anywhere else the URL stays as it was.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { unpackedCopy } from '../../../electron/inference/classical';
import { makeTempDir } from '../../helpers/temp-dir';

let tmp: ReturnType<typeof makeTempDir>;
afterEach(() => tmp?.cleanup());

describe('the classical worker in a packaged app', () => {
  it('is started from app.asar.unpacked when the copy is there, else where it was found', () => {
    tmp = makeTempDir();
    const inAsar = join(tmp.dir, 'resources', 'app.asar', 'out', 'main', 'classical-worker.js');
    const outside = join(tmp.dir, 'resources', 'app.asar.unpacked', 'out', 'main', 'classical-worker.js');
    expect(unpackedCopy(pathToFileURL(inAsar)).href).toBe(pathToFileURL(inAsar).href);
    mkdirSync(join(outside, '..'), { recursive: true });
    writeFileSync(outside, '');
    expect(unpackedCopy(pathToFileURL(inAsar)).href).toBe(pathToFileURL(outside).href);
    const plain = pathToFileURL(join(tmp.dir, 'out', 'main', 'classical-worker.js'));
    expect(unpackedCopy(plain).href).toBe(plain.href);
  });
});
