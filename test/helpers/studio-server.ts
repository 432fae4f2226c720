import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createStudio, type Studio } from '../../electron/studio/create-studio';
import { startServer, type RunningServer } from '../../electron/server/http-server';
import type { Envelope } from '../../shared/transport';
import { makeTempDir } from './temp-dir';

export interface TestServer {
  studio: Studio;
  server: RunningServer;
  dir: string;
  /** POST /api/<method> with the token, returning the HTTP status and the envelope. */
  call<T = unknown>(method: string, input: unknown): Promise<{ status: number; body: Envelope<T> }>;
  /** Like call, but returns the result or throws with the error message. */
  ok<T = unknown>(method: string, input: unknown): Promise<T>;
  stop(): Promise<void>;
}

/** A real studio behind a real HTTP server on 127.0.0.1, with a throwaway data dir and a tiny static root. */
export async function startTestServer(): Promise<TestServer> {
  const tmp = makeTempDir('vps-server-');
  const staticDir = join(tmp.dir, 'static');
  mkdirSync(staticDir);
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>studio</title>');
  const studio = createStudio({
    dataDir: join(tmp.dir, 'data'),
    mode: 'browser',
    version: 'test',
    homeDir: tmp.dir,
  });
  const server = await startServer({ studio, staticDir, token: 'test-token-0123456789' });
  const call = async <T>(method: string, input: unknown) => {
    const res = await fetch(`${server.url}/api/${method}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(input),
    });
    return { status: res.status, body: (await res.json()) as Envelope<T> };
  };
  return {
    studio,
    server,
    dir: tmp.dir,
    call,
    async ok<T>(method: string, input: unknown) {
      const { body } = await call<T>(method, input);
      if (!body.ok) throw new Error(`${method}: ${body.error.code}: ${body.error.message}`);
      return body.result;
    },
    async stop() {
      await server.close();
      await studio.close();
      tmp.cleanup();
    },
  };
}
