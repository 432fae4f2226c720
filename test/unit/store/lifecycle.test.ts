import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { APPLICATION_ID, SCHEMA_VERSION } from '../../../electron/store/migrations';
import { ProjectStore } from '../../../electron/store/project-store';
import {
  FIXED_NOW,
  box,
  closeLater,
  fixedClock,
  newImage,
  newProject,
  studioError,
  tempDir,
} from './store-fixtures';

describe('creating and opening projects', () => {
  it('creates the file and its folder, and reopening keeps every table', () => {
    const dir = tempDir();
    const path = join(dir, 'nested', 'deeper', 'drive.vpstudio');
    const store = ProjectStore.create(path, { name: 'Drive', now: fixedClock });
    store.insertImages([newImage(1), newImage(2)]);
    const label = store.createLabel({ name: 'car', hotkey: 1 });
    store.saveAnnotations(1, [box(label.id)], []);
    const prompt = store.addPrompt(1, { points: [{ point: [1, 2], positive: true }], box: null });
    store.recordModelRun({
      imageId: 1,
      modelId: 'sam',
      engine: 'classical',
      params: { multimask: true },
      promptId: prompt.id,
      startedAt: FIXED_NOW.toISOString(),
      durationMs: 12,
      status: 'ok',
      error: null,
    });
    store.setSetting('export', { split: 0.8 });
    store.close();

    const again = closeLater(ProjectStore.open(path, { now: fixedClock }));
    expect(again.info()).toEqual({
      path,
      name: 'Drive',
      schemaVersion: SCHEMA_VERSION,
      createdAt: FIXED_NOW.toISOString(),
      readOnly: false,
      counts: { images: 2, annotations: 1, labels: 1, missing: 0 },
    });
    expect(again.listLabels()).toEqual([label]);
    expect(again.listAnnotations(1)).toHaveLength(1);
    expect(again.listPrompts(1)).toEqual([prompt]);
    expect(again.listModelRuns(1)).toMatchObject([{ params: { multimask: true }, promptId: prompt.id }]);
    expect(again.getSetting('export')).toEqual({ split: 0.8 });
  });

  it('marks the file as ours and sets WAL, which persists in the file', () => {
    const { store, path } = newProject();
    store.close();
    const raw = new Database(path, { readonly: true });
    expect(raw.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    expect(raw.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(raw.pragma('foreign_key_check')).toEqual([]);
    raw.close();
  });

  it('refuses to create over an existing file, and leaves it alone', () => {
    const dir = tempDir();
    const path = join(dir, 'taken.vpstudio');
    writeFileSync(path, 'precious');
    const err = studioError(() => ProjectStore.create(path, { name: 'x' }), 'conflict');
    expect(err.message).toContain(path);
    expect(readFileSync(path, 'utf8')).toBe('precious');
  });

  it('leaves no file behind when creation fails', () => {
    const path = join(tempDir(), 'blank.vpstudio');
    studioError(() => ProjectStore.create(path, { name: '   ' }), 'invalid_input');
    expect(existsSync(path)).toBe(false);
  });

  it('says when there is no project file', () => {
    const path = join(tempDir(), 'nope.vpstudio');
    expect(studioError(() => ProjectStore.open(path), 'not_found').message).toBe(
      `No project file at ${path}.`,
    );
  });

  it.each([
    [
      'a text file',
      (p: string) => writeFileSync(p, 'hello, this is not a database at all '.repeat(10)),
      'not an SQLite',
    ],
    ['an empty file', (p: string) => writeFileSync(p, ''), 'empty'],
    ['a folder', (p: string) => mkdirSync(p), 'folder'],
    [
      "another program's SQLite database",
      (p: string) => {
        const db = new Database(p);
        db.exec('CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES (1)');
        db.close();
      },
      'another program',
    ],
  ])('refuses %s without changing it', (_, make, why) => {
    const path = join(tempDir(), 'thing.vpstudio');
    make(path);
    const before = snapshot(path);
    const err = studioError(() => ProjectStore.open(path), 'invalid_input');
    expect(err.message).toContain('is not a VisPrompt Studio project');
    expect(err.message).toContain(why);
    expect(snapshot(path)).toEqual(before);
  });

  it('refuses a project saved by a newer studio and leaves the file byte for byte as it was', () => {
    const { store, path } = newProject();
    store.close();
    const raw = new Database(path);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 3}`);
    raw.close();
    const before = readFileSync(path);

    const err = studioError(() => ProjectStore.open(path), 'schema_too_new');
    expect(err.message).toBe(
      `This project was saved by a newer VisPrompt Studio (schema v${SCHEMA_VERSION + 3}; this version reads up to v${SCHEMA_VERSION}). Update the studio to open it.`,
    );
    studioError(() => ProjectStore.open(path, { readOnly: true }), 'schema_too_new');
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(existsSync(`${path}-wal`)).toBe(false);
  });

  it('also refuses a newer schema still in the write-ahead log, which the file header does not show yet', () => {
    const { store, path } = newProject();
    store.close();
    const newer = new Database(path);
    newer.pragma('wal_autocheckpoint = 0');
    newer.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    try {
      const before = readFileSync(path);
      expect(before.readInt32BE(60)).toBe(SCHEMA_VERSION);
      studioError(() => ProjectStore.open(path), 'schema_too_new');
      expect(readFileSync(path).equals(before)).toBe(true);
    } finally {
      newer.close();
    }
  });
});

/** A file's bytes, or a marker for a folder, so "unchanged" can be checked for both. */
function snapshot(path: string): Buffer | string {
  try {
    return readFileSync(path);
  } catch {
    return 'not a file';
  }
}

describe('read-only projects', () => {
  it('reads everything and refuses every write with read_only', () => {
    const { store, path } = newProject();
    store.insertImages([newImage(1)]);
    const label = store.createLabel({ name: 'car' });
    const [saved] = store.saveAnnotations(1, [box(label.id)], []);
    const prompt = store.addPrompt(1, { points: [], box: [0, 0, 1, 1] });
    store.setSetting('k', 1);
    store.close();

    const ro = closeLater(ProjectStore.open(path, { readOnly: true }));
    expect(ro.readOnly).toBe(true);
    expect(ro.info()).toMatchObject({ readOnly: true, counts: { images: 1, annotations: 1, labels: 1 } });
    expect(ro.listImages({}, 0, 10).total).toBe(1);
    expect(ro.getImage(1).annotationCount).toBe(1);
    expect(ro.listAnnotations(1)).toEqual([saved]);
    expect(ro.getSetting('k')).toBe(1);
    expect(ro.knownPaths()).toEqual(new Set([newImage(1).path]));

    const writes: [string, () => unknown][] = [
      ['insertImages', () => ro.insertImages([newImage(2)])],
      ['setImageStatus', () => ro.setImageStatus([1], 'done')],
      ['removeImages', () => ro.removeImages([1])],
      ['setMissing', () => ro.setMissing([1], true)],
      ['relinkImage', () => ro.relinkImage(1, '/elsewhere/img.jpg')],
      ['createLabel', () => ro.createLabel({ name: 'bus' })],
      ['updateLabel', () => ro.updateLabel(label.id, { name: 'auto' })],
      ['removeLabel', () => ro.removeLabel(label.id)],
      ['saveAnnotations', () => ro.saveAnnotations(1, [box(label.id)], [])],
      ['insertAnnotations', () => ro.insertAnnotations([{ ...box(label.id), imageId: 1 }])],
      ['setReview', () => ro.setReview([saved!.id], 'rejected')],
      ['addPrompt', () => ro.addPrompt(1, { points: [], box: [0, 0, 1, 1] })],
      ['removePrompt', () => ro.removePrompt(prompt.id)],
      ['setSetting', () => ro.setSetting('k', 2)],
      [
        'recordModelRun',
        () =>
          ro.recordModelRun({
            imageId: 1,
            modelId: 'm',
            engine: 'e',
            params: {},
            promptId: null,
            startedAt: '',
            durationMs: 1,
            status: 'ok',
            error: null,
          }),
      ],
    ];
    for (const [name, write] of writes) {
      expect(studioError(write, 'read_only').message, name).toMatch(/read-only/);
    }
    expect(ro.info().counts).toEqual({ images: 1, annotations: 1, labels: 1, missing: 0 });
    expect(ro.getSetting('k')).toBe(1);
  });
});

describe('a project locked by another connection', () => {
  it('fails a write with locked after the busy timeout, writes nothing, and recovers when released', () => {
    const { store: creator, path } = newProject();
    creator.insertImages([newImage(1)]);
    creator.close();
    const store = closeLater(ProjectStore.open(path, { busyTimeoutMs: 100 }));

    const other = new Database(path);
    other.exec('BEGIN EXCLUSIVE');
    try {
      const started = performance.now();
      const err = studioError(() => store.saveAnnotations(1, [box(), box(), box()], []), 'locked');
      expect(err.message).toBe('The project file is locked by another program; try again or close it there.');
      expect(performance.now() - started).toBeGreaterThanOrEqual(90);
      studioError(() => store.insertImages([newImage(2), newImage(3)]), 'locked');
      // Readers are not blocked in WAL mode: the UI keeps browsing while another window saves.
      expect(store.listImages({}, 0, 10).total).toBe(1);
      expect(closeLater(ProjectStore.open(path, { busyTimeoutMs: 50 })).info().counts.images).toBe(1);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }

    expect(store.info().counts).toMatchObject({ images: 1, annotations: 0 });
    expect(store.saveAnnotations(1, [box()], [])).toHaveLength(1);
  });
});
