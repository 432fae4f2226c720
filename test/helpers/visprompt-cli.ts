// The `visprompt` command as a user runs it: a real process (scripts/visprompt.mjs), its stdout, stderr and
// exit code; or started in the background to be killed.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

const BIN = resolve(import.meta.dirname, '..', '..', 'scripts', 'visprompt.mjs');

export function visprompt(args: string[], env: NodeJS.ProcessEnv = {}) {
  const out = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 120_000,
  });
  return { status: out.status, stdout: out.stdout, stderr: out.stderr, json: () => JSON.parse(out.stdout) };
}

export function startVisprompt(args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
}
