import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const SERVER_ENTRY = resolve('out/main/server.js');
const SOURCE_ENTRY = resolve('electron/server/cli.ts');

export interface StudioProcess {
  loginUrl: string;
  child: ChildProcess;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  stop(): Promise<void>;
}

export interface StudioProcessOptions {
  /** Run electron/server/cli.ts (through tsx, in the same process) instead of the build: no build needed. */
  fromSource?: boolean;
  /** More command-line options for the server. */
  args?: string[];
  env?: NodeJS.ProcessEnv;
}

/** Starts the browser-mode studio as a real process, as `npm start` would, and waits for its link. */
export async function startStudioProcess(
  dataDir: string,
  options: StudioProcessOptions = {},
): Promise<StudioProcess> {
  if (!options.fromSource && !existsSync(SERVER_ENTRY))
    throw new Error(`${SERVER_ENTRY} is missing: run \`npm run build\` first.`);
  const entry = options.fromSource ? ['--import', 'tsx', SOURCE_ENTRY] : [SERVER_ENTRY];
  const child = spawn(
    process.execPath,
    [...entry, '--port', '0', '--data-dir', dataDir, ...(options.args ?? [])],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...options.env },
    },
  );
  let output = '';
  const loginUrl = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`The studio did not start:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /Open: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolveUrl(m[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`The studio exited (${code}):\n${output}`)));
  });
  return {
    loginUrl,
    child,
    output: () => output,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}

/** The studio process's API over HTTP with its token, as the renderer calls it; a refusal throws its message. */
export function processCaller(studio: StudioProcess) {
  const url = new URL(studio.loginUrl);
  const token = url.searchParams.get('token')!;
  return async <T>(method: string, input: unknown): Promise<T> => {
    const res = await fetch(`${url.origin}/api/${method}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(input),
    });
    const body = (await res.json()) as { ok: true; result: T } | { ok: false; error: { message: string } };
    if (!body.ok) throw new Error(`${method}: ${body.error.message}`);
    return body.result;
  };
}
