// The browser-mode server as a real process against clients that hold the token but send garbage: a malformed
// WebSocket frame, an oversized message, many large request bodies at once. The studio must stay up (running
// jobs included), close only the offending socket and refuse what is beyond its memory budget with a clear error.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { StudioEvent } from '../../shared/domain';
import type { Envelope } from '../../shared/transport';
import { makeFolderOfImages } from '../helpers/images';
import { startStudioProcess, type StudioProcess } from '../helpers/studio-process';
import { makeTempDir } from '../helpers/temp-dir';

const TOKEN = 'hostile-test-token-0123456789';
const MiB = 1024 * 1024;

interface Running {
  studio: StudioProcess;
  port: number;
  dir: string;
  stop(): Promise<void>;
}

async function startStudio(args: string[] = []): Promise<Running> {
  const tmp = makeTempDir('vps-hostile-');
  const staticDir = join(tmp.dir, 'static');
  mkdirSync(staticDir);
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>studio</title>');
  const studio = await startStudioProcess(join(tmp.dir, 'data'), {
    fromSource: true,
    args: ['--static', staticDir, '--token', TOKEN, ...args],
    env: { HOME: tmp.dir },
  });
  return {
    studio,
    port: Number(new URL(studio.loginUrl).port),
    dir: tmp.dir,
    async stop() {
      await studio.stop();
      tmp.cleanup();
    },
  };
}

async function api<T>(port: number, method: string, input: unknown): Promise<T> {
  const res = await fetch(`http://127.0.0.1:${port}/api/${method}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify(input),
  });
  const body = (await res.json()) as Envelope<T>;
  if (!body.ok) throw new Error(`${method}: ${body.error.message}`);
  return body.result;
}

/** A raw TCP connection upgraded to the events WebSocket by hand, so the test can write any bytes. */
function rawEventSocket(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('error', reject);
    socket.once('connect', () =>
      socket.write(
        'GET /events HTTP/1.1\r\n' +
          `Host: 127.0.0.1:${port}\r\n` +
          'Upgrade: websocket\r\nConnection: Upgrade\r\n' +
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n' +
          `Authorization: Bearer ${TOKEN}\r\n\r\n`,
      ),
    );
    socket.once('data', (head) => {
      if (!String(head).startsWith('HTTP/1.1 101')) reject(new Error(`No upgrade: ${String(head)}`));
      else resolve(socket);
    });
  });
}

/** Waits until the server closes the socket; returns the status code of the close frame it sent, if any. */
function closeCodeOf(socket: Socket): Promise<number | undefined> {
  return new Promise((resolve) => {
    let frames = Buffer.alloc(0);
    socket.on('data', (d) => (frames = Buffer.concat([frames, d])));
    socket.on('error', () => {});
    socket.once('close', () => {
      // A server frame is unmasked: 0x88 (FIN + close), a length under 126, then the code.
      const at = frames.indexOf(0x88);
      resolve(at >= 0 && frames.length >= at + 4 ? frames.readUInt16BE(at + 2) : undefined);
    });
  });
}

function openEventSocket(port: number): Promise<{ ws: WebSocket; events: StudioEvent[] }> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/events`, {
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  const events: StudioEvent[] = [];
  ws.on('message', (m) => events.push(JSON.parse(String(m)) as StudioEvent));
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, events }));
    ws.once('error', reject);
  });
}

async function jobEnd(port: number, jobId: string): Promise<string> {
  for (;;) {
    const job = await api<{ state: string }>(port, 'jobs.get', { jobId });
    if (job.state !== 'running') return job.state;
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('browser-mode server against hostile WebSocket clients', () => {
  let s: Running;
  beforeAll(async () => {
    s = await startStudio();
  });
  afterAll(() => s?.stop());

  it('a malformed frame or an oversized message closes only that socket; the studio, its job and other sockets go on', async () => {
    const good = await openEventSocket(s.port);
    const folder = join(s.dir, 'photos');
    await makeFolderOfImages(folder, 30);
    const project = (
      await api<{ path: string }>(s.port, 'projects.create', { path: join(s.dir, 'p'), name: 'p' })
    ).path;
    const { jobId } = await api<{ jobId: string }>(s.port, 'images.importFolder', { project, folder });

    // 6 bytes: a masked frame with RSV1 set although no extension was agreed.
    const malformed = await rawEventSocket(s.port);
    const malformedClosed = closeCodeOf(malformed);
    malformed.write(Buffer.from([0xc1, 0x80, 1, 2, 3, 4]));
    expect(await malformedClosed).toBe(1002);

    // A frame header announcing a 2 MiB message: refused before the payload arrives.
    const announced = await rawEventSocket(s.port);
    const announcedClosed = closeCodeOf(announced);
    const header = Buffer.from([0x82, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4]);
    header.writeUInt32BE(2 * MiB, 6);
    announced.write(Buffer.concat([header, Buffer.alloc(64 * 1024)]));
    expect(await announcedClosed).toBe(1009);

    // A real client sending a real 2 MiB message.
    const big = await openEventSocket(s.port);
    const bigClosed = new Promise<number>((r) => big.ws.once('close', (code) => r(code)));
    big.ws.on('error', () => {});
    big.ws.send(Buffer.alloc(2 * MiB, 7));
    expect(await bigClosed).toBe(1009);

    expect(s.studio.child.exitCode).toBeNull();
    expect(await jobEnd(s.port, jobId)).toBe('done');
    await new Promise((r) => setTimeout(r, 100));
    expect(good.ws.readyState).toBe(WebSocket.OPEN);
    expect(good.events.find((e) => e.type === 'job.done')).toMatchObject({ jobId });
    expect(s.studio.output()).not.toMatch(/Unhandled|RangeError/);
    good.ws.close();
  });
});

interface Answer {
  status: number;
  body: Envelope<unknown>;
}

/**
 * POSTs `size` bytes of JSON to system.info on its own connection, writing 1 MiB at a time; with
 * `declare` the length is sent up front, otherwise the body is chunked. Writing stops once the server answers.
 * `hold` keeps the last MiB back until it resolves.
 */
function bigPost(
  port: number,
  size: number,
  options: { declare: boolean; hold?: Promise<void> },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    // Whitespace is valid JSON: the body parses to {} and system.info answers 200 once it is read.
    const head = Buffer.from('{');
    const tail = Buffer.from('}');
    const chunk = Buffer.alloc(MiB, ' ');
    const req = request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/api/system.info',
      agent: false,
      headers: {
        host: `127.0.0.1:${port}`,
        authorization: `Bearer ${TOKEN}`,
        'content-type': 'application/json',
        ...(options.declare ? { 'content-length': size } : {}),
      },
    });
    let answered = false;
    req.on('response', (res) => {
      answered = true;
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => {
        req.destroy();
        resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Envelope<unknown> });
      });
    });
    // An error after the answer (the test's own destroy) is expected; only an unanswered request fails.
    req.on('error', (e) => {
      if (!answered) setTimeout(() => !answered && reject(e), 200);
    });
    void (async () => {
      const write = (b: Buffer) =>
        new Promise<void>((done) => (req.write(b) ? done() : req.once('drain', () => done())));
      await write(head);
      let left = size - head.length - tail.length;
      while (left > MiB && !answered && !req.destroyed) {
        await write(chunk);
        left -= MiB;
      }
      if (options.hold) await options.hold;
      if (answered || req.destroyed) return;
      req.end(Buffer.concat([chunk.subarray(0, left), tail]));
    })();
  });
}

/** The process's peak resident memory (VmHWM) in MiB since the last reset. */
function peakMiB(pid: number): number {
  const kb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);
  return kb / 1024;
}
function resetPeak(pid: number): void {
  writeFileSync(`/proc/${pid}/clear_refs`, '5');
}

describe('browser-mode server against many large request bodies at once', () => {
  const BUDGET_MIB = 48;
  let s: Running;
  beforeAll(async () => {
    s = await startStudio(['--body-budget-mib', String(BUDGET_MIB)]);
  });
  afterAll(() => s?.stop());

  it('refuses declared bodies beyond the budget with 503 at once and takes those within it', async () => {
    let release!: () => void;
    const hold = new Promise<void>((r) => (release = r));
    const answers = Array.from({ length: 16 }, () => bigPost(s.port, 20 * MiB, { declare: true, hold }));
    // Two 20 MiB bodies fit in 48 MiB; the other fourteen are refused while those two are still arriving.
    const refused: Answer[] = [];
    for (const a of answers) void a.then((x) => x.status === 503 && refused.push(x));
    const deadline = Date.now() + 20_000;
    while (refused.length < 14 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(refused).toHaveLength(14);
    expect(refused[0]!.body).toMatchObject({
      ok: false,
      error: { code: 'busy', message: expect.stringMatching(/too much request data.*try again/i) },
    });
    release();
    const all = await Promise.all(answers);
    expect(all.filter((a) => a.status === 200)).toHaveLength(2);
    expect(s.studio.child.exitCode).toBeNull();
  });

  it('sixteen parallel 32 MiB bodies without a length: it holds about the budget, refuses the rest, stays up', async () => {
    const pid = s.studio.child.pid!;
    resetPeak(pid);
    const before = peakMiB(pid);
    const answers = await Promise.all(
      Array.from({ length: 16 }, () => bigPost(s.port, 32 * MiB, { declare: false })),
    );
    const growth = peakMiB(pid) - before;
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((c) => c === 503).length).toBeGreaterThanOrEqual(8);
    expect(statuses.every((c) => c === 503 || c === 200)).toBe(true);
    // All sixteen held at once would be 512 MiB of chunks alone.
    expect(growth).toBeLessThan(256);
    expect(await api<{ mode: string }>(s.port, 'system.info', {})).toMatchObject({ mode: 'browser' });
  });

  it('answers a body over the per-request limit with 413 without reading it', async () => {
    const answer = await bigPost(s.port, BUDGET_MIB * MiB + MiB, { declare: true });
    expect(answer.status).toBe(413);
    expect(answer.body).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringMatching(/too large.*48 MiB/) },
    });
  });
});
