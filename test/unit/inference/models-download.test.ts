// Model downloads against a real HTTP server of ours on 127.0.0.1: real bytes, Range requests, a transfer cut
// mid-body and resumed, a server that ignores Range, wrong bytes refused, cancellation.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { downloadFile, type FileProgress } from '../../../electron/inference/models/download';
import { downloadModel } from '../../../electron/inference/models/download-model';
import { MANIFEST, modelEntry, type ModelEntry } from '../../../electron/inference/models/manifest';
import { studioErrorOf } from '../../helpers/studio-error';
import { makeTempDir } from '../../helpers/temp-dir';

const BODY = randomBytes(1_500_000);
const SHA = createHash('sha256').update(BODY).digest('hex');

interface Behaviour {
  /** Destroy the socket after this many body bytes (once). */
  cutAfter?: number;
  /** Send this many bytes, then stall (once): the client gets something, then waits. */
  stallAfter?: number;
  ignoreRange?: boolean;
  status?: number;
  body?: Buffer;
}

describe('model downloads', () => {
  let server: Server;
  let base: string;
  let behaviour: Behaviour = {};
  const ranges: (string | undefined)[] = [];
  const tmp = makeTempDir('vps-download-');
  let n = 0;
  const dest = () => join(tmp.dir, `case-${++n}`, 'model.onnx');

  beforeAll(async () => {
    server = createServer((req, res) => {
      ranges.push(req.headers.range);
      const body = behaviour.body ?? BODY;
      if (behaviour.status) {
        res.writeHead(behaviour.status).end('nope');
        return;
      }
      const m = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
      let start = 0;
      if (m && !behaviour.ignoreRange) {
        start = Number(m[1]);
        if (start >= body.length) {
          res.writeHead(416, { 'content-range': `bytes */${body.length}` }).end();
          return;
        }
        res.writeHead(206, {
          'content-length': body.length - start,
          'content-range': `bytes ${start}-${body.length - 1}/${body.length}`,
        });
      } else res.writeHead(200, { 'content-length': body.length });
      const rest = body.subarray(start);
      if (behaviour.stallAfter !== undefined) {
        const stall = behaviour.stallAfter;
        behaviour.stallAfter = undefined;
        res.write(rest.subarray(0, stall));
        setTimeout(() => res.destroy(), 5000).unref();
        return;
      }
      if (behaviour.cutAfter !== undefined) {
        const cut = behaviour.cutAfter;
        behaviour.cutAfter = undefined;
        res.write(rest.subarray(0, cut), () => setTimeout(() => res.destroy(), 20));
        return;
      }
      res.end(rest);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    tmp.cleanup();
  });
  beforeEach(() => {
    behaviour = {};
    ranges.length = 0;
  });

  const get = (path: string, extra: Partial<Parameters<typeof downloadFile>[0]> = {}) =>
    downloadFile({ url: `${base}/m.onnx`, dest: path, sha256: SHA, sizeBytes: BODY.length, ...extra });

  it('downloads, verifies and renames into place, reporting progress up to the size', async () => {
    const path = dest();
    const seen: FileProgress[] = [];
    const done = await get(path, { onProgress: (p) => seen.push(p) });
    expect(done).toEqual({ path, bytes: BODY.length, sha256: SHA, resumedFrom: 0 });
    expect(readFileSync(path).equals(BODY)).toBe(true);
    expect(existsSync(`${path}.part`)).toBe(false);
    expect(seen.at(-1)).toEqual({ received: BODY.length, total: BODY.length });
    expect(seen.every((p, i) => i === 0 || p.received > seen[i - 1]!.received)).toBe(true);
  });

  it('keeps the bytes of a broken transfer and resumes it with a Range request', async () => {
    const path = dest();
    behaviour.cutAfter = 600_000;
    const err = await studioErrorOf(get(path));
    expect(err.code).toBe('download_failed');
    expect(err.message).toMatch(/broke off after \d+ bytes.*try again to resume/);
    const kept = statSync(`${path}.part`).size;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(BODY.length);
    expect(existsSync(path)).toBe(false);

    const done = await get(path);
    expect(ranges.at(-1)).toBe(`bytes=${kept}-`);
    expect(done.resumedFrom).toBe(kept);
    expect(done.sha256).toBe(SHA);
    expect(readFileSync(path).equals(BODY)).toBe(true);
  });

  it('starts over when the server ignores the Range request', async () => {
    const path = dest();
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(`${path}.part`, BODY.subarray(0, 1000));
    behaviour.ignoreRange = true;
    const done = await get(path);
    expect(ranges).toEqual(['bytes=1000-']);
    expect(done.resumedFrom).toBe(0);
    expect(readFileSync(path).equals(BODY)).toBe(true);
  });

  it('finishes a .part that already holds every byte (the server answers 416)', async () => {
    const path = dest();
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(`${path}.part`, BODY);
    const done = await get(path);
    expect(done).toMatchObject({ bytes: BODY.length, resumedFrom: BODY.length, sha256: SHA });
  });

  it('refuses and deletes bytes whose checksum is wrong, and a .part that resumed into them', async () => {
    const path = dest();
    behaviour.body = Buffer.from(BODY).fill(7, 100, 200);
    const err = await studioErrorOf(get(path));
    expect(err.code).toBe('download_failed');
    expect(err.message).toContain(`expected ${SHA}`);
    expect(existsSync(path)).toBe(false);
    expect(existsSync(`${path}.part`)).toBe(false);
  });

  it('names the HTTP status of a failed request and keeps nothing', async () => {
    const path = dest();
    behaviour.status = 404;
    const err = await studioErrorOf(get(path));
    expect(err).toMatchObject({ code: 'download_failed', details: { status: 404 } });
    expect(err.message).toContain('HTTP 404');
    expect(existsSync(path)).toBe(false);
  });

  it('says download_failed for an unreachable server', async () => {
    const err = await studioErrorOf(
      downloadFile({ url: 'http://127.0.0.1:9/x', dest: dest(), sha256: null, sizeBytes: null }),
    );
    expect(err.code).toBe('download_failed');
    expect(err.message).toContain('Could not reach http://127.0.0.1:9/x');
  });

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(get(dest(), { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('cancelled mid-transfer, keeps what it has for the next attempt to resume', async () => {
    const path = dest();
    behaviour.stallAfter = 500_000;
    const controller = new AbortController();
    const download = get(path, {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.received >= 500_000) controller.abort();
      },
    });
    await expect(download).rejects.toMatchObject({ name: 'AbortError' });
    expect(statSync(`${path}.part`).size).toBe(500_000);
    const done = await get(path);
    expect(done).toMatchObject({ resumedFrom: 500_000, sha256: SHA });
  });

  describe('a manifest model', () => {
    const entry: ModelEntry = (() => {
      const picodet = modelEntry(MANIFEST, 'picodet-s-320-coco');
      return { ...picodet, files: [{ ...picodet.files[0]!, sizeBytes: BODY.length, sha256: SHA }] };
    })();
    const urlOf = () => `${base}/m.onnx`;

    it('installs into <models dir>/<id>/<file>, then finds it verified there without a request', async () => {
      const dir = join(tmp.dir, 'models-a');
      const progress: number[] = [];
      const first = await downloadModel(entry, dir, {
        allowUnverified: false,
        urlOf,
        onProgress: (p) => progress.push(p.received),
      });
      expect(first.files[0]).toMatchObject({
        path: join(dir, 'picodet-s-320-coco', 'picodet_s_320_coco.onnx'),
        alreadyThere: false,
        verified: true,
      });
      expect(progress.at(-1)).toBe(BODY.length);
      ranges.length = 0;
      const again = await downloadModel(entry, dir, { allowUnverified: false, urlOf });
      expect(again.files[0]!.alreadyThere).toBe(true);
      expect(ranges).toHaveLength(0);
    });

    it('refuses a model without a known checksum unless the user agreed, then records what it measured', async () => {
      const unknown: ModelEntry = { ...entry, files: [{ ...entry.files[0]!, sha256: null }] };
      const dir = join(tmp.dir, 'models-b');
      const err = await studioErrorOf(downloadModel(unknown, dir, { allowUnverified: false, urlOf }));
      expect(err.code).toBe('invalid_input');
      expect(err.message).toContain('No trustworthy checksum is known for picodet_s_320_coco.onnx');
      expect(ranges).toHaveLength(0);
      const done = await downloadModel(unknown, dir, { allowUnverified: true, urlOf });
      expect(done.files[0]).toMatchObject({ sha256: SHA, verified: false });
    });
  });
});
