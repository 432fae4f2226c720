// Project backups on real SQLite files: a backup taken while two connections write is a consistent snapshot;
// rotation keeps the newest of each reason; an old project is backed up before its upgrade and that backup
// restores (and upgrades again); a damaged, foreign or newer backup is refused with nothing changed; the daily
// backup comes when the newest one is a day old. Through the studio's dispatch, as every transport calls it.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BackupInfo, BackupList, RestoreResult } from '../../shared/api/backups';
import type { Label, ProjectInfo } from '../../shared/domain';
import { backupsDirOf, listBackups, rotateBackups } from '../../electron/store/backups';
import { APPLICATION_ID, SCHEMA_VERSION } from '../../electron/store/migrations';
import { ProjectStore } from '../../electron/store/project-store';
import { SCHEMA_V1 } from '../../electron/store/schema-v1';
import { migrateToV2 } from '../../electron/store/schema-v2';
import { migrateToV3 } from '../../electron/store/schema-v3';
import { migrateToV4 } from '../../electron/store/schema-v4';
import { migrateToV5 } from '../../electron/store/schema-v5';
import { migrateToV6 } from '../../electron/store/schema-v6';
import { migrateToV7 } from '../../electron/store/schema-v7';
import { migrateToV8 } from '../../electron/store/schema-v8';
import { migrateToV9 } from '../../electron/store/schema-v9';
import { migrateToV10 } from '../../electron/store/schema-v10';
import { migrateToV11 } from '../../electron/store/schema-v11';
import type { Studio } from '../../electron/studio/create-studio';
import { backupFileName } from '../../shared/backups';
import {
  countIn,
  exitOf,
  killHard,
  killMoments,
  projectHealth,
  queryProject,
  sleep,
  waitUntil,
} from '../helpers/kill-loop';
import { startVisprompt, visprompt } from '../helpers/visprompt-cli';
import { createTestStudio, studioCaller } from '../helpers/studio-server';
import { makeTempDir } from '../helpers/temp-dir';
import { newImage } from '../unit/store/store-fixtures';

const healthy = { integrity: 'ok', foreignKeys: [] };

/** A project file at schema v11, made by the migrations of the time, with one label. */
function v11Project(path: string, label: string): void {
  const db = new Database(path);
  db.exec(SCHEMA_V1);
  for (const step of [migrateToV2, migrateToV3, migrateToV4, migrateToV5, migrateToV6, migrateToV7]) step(db);
  for (const step of [migrateToV8, migrateToV9, migrateToV10, migrateToV11]) step(db);
  db.pragma(`application_id = ${APPLICATION_ID}`);
  db.pragma('user_version = 11');
  db.exec(`INSERT INTO project VALUES (1, 'Old', '2025-01-02T03:04:05.000Z', 1)`);
  db.prepare(`INSERT INTO labels (name, color, sort_order) VALUES (?, '#ff0000', 0)`).run(label);
  db.close();
}

const labelNames = (path: string) =>
  queryProject<{ name: string }>(path, 'SELECT name FROM labels ORDER BY id').map((l) => l.name);

describe('project backups', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let studio: Studio;
  let clock: Date;
  const { call } = studioCaller(() => studio);
  const failure = (p: Promise<unknown>) =>
    p.then(
      () => {
        throw new Error('expected a refusal');
      },
      (e: Error & { code: string }) => e,
    );

  beforeEach(() => {
    tmp = makeTempDir('vps-backups-');
    clock = new Date('2026-12-01T10:00:00.000Z');
    studio = createTestStudio(tmp.dir, { now: () => clock, backups: { openDelayMs: 0 } });
  });
  afterEach(async () => {
    await studio.close();
    tmp.cleanup();
  });

  it('a backup taken while this connection and another process write is a consistent snapshot', async () => {
    const path = join(tmp.dir, 'busy.vpstudio');
    const store = ProjectStore.create(path, { name: 'Busy' });
    const other = ProjectStore.open(path);
    // Big enough that the copy takes many steps: 20,000 images, written 100 to a transaction.
    for (let i = 0; i < 200; i++)
      store.insertImages(Array.from({ length: 100 }, (_, j) => newImage(i * 100 + j)));
    let next = 20_000;
    let writes = 0;
    let writing = true;
    const writer = (async () => {
      while (writing) {
        const by = writes % 2 === 0 ? store : other;
        by.insertImages(Array.from({ length: 100 }, (_, j) => newImage(next + j)));
        next += 100;
        writes++;
        await new Promise((r) => setImmediate(r));
      }
    })();
    const backup = await store.backup('manual');
    writing = false;
    await writer;
    expect(writes, 'writes went on during the backup').toBeGreaterThan(2);
    const file = join(backupsDirOf(path), backup.id);
    expect(projectHealth(file)).toEqual(healthy);
    const db = new Database(file, { readonly: true });
    const count = db.prepare('SELECT count(*) FROM images').pluck().get() as number;
    const mode = db.pragma('journal_mode', { simple: true });
    db.close();
    // Whole transactions only: a multiple of 100, at least what was there before it started.
    expect(count % 100).toBe(0);
    expect(count).toBeGreaterThanOrEqual(20_000);
    expect(mode, 'a self-contained file (no -wal needed)').toBe('delete');
    expect(readdirSync(backupsDirOf(path))).toEqual([backup.id]);
    expect(backup).toMatchObject({ reason: 'manual', schemaVersion: SCHEMA_VERSION });
    other.close();
    store.close();
  });

  it('rotation keeps the newest of each reason', () => {
    const path = join(tmp.dir, 'rot.vpstudio');
    const dir = backupsDirOf(path);
    ProjectStore.create(path, { name: 'Rot' }).close();
    const fake = (at: string, reason: 'daily' | 'manual' | 'before-migration' | 'before-restore') => {
      const name = backupFileName(new Date(at), reason, 5);
      writeFileSync(join(dir, name), 'x');
      return name;
    };
    mkdirSync(dir);
    const daily = Array.from({ length: 9 }, (_, i) =>
      fake(`2026-11-${String(i + 10)}T08:00:00.000Z`, 'daily'),
    );
    const manual = Array.from({ length: 3 }, (_, i) => fake(`2026-10-0${i + 1}T08:00:00.000Z`, 'manual'));
    const migration = Array.from({ length: 4 }, (_, i) =>
      fake(`2025-0${i + 1}-01T08:00:00.000Z`, 'before-migration'),
    );
    writeFileSync(join(dir, 'notes.txt'), 'not a backup');
    const gone = rotateBackups(dir, { daily: 7, manual: 10, 'before-migration': 3, 'before-restore': 5 });
    expect(gone.sort()).toEqual([daily[0], daily[1], migration[0]].sort());
    expect(readdirSync(dir).sort()).toEqual(
      [...daily.slice(2), ...manual, ...migration.slice(1), 'notes.txt'].sort(),
    );
  });

  it('backs up an old project before upgrading it; that backup restores and is upgraded again', async () => {
    const path = join(tmp.dir, 'old.vpstudio');
    v11Project(path, 'as-v11');
    const opened = await call<ProjectInfo>('projects.open', { path });
    expect(opened.schemaVersion).toBe(SCHEMA_VERSION);
    const { backups } = await call<BackupList>('backups.list', { project: path });
    expect(backups).toHaveLength(1);
    const [before] = backups as [BackupInfo];
    expect(before).toMatchObject({ reason: 'before-migration', schemaVersion: 11 });
    expect(before.id).toContain('before-migration-v11');
    await call<Label>('labels.create', { project: path, name: 'after-upgrade' });
    expect(labelNames(path)).toEqual(['as-v11', 'after-upgrade']);

    const result = await call<RestoreResult>('backups.restore', { project: path, id: before.id });
    expect(result.project.schemaVersion).toBe(SCHEMA_VERSION);
    expect(result.safetyCopy?.reason).toBe('before-restore');
    expect(labelNames(path)).toEqual(['as-v11']);
    expect(projectHealth(path)).toEqual(healthy);
    // The studio works on the restored file at once.
    await call<Label>('labels.create', { project: path, name: 'after-restore' });
    expect(labelNames(path)).toEqual(['as-v11', 'after-restore']);
    // The state it replaced is a backup of its own: restoring that one brings 'after-upgrade' back.
    await call('backups.restore', { project: path, id: result.safetyCopy!.id });
    expect(labelNames(path)).toEqual(['as-v11', 'after-upgrade']);
    const reasons = listBackups(path).map((b) => b.reason);
    expect(reasons.filter((r) => r === 'before-migration')).toHaveLength(2); // the restored v11 was upgraded too
    expect(reasons.filter((r) => r === 'before-restore')).toHaveLength(2);
  });

  it('a damaged, foreign or newer backup is refused with a clear message and nothing changes', async () => {
    const path = join(tmp.dir, 'p.vpstudio');
    await call('projects.create', { path, name: 'P' });
    await call('labels.create', { project: path, name: 'first' });
    const good = await call<BackupInfo>('backups.create', { project: path });
    await call('labels.create', { project: path, name: 'second' });
    const dir = backupsDirOf(path);

    // Bytes flipped in the middle of the copy (a table's pages).
    const damaged = backupFileName(new Date('2026-11-30T00:00:00.000Z'), 'manual');
    const bytes = readFileSync(join(dir, good.id));
    for (let i = 4096 + 100; i < bytes.length - 100; i += 997) bytes[i] = bytes[i]! ^ 0xff;
    writeFileSync(join(dir, damaged), bytes);
    // Another project's backup dropped into this folder.
    const foreignPath = join(tmp.dir, 'other.vpstudio');
    await call('projects.create', { path: foreignPath, name: 'Other' });
    const foreignBackup = await call<BackupInfo>('backups.create', { project: foreignPath });
    const foreign = backupFileName(new Date('2026-11-29T00:00:00.000Z'), 'manual');
    writeFileSync(join(dir, foreign), readFileSync(join(backupsDirOf(foreignPath), foreignBackup.id)));
    // A backup from a newer studio.
    const newer = backupFileName(new Date('2026-11-28T00:00:00.000Z'), 'manual');
    const n = Buffer.from(readFileSync(join(dir, good.id)));
    n.writeInt32BE(SCHEMA_VERSION + 1, 60);
    writeFileSync(join(dir, newer), n);
    // Not a database at all.
    const text = backupFileName(new Date('2026-11-27T00:00:00.000Z'), 'manual');
    writeFileSync(join(dir, text), 'hello');

    const folder = readdirSync(dir).sort();
    const cases: [string, string, RegExp][] = [
      [damaged, 'io_error', /cannot be used: it is damaged/],
      [foreign, 'invalid_input', /of another project \('Other'/],
      [newer, 'schema_too_new', /newer VisPrompt Studio/],
      [text, 'invalid_input', /not a VisPrompt Studio project/],
      ['2026-01-01T00-00-00.000Z_manual.vpstudio', 'not_found', /No backup/],
    ];
    for (const [id, code, message] of cases) {
      const err = await failure(call('backups.restore', { project: path, id })).catch((e: Error) => {
        throw new Error(`${id}: ${e.message}`);
      });
      expect(err.code, id).toBe(code);
      expect(err.message, id).toMatch(message);
      expect(labelNames(path), id).toEqual(['first', 'second']);
      expect(readdirSync(dir).sort(), id).toEqual(folder);
    }
    const escape = await failure(call('backups.restore', { project: path, id: '../p.vpstudio' }));
    expect(escape.code).toBe('invalid_input');
  });

  it('a daily backup comes at open when the newest is a day old, and not again that day', async () => {
    const path = join(tmp.dir, 'daily.vpstudio');
    await call('projects.create', { path, name: 'Daily' });
    const reopen = async (at: string, expected: number) => {
      await studio.close();
      clock = new Date(at);
      studio = createTestStudio(tmp.dir, { now: () => clock, backups: { openDelayMs: 0 } });
      await call('projects.open', { path });
      await waitUntil(() => listBackups(path).length === expected, { what: `${expected} backups` });
      // Give a wrong second backup the time to appear.
      await new Promise((r) => setTimeout(r, 200));
      expect(listBackups(path)).toHaveLength(expected);
    };
    await reopen('2026-12-01T10:00:00.000Z', 1);
    await reopen('2026-12-01T20:00:00.000Z', 1);
    await reopen('2026-12-02T10:00:01.000Z', 2);
    expect(listBackups(path).map((b) => [b.reason, b.createdAt])).toEqual([
      ['daily', '2026-12-02T10:00:01.000Z'],
      ['daily', '2026-12-01T10:00:00.000Z'],
    ]);
  });
});

/** A project of `images` image rows and the labels `labels`, written 1,000 rows to a transaction. */
function projectWith(path: string, labels: string[], images: number): void {
  const store = ProjectStore.create(path, { name: 'Big' });
  for (const name of labels) store.createLabel({ name });
  for (let i = 0; i < images; i += 1000)
    store.insertImages(Array.from({ length: Math.min(1000, images - i) }, (_, j) => newImage(i + j)));
  store.close();
}

const imageCount = (path: string) => countIn(path, 'SELECT count(*) FROM images');

describe('visprompt backups', () => {
  const tmp = makeTempDir('vps-backups-cli-');
  const data = join(tmp.dir, 'data');
  const project = join(tmp.dir, 'cli.vpstudio');
  const run = (...args: string[]) => visprompt(['backups', ...args, '--data-dir', data]);
  afterAll(tmp.cleanup);

  it('lists, creates and restores, with JSON on stdout and the documented exit codes', () => {
    projectWith(project, ['first'], 10);
    expect(run('list', '--project', project).json()).toMatchObject({ backups: [] });
    const made = run('create', '--project', project);
    expect(made.status, made.stderr).toBe(0);
    const backup = made.json() as BackupInfo;
    expect(backup).toMatchObject({ reason: 'manual', schemaVersion: SCHEMA_VERSION });
    const store = ProjectStore.open(project);
    store.createLabel({ name: 'second' });
    store.close();
    const listed = run('list', '--project', project).json() as BackupList;
    expect(listed.backups.map((b) => b.id)).toEqual([backup.id]);
    expect(listed.folder).toBe(backupsDirOf(project));

    const restored = run('restore', '--project', project, backup.id);
    expect(restored.status, restored.stderr).toBe(0);
    const result = restored.json() as RestoreResult;
    expect(result.restored.id).toBe(backup.id);
    expect(result.safetyCopy?.reason).toBe('before-restore');
    expect(result.project.counts.labels).toBe(1);
    expect(labelNames(project)).toEqual(['first']);

    // Mistakes: each with its code and a message on stderr, nothing changed.
    const damaged = backupFileName(new Date('2026-01-01T00:00:00.000Z'), 'manual');
    const bytes = readFileSync(join(backupsDirOf(project), backup.id));
    for (let i = 4096 + 100; i < bytes.length - 100; i += 499) bytes[i] = bytes[i]! ^ 0x5a;
    writeFileSync(join(backupsDirOf(project), damaged), bytes);
    const cases: [string[], number, RegExp][] = [
      [['restore', '--project', project], 2, /needs the backup id/],
      [['restore', '--project', project, 'nope.vpstudio'], 2, /a backup id as backups\.list gives it/],
      [['restore', '--project', project, '2026-02-02T00-00-00.000Z_daily.vpstudio'], 3, /No backup/],
      [['restore', '--project', project, damaged], 5, /damaged/],
      [['list', '--project', join(tmp.dir, 'none.vpstudio')], 3, /No project file/],
      [['weekly', '--project', project], 2, /No backups command 'weekly'/],
    ];
    for (const [args, code, message] of cases) {
      const out = run(...args);
      expect(out.status, `${args.join(' ')}: ${out.stderr}`).toBe(code);
      expect(out.stderr).toMatch(message);
      expect(out.stdout).toBe('');
    }
    expect(labelNames(project)).toEqual(['first']);
  }, 240_000);

  it('a restore killed with SIGKILL 10 times leaves the old project or the restored one, whole', async () => {
    // Big enough (about 20 MB) that checking, the safety copy and the copy into place take a while.
    const pristine = join(tmp.dir, 'pristine.vpstudio');
    projectWith(pristine, ['old'], 80_000);
    const target = join(tmp.dir, 'target.vpstudio');
    copyFileSync(pristine, target);
    // The backup to restore: the same project, later (one more label, fewer images).
    const later = ProjectStore.open(target);
    later.createLabel({ name: 'restored' });
    const backup = await later.backup('manual');
    later.close();
    const backupFile = join(backupsDirOf(target), backup.id);
    const oldState = { labels: ['old'], images: 80_000 };
    const newState = { labels: ['old', 'restored'], images: 80_000 };
    const reset = () => {
      for (const f of readdirSync(tmp.dir)) if (f.startsWith('.target.vpstudio.')) rmSync(join(tmp.dir, f));
      rmSync(`${target}-wal`, { force: true });
      rmSync(`${target}-shm`, { force: true });
      copyFileSync(pristine, target);
      for (const f of readdirSync(backupsDirOf(target)))
        if (f !== backup.id) rmSync(join(backupsDirOf(target), f), { recursive: true });
    };
    const args = ['backups', 'restore', '--project', target, backup.id, '--data-dir', data];

    // A restore's writing part starts when its safety copy does (a temp file in the backups folder): how long
    // from there to the end takes here.
    const copying = () => readdirSync(backupsDirOf(target)).some((f) => f.endsWith('.tmp'));
    const writingStarts = async (child: ReturnType<typeof startVisprompt>) => {
      await waitUntil(copying, { what: 'the safety copy', child, timeoutMs: 120_000 });
      return Date.now();
    };
    reset();
    const probe = startVisprompt(args);
    const from = await writingStarts(probe);
    expect(await exitOf(probe)).toBe(0);
    const duration = Date.now() - from;
    expect(labelNames(target)).toEqual(newState.labels);

    const moment = killMoments(0xb4c0);
    const seen = { old: 0, restored: 0 };
    for (let kill = 0; kill < 10; kill++) {
      reset();
      const child = startVisprompt(args);
      const inode = statSync(target).ino;
      const at = await writingStarts(child);
      if (kill < 7) await sleep(duration * moment());
      else {
        // The last three just after the new file is in place, while the studio reopens it.
        await waitUntil(() => statSync(target).ino !== inode, { what: 'the rename', child });
        await sleep(30 * moment());
      }
      await killHard(child);
      // The restart: a killed reopen leaves a -wal a read-only connection cannot recover; the studio's can.
      ProjectStore.open(target).close();
      expect(projectHealth(target), `after kill ${kill + 1}`).toEqual(healthy);
      const state = { labels: labelNames(target), images: imageCount(target) };
      expect([oldState, newState], `after kill ${kill + 1} at ${Date.now() - at} ms`).toContainEqual(state);
      seen[state.labels.length === 1 ? 'old' : 'restored']++;
      // The backup itself is never touched.
      expect(projectHealth(backupFile)).toEqual(healthy);
    }
    // Run once more to its end: it lands whole, and the killed runs' temp files are gone.
    const last = visprompt(args);
    expect(last.status, last.stderr).toBe(0);
    expect(labelNames(target)).toEqual(newState.labels);
    expect(readdirSync(tmp.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(readdirSync(backupsDirOf(target)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    console.log(`restore kills: ${JSON.stringify(seen)} (a restore's writing part: ${duration} ms)`);
  }, 300_000);
});
