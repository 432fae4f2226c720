// Project backups on real SQLite files: a backup taken while two connections write is a consistent snapshot;
// rotation keeps the newest of each reason; an old project is backed up before its upgrade and that backup
// restores (and upgrades again); a damaged, foreign or newer backup is refused with nothing changed; the daily
// backup comes when the newest one is a day old. Through the studio's dispatch, as every transport calls it.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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
import { projectHealth, waitUntil } from '../helpers/kill-loop';
import { createTestStudio, studioCaller } from '../helpers/studio-server';
import { makeTempDir } from '../helpers/temp-dir';

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

const labelNames = (path: string): string[] => {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare('SELECT name FROM labels ORDER BY id').pluck().all() as string[];
  } finally {
    db.close();
  }
};

const image = (n: number) => ({
  path: `/frames/${n}.jpg`,
  sha256: n.toString(16).padStart(64, '0'),
  sizeBytes: 1000 + n,
  width: 640,
  height: 480,
  orientation: 1,
  format: 'jpeg' as const,
});

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
      store.insertImages(Array.from({ length: 100 }, (_, j) => image(i * 100 + j)));
    let next = 20_000;
    let writes = 0;
    let writing = true;
    const writer = (async () => {
      while (writing) {
        const by = writes % 2 === 0 ? store : other;
        by.insertImages(Array.from({ length: 100 }, (_, j) => image(next + j)));
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
