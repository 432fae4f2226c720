import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createStudio, type Studio, type StudioOptions } from '../../electron/studio/create-studio';
import { dispatch } from '../../electron/studio/dispatch';
import { startServer, type RunningServer } from '../../electron/server/http-server';
import type { ImagePage, JobInfo } from '../../shared/api';
import type { ImageRecord, ProjectInfo } from '../../shared/domain';
import type { Envelope } from '../../shared/transport';
import { makeTempDir } from './temp-dir';

/** What a test may choose about its studio; the data dir, mode and version are always the test ones. */
export type TestStudioOptions = Pick<StudioOptions, 'env' | 'engines' | 'chainEngines' | 'now' | 'backups'>;

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

/** One studio API call that returns the result or throws with the error. */
export type ApiCall = <T>(method: string, input: unknown) => Promise<T>;

/** Polls a job until it is no longer running; returns it as it ended. */
export async function finishedJob(call: ApiCall, jobId: string): Promise<JobInfo> {
  for (;;) {
    const job = await call<JobInfo>('jobs.get', { jobId });
    if (job.state !== 'running') return job;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The result of a job that must end done; throws with how it ended otherwise. */
export async function jobResult<T>(call: ApiCall, jobId: string): Promise<T> {
  const job = await finishedJob(call, jobId);
  if (job.state !== 'done') throw new Error(`job ${job.state}: ${job.error?.message}`);
  return job.result as T;
}

/**
 * Creates the project `name` in `dir` and imports the image folder into it as the UI does; throws unless the
 * import ends done. Returns the project's path and its images.
 */
export async function projectWithImages(
  call: ApiCall,
  dir: string,
  folder: string,
  name = 'p',
): Promise<{ project: string; images: ImageRecord[] }> {
  const path = join(dir, `${name}.vpstudio`);
  const project = (await call<ProjectInfo>('projects.create', { path, name })).path;
  await jobResult(call, (await call<{ jobId: string }>('images.importFolder', { project, folder })).jobId);
  return { project, images: (await call<ImagePage>('images.list', { project })).items };
}

/** Calls the studio's API in-process, as every transport does; a failure throws with its code and message. */
export function studioCaller(studio: () => Studio) {
  const call: ApiCall = async <T>(method: string, input: unknown): Promise<T> => {
    const out = await dispatch(studio().handlers, method, input);
    if (!out.ok)
      throw Object.assign(new Error(`${method}: ${out.error.code}: ${out.error.message}`), {
        code: out.error.code,
      });
    return out.result as T;
  };
  return {
    call,
    finished: (jobId: string) => finishedJob(call, jobId),
    result: <T>(jobId: string) => jobResult<T>(call, jobId),
  };
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
  /** The result of a job that must end done (see jobResult). */
  result<T = unknown>(jobId: string): Promise<T>;
  /** projectWithImages in the server's dir. */
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
    result: (jobId) => jobResult(ok, jobId),
    projectWithImages: (folder, name) => projectWithImages(ok, tmp.dir, folder, name),
    async stop() {
      await server.close();
      await studio.close();
      tmp.cleanup();
    },
  };
}
