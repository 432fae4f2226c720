// studio.log as a file: JSON lines, rotated by size into a fixed number of files, written by two processes at
// once without a torn or lost line, read back from its end; what reaches it is redacted.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { logFiles } from '../../../electron/logs/log-file';
import { readLogTail } from '../../../electron/logs/log-tail';
import { createFileLogger, logsDir } from '../../../electron/logs/logger';
import { parseLogLine } from '../../../shared/logs/log-line';
import { makeTempDir } from '../../helpers/temp-dir';

let tmp: ReturnType<typeof makeTempDir>;
afterEach(() => tmp?.cleanup());

const lines = (path: string) => readFileSync(path, 'utf8').split('\n').filter(Boolean);

describe('studio.log', () => {
  it('writes one JSON line per entry: time, level, component, event, pid, fields', () => {
    tmp = makeTempDir();
    const log = createFileLogger({ dataDir: tmp.dir, clock: () => new Date('2026-12-04T10:00:00Z') });
    log.child('api').warn('call_failed', { method: 'segment.run', code: 'endpoint_failed' });
    log.debug('not written at info');
    const [line, ...rest] = lines(join(logsDir(tmp.dir), 'studio.log'));
    expect(rest).toEqual([]);
    expect(JSON.parse(line!)).toEqual({
      time: '2026-12-04T10:00:00.000Z',
      level: 'warn',
      component: 'api',
      event: 'call_failed',
      pid: process.pid,
      fields: { method: 'segment.run', code: 'endpoint_failed' },
    });
  });

  it('writes no credential, token or image data, whatever the fields hold', () => {
    tmp = makeTempDir();
    const log = createFileLogger({ dataDir: tmp.dir, homeDir: tmp.dir });
    const token = 'kept-browser-token-value';
    log.addSecret(token);
    log.info('request', {
      url: `http://127.0.0.1:5178/?token=${token}`,
      headers: { authorization: 'Bearer abcdefgh123' },
      credentials: {
        accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
        secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      },
      note: `seen ${token} in ${tmp.dir}/projects`,
      image: Buffer.alloc(100_000),
      preview: `data:image/png;base64,${'A'.repeat(50_000)}`,
    });
    const text = readFileSync(join(logsDir(tmp.dir), 'studio.log'), 'utf8');
    for (const secret of [token, 'abcdefgh123', 'AKIAIOSFODNN7EXAMPLE', 'wJalrXUtnFEMI', 'AAAAAAAA', tmp.dir])
      expect(text).not.toContain(secret);
    expect(text.length).toBeLessThan(4000);
    expect(parseLogLine(text.trim())?.fields).toMatchObject({ note: 'seen [redacted] in ~/projects' });
  });

  it('keeps a line whole under 4000 bytes however large its fields', () => {
    tmp = makeTempDir();
    const log = createFileLogger({ dataDir: tmp.dir });
    log.info('big', Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${i}`, 'word '.repeat(500)])));
    const [line] = lines(join(logsDir(tmp.dir), 'studio.log'));
    expect(Buffer.byteLength(line!)).toBeLessThanOrEqual(4000);
    expect(parseLogLine(line!)?.event).toBe('big');
  });

  it('rotates by size, keeping the newest lines in a fixed number of files', () => {
    tmp = makeTempDir();
    const log = createFileLogger({ dataDir: tmp.dir, maxBytes: 10_000, files: 3 });
    for (let i = 0; i < 500; i++) log.info('n', { i });
    const dir = logsDir(tmp.dir);
    expect(readdirSync(dir).sort()).toEqual(['studio.1.log', 'studio.2.log', 'studio.log']);
    for (const path of logFiles(dir, 3)) expect(statSync(path).size).toBeLessThan(10_000 + 200);
    const kept = [...logFiles(dir, 3)]
      .reverse()
      .flatMap(lines)
      .map((l) => parseLogLine(l)!.fields.i as number);
    // The newest lines, in order, with none missing between the oldest kept and the last.
    expect(kept.at(-1)).toBe(499);
    expect(kept).toEqual(Array.from({ length: kept.length }, (_, k) => 500 - kept.length + k));
    expect(readLogTail(dir, 5, 3).map((l) => parseLogLine(l)!.fields.i)).toEqual([495, 496, 497, 498, 499]);
    // The tail crosses into the rotated files when studio.log holds fewer lines.
    const all = readLogTail(dir, 10_000, 3);
    expect(all.length).toBe(kept.length);
  });

  it('takes over a lock a killed rotator left', () => {
    tmp = makeTempDir();
    const dir = logsDir(tmp.dir);
    const log = createFileLogger({ dataDir: tmp.dir, maxBytes: 2000, files: 2 });
    log.info('first');
    writeFileSync(join(dir, 'studio.log.lock'), '999999999'); // no such process
    for (let i = 0; i < 50; i++) log.info('n', { i });
    expect(readdirSync(dir).sort()).toEqual(['studio.1.log', 'studio.log']);
  });

  it('two processes appending and rotating at once lose or tear no line', async () => {
    tmp = makeTempDir();
    const writer = resolve(import.meta.dirname, '../../helpers/log-writer.ts');
    const perProcess = 1500;
    // 400-byte lines, 3,000 of them: about 1.2 MB over 100 KB files, 20 files kept so nothing is rotated out.
    let stderr = '';
    const run = () =>
      new Promise<number>((done, fail) => {
        const child = spawn(
          process.execPath,
          ['--import', 'tsx', writer, tmp.dir, String(perProcess), '100000', '20'],
          { stdio: ['ignore', 'ignore', 'pipe'] },
        );
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('error', fail);
        child.on('exit', (code) => done(code ?? 1));
      });
    // Exit 1: a writer could not write some line (log-writer.ts).
    expect(await Promise.all([run(), run()]), stderr).toEqual([0, 0]);
    const dir = logsDir(tmp.dir);
    const all = logFiles(dir, 20).flatMap((p) => {
      try {
        return lines(p);
      } catch {
        return [];
      }
    });
    const entries = all.map(parseLogLine);
    expect(entries.every((e) => e !== null)).toBe(true);
    const byPid = new Map<number, Set<number>>();
    for (const e of entries) {
      const seen = byPid.get(e!.pid) ?? new Set();
      seen.add(e!.fields.i as number);
      byPid.set(e!.pid, seen);
    }
    expect([...byPid.values()].map((s) => s.size)).toEqual([perProcess, perProcess]);
    expect(readdirSync(dir).filter((f) => f.endsWith('.lock'))).toEqual([]);
  }, 60_000);
});
