import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ProjectStore } from '../../../electron/store/project-store';
import { closeLater, newProject } from './store-fixtures';

const WRITER = fileURLToPath(new URL('./fixtures/concurrent-writer.ts', import.meta.url));
const ROUNDS = 150;

function startWriter(path: string, tag: string, other: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER, path, tag, other, String(ROUNDS)], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`writer ${tag} exited early (${code}): ${stderr}`)));
  });
  const exited = once(child, 'exit').then(([code]) => ({ code, stderr }));
  return { child, ready, exited };
}

describe('two processes writing one project', () => {
  it('interleave their transactions without losing or corrupting anything', async () => {
    const { store, path } = newProject();
    store.close();
    const writers = [startWriter(path, 'a', 'b'), startWriter(path, 'b', 'a')];
    await Promise.all(writers.map((w) => w.ready));
    for (const w of writers) w.child.stdin.end('go\n');
    for (const { code, stderr } of await Promise.all(writers.map((w) => w.exited))) {
      expect(stderr).toBe('');
      expect(code).toBe(0);
    }

    const raw = new Database(path, { readonly: true });
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(raw.pragma('foreign_key_check')).toEqual([]);
    raw.close();

    const after = closeLater(ProjectStore.open(path));
    expect(after.info().counts).toMatchObject({ images: 2 * ROUNDS * 5, annotations: 2 * ROUNDS * 3 });
    const ids = (tag: string) => after.listImages({ search: `/${tag}/` }, 0, 10_000).items.map((i) => i.id);
    const [a, b] = [ids('a'), ids('b')];
    expect(a).toHaveLength(ROUNDS * 5);
    // Interleaved (the writers wait for each other's rounds): neither writer's images form one block of ids.
    expect(a.at(-1)! - a[0]! + 1).toBeGreaterThan(a.length);
    expect(b.at(-1)! - b[0]! + 1).toBeGreaterThan(b.length);
  });
});
