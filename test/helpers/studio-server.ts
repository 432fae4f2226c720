import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createStudio, type Studio, type StudioOptions } from '../../electron/studio/create-studio';
import { startServer, type RunningServer } from '../../electron/server/http-server';
import type { ImagePage, JobInfo } from '../../shared/api';
import type { ImageRecord, ProjectInfo } from '../../shared/domain';
import type { Envelope } from '../../shared/transport';
import { makeTempDir } from './temp-dir';

/** What a test may choose about its studio; the data dir, mode and version are always the test ones. */
export type TestStudioOptions = Pick<StudioOptions, 'env' | 'engines' | 'chainEngines'>;

/** A real browser-mode studio whose data dir is `dir`/data and whose home is `dir`. */
export function createTestStudio(dir: string, options: TestStudioOptions = {}): Studio {
  return createStudio({
    dataDir: join(dir, 'data'),
    mode: 'browser',
    version: 'test',
    homeDir: dir,
    ...options,
  });
}

export interface TestServer {
  studio: Studio;
  server: RunningServer;
  dir: string;
  /** POST /api/<method> with the token, returning the HTTP status and the envelope. */
  call<T = unknown>(method: string, input: unknown): Promise<{ status: number; body: Envelope<T> }>;
  /** Like call, but returns the envelope only (for tests of the errors it carries). */
  envelope<T = unknown>(method: string, input: unknown): Promise<Envelope<T>>;
  /** Like call, but returns the result or throws with the error message. */
  ok<T = unknown>(method: string, input: unknown): Promise<T>;
  /**
   * Creates a project `name` in the server's dir and imports the image folder into it as the UI does; throws
   * unless the import job ends done. Returns the project's path and its images.
   */
  projectWithImages(folder: string, name?: string): Promise<{ project: string; images: ImageRecord[] }>;
  stop(): Promise<void>;
}

/** A real studio behind a real HTTP server on 127.0.0.1, with a throwaway data dir and a tiny static root. */
export async function startTestServer(options: TestStudioOptions = {}): Promise<TestServer> {
  const tmp = makeTempDir('vps-server-');
  const staticDir = join(tmp.dir, 'static');
  mkdirSync(staticDir);
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>studio</title>');
  const studio = createTestStudio(tmp.dir, options);
  const server = await startServer({ studio, staticDir, token: 'test-token-0123456789' });
  const call = async <T>(method: string, input: unknown) => {
    const res = await fetch(`${server.url}/api/${method}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(input),
    });
    return { status: res.status, body: (await res.json()) as Envelope<T> };
  };
  const ok = async <T>(method: string, input: unknown) => {
    const { body } = await call<T>(method, input);
    if (!body.ok) throw new Error(`${method}: ${body.error.code}: ${body.error.message}`);
    return body.result;
  };
  return {
    studio,
    server,
    dir: tmp.dir,
    call,
    envelope: async <T>(method: string, input: unknown) => (await call<T>(method, input)).body,
    ok,
    async projectWithImages(folder, name = 'p') {
      const path = join(tmp.dir, `${name}.vpstudio`);
      const project = (await ok<ProjectInfo>('projects.create', { path, name })).path;
      const { jobId } = await ok<{ jobId: string }>('images.importFolder', { project, folder });
      let job = await ok<JobInfo>('jobs.get', { jobId });
      while (job.state === 'running') {
        await new Promise((r) => setTimeout(r, 20));
        job = await ok<JobInfo>('jobs.get', { jobId });
      }
      if (job.state !== 'done') throw new Error(`The import of ${folder} ended ${job.state}`);
      return { project, images: (await ok<ImagePage>('images.list', { project })).items };
    },
    async stop() {
      await server.close();
      await studio.close();
      tmp.cleanup();
    },
  };
}
