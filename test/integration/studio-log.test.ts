// What a real studio writes to <data dir>/logs/studio.log as it is used: its start and stop (version, mode), each
// failed API call (method, code; never the input), jobs starting and ending, a migration, an export's counts,
// and no token, key or image anywhere in it.
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { readLogTail } from '../../electron/logs/log-tail';
import { logsDir } from '../../electron/logs/logger';
import { APPLICATION_ID, SCHEMA_VERSION } from '../../electron/store/migrations';
import { SCHEMA_V1 } from '../../electron/store/schema-v1';
import { parseLogLine } from '../../shared/logs/log-line';
import type { LogEntry } from '../../shared/logs/logger';
import { makeImage } from '../helpers/images';
import { createTestStudio, projectWithImages, studioCaller } from '../helpers/studio-server';
import { makeTempDir } from '../helpers/temp-dir';

let tmp: ReturnType<typeof makeTempDir>;
afterEach(() => tmp?.cleanup());

const entries = (dataDir: string): LogEntry[] =>
  readLogTail(logsDir(dataDir), 10_000).map((l) => parseLogLine(l)!);

describe('the studio log', () => {
  it('records start, failed calls, jobs, a migration, an export and stop, with no input or secret in it', async () => {
    tmp = makeTempDir('vps-log-');
    const studio = createTestStudio(tmp.dir);
    const { call, result } = studioCaller(() => studio);
    const dataDir = join(tmp.dir, 'data');

    // A failed call whose input holds a secret-looking value and an image: neither may reach the log.
    const secret = 'AKIAIOSFODNN7EXAMPLE';
    await expect(
      call('annotations.save', { project: join(tmp.dir, `missing-${secret}.vpstudio`), imageId: 1 }),
    ).rejects.toThrow();
    await expect(call('projects.open', { path: join(tmp.dir, 'nope.vpstudio') })).rejects.toThrow(
      /not_found/,
    );

    // An old project (schema v1) opened: upgraded, and the log says from which version.
    const old = join(tmp.dir, 'old.vpstudio');
    const v1 = new Database(old);
    v1.exec(SCHEMA_V1);
    v1.pragma(`application_id = ${APPLICATION_ID}`);
    v1.pragma('user_version = 1');
    v1.exec(`INSERT INTO project VALUES (1, 'Old', '2026-01-01T00:00:00.000Z', 1)`);
    v1.close();
    await call('projects.open', { path: old });

    // A job that ends done (an import) and an export with its counts.
    const folder = join(tmp.dir, 'images');
    await makeImage(folder, 'a.jpg', { width: 32, height: 24, format: 'jpeg' });
    const { project, images } = await projectWithImages(call, tmp.dir, folder);
    const exportTo = (target: string) =>
      call<{ jobId: string }>('datasets.export', { project, format: 'coco', target: join(tmp.dir, target) });
    // Nothing to export yet: the job fails, and the log says so with its code.
    await expect(result((await exportTo('empty')).jobId)).rejects.toThrow(/Nothing to export/);
    const label = await call<{ id: number }>('labels.create', { project, name: 'car' });
    await call('annotations.save', {
      project,
      imageId: images[0]!.id,
      upserts: [{ labelId: label.id, kind: 'box', geometry: { kind: 'box', box: [2, 2, 20, 20] } }],
    });
    await result((await exportTo('export')).jobId);
    await studio.close();

    const log = entries(dataDir);
    const find = (component: string, event: string) =>
      log.filter((e) => e.component === component && e.event === event);
    expect(find('studio', 'started')[0]?.fields).toMatchObject({
      version: 'test',
      mode: 'browser',
      program: 'browser',
    });
    expect(find('studio', 'stopped')).toHaveLength(1);
    const failed = find('api', 'call_failed');
    expect(failed.map((e) => [e.fields.method, e.fields.code])).toEqual([
      ['annotations.save', 'not_found'],
      ['projects.open', 'not_found'],
    ]);
    expect(failed.every((e) => e.level === 'warn')).toBe(true);
    expect(find('store', 'migrated')[0]?.fields).toEqual({
      file: 'old.vpstudio',
      from: 1,
      to: SCHEMA_VERSION,
    });
    expect(find('jobs', 'started').map((e) => e.fields.kind)).toEqual([
      'import',
      'dataset-export',
      'dataset-export',
    ]);
    expect(find('jobs', 'done').map((e) => e.fields.kind)).toEqual(['import', 'dataset-export']);
    expect(find('jobs', 'failed').map((e) => [e.level, e.fields.kind, e.fields.code])).toEqual([
      ['warn', 'dataset-export', 'invalid_input'],
    ]);
    expect(find('datasets', 'exported')[0]?.fields).toMatchObject({
      format: 'coco',
      images: 1,
      annotations: 1,
    });

    const text = JSON.stringify(log);
    expect(text).not.toContain(secret);
    expect(text).not.toContain(tmp.dir); // paths under the home folder are ~/...
  });

  it("logs an uncaught error of the desktop app's process with its stack, and the process still dies", () => {
    tmp = makeTempDir('vps-log-crash-');
    const script = resolve(import.meta.dirname, '../helpers/crash-studio.ts');
    const out = spawnSync(process.execPath, ['--import', 'tsx', script, tmp.dir], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(out.status).not.toBe(0);
    expect(out.stderr).toContain('boom in the main process');
    const crash = entries(tmp.dir).find((e) => e.event === 'uncaught');
    expect(crash).toMatchObject({
      level: 'error',
      component: 'studio',
      fields: { origin: 'uncaughtException' },
    });
    const error = crash!.fields.error as { message: string; stack: string };
    expect(error.message).toBe('boom in the main process');
    expect(error.stack).toContain('crash-studio.ts');
  }, 60_000);
});
