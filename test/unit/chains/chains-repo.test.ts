import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APPLICATION_ID, SCHEMA_VERSION } from '../../../electron/store/migrations';
import { ProjectStore } from '../../../electron/store/project-store';
import { SCHEMA_V1 } from '../../../electron/store/schema-v1';
import { migrateToV2 } from '../../../electron/store/schema-v2';
import { chainSchema } from '../../../shared/chains/schema';
import type { ImageRun } from '../../../shared/chains/runs';
import { closeLater, newImage, newProject, studioError, tempDir } from '../store/store-fixtures';

const chain = chainSchema.parse({
  steps: [{ op: 'detect-class', classes: ['car'] }, { op: 'boxes-to-prompts' }, { op: 'segment' }],
});

const imageRun = (regions: number): ImageRun => {
  const region = { label: 'car', score: 0.8, box: [0, 0, 2, 2] as [number, number, number, number] };
  const out = Array.from({ length: regions }, () => region);
  return {
    steps: [
      { op: 'detect-class', inCount: 0, outCount: regions, ms: 5, modelMs: 4, modelId: 'm', regions: out },
    ],
    regions: out,
    ms: 5,
    modelMs: 4,
  };
};

function projectWithImages(n: number) {
  const { store } = newProject();
  store.insertImages(Array.from({ length: n }, (_, i) => newImage(i + 1)));
  return store;
}

describe('saved chains', () => {
  it('saves, renames, lists by name, refuses a second name and deletes', () => {
    const store = projectWithImages(1);
    const a = store.writeChains((c) => c.saveChain({ name: 'Cars', chain, request: 'segment cars' }));
    store.writeChains((c) => c.saveChain({ name: 'boxes', chain, request: null }));
    expect(store.readChains((c) => c.listChains().map((s) => s.name))).toEqual(['boxes', 'Cars']);
    expect(a).toMatchObject({ name: 'Cars', chain, request: 'segment cars' });

    const err = studioError(
      () => store.writeChains((c) => c.saveChain({ name: ' cars ', chain, request: null })),
      'conflict',
    );
    expect(err.message).toBe('A chain named "cars" already exists.');

    const renamed = store.writeChains((c) =>
      c.saveChain({ id: a.id, name: 'All cars', chain, request: null }),
    );
    expect(renamed).toMatchObject({ id: a.id, name: 'All cars' });
    studioError(
      () => store.writeChains((c) => c.saveChain({ id: 999, name: 'x', chain, request: null })),
      'not_found',
    );

    store.writeChains((c) => c.removeChain(a.id));
    studioError(() => store.readChains((c) => c.getChain(a.id)), 'not_found');
  });
});

describe('chain runs', () => {
  it('records images as they finish, counts them and knows what is pending', () => {
    const store = projectWithImages(3);
    const run = store.writeChains((c) =>
      c.createRun({ chainId: null, name: 'cars', chain, imageIds: [3, 1, 2, 1], replayOf: null }),
    );
    expect(run).toMatchObject({
      status: 'running',
      imageIds: [3, 1, 2],
      done: 0,
      failed: 0,
      finishedAt: null,
    });

    store.writeChains((c) => c.saveRunImage(run.id, 1, { ok: true, run: imageRun(2) }));
    store.writeChains((c) => c.saveRunImage(run.id, 2, { ok: false, error: 'unreadable', ms: 3 }));
    expect(store.readChains((c) => c.pendingImages(run.id))).toEqual([3, 2]);
    const now = store.readChains((c) => c.getRun(run.id));
    expect(now).toMatchObject({ done: 1, failed: 1, regionCount: 2, ms: 8, modelMs: 4 });

    // A retry replaces the failed attempt.
    store.writeChains((c) => c.saveRunImage(run.id, 2, { ok: true, run: imageRun(1) }));
    store.writeChains((c) => c.saveRunImage(run.id, 3, { ok: true, run: imageRun(0) }));
    const finished = store.writeChains((c) => c.setRunStatus(run.id, 'done'));
    expect(finished).toMatchObject({ status: 'done', done: 3, failed: 0, regionCount: 3 });
    expect(finished.finishedAt).not.toBeNull();

    const images = store.readChains((c) => c.runImages(run.id));
    expect(images.map((i) => [i.imageId, i.status, i.regions.length])).toEqual([
      [3, 'done', 0],
      [1, 'done', 2],
      [2, 'done', 1],
    ]);
    expect(images[1]!.steps[0]).toMatchObject({ op: 'detect-class', modelId: 'm', outCount: 2 });
  });

  it.each<[string, Parameters<typeof runWith>[0], string]>([
    ['no images', { imageIds: [] }, 'invalid_input'],
    ['an unknown image', { imageIds: [1, 42] }, 'not_found'],
    ['an unknown saved chain', { chainId: 7 }, 'not_found'],
    ['replaying an unknown run', { replayOf: 7 }, 'not_found'],
  ])('refuses a run with %s', (_name, overrides, code) => {
    const store = projectWithImages(1);
    studioError(() => runWith(overrides, store), code as 'not_found');
    expect(store.readChains((c) => c.listRuns())).toEqual([]);
  });

  it('refuses images outside the run', () => {
    const store = projectWithImages(2);
    const run = store.writeChains((c) =>
      c.createRun({ chainId: null, name: 'x', chain, imageIds: [1], replayOf: null }),
    );
    const err = studioError(
      () => store.writeChains((c) => c.saveRunImage(run.id, 2, { ok: true, run: imageRun(1) })),
      'invalid_input',
    );
    expect(err.message).toBe("Image 2 is not one of chain run 1's images.");
  });

  it('keeps runs when their saved chain is deleted, and drops run images with their image', () => {
    const store = projectWithImages(2);
    const saved = store.writeChains((c) => c.saveChain({ name: 'cars', chain, request: null }));
    const run = store.writeChains((c) =>
      c.createRun({ chainId: saved.id, name: 'cars', chain, imageIds: [1, 2], replayOf: null }),
    );
    store.writeChains((c) => c.saveRunImage(run.id, 1, { ok: true, run: imageRun(1) }));
    store.writeChains((c) => c.removeChain(saved.id));
    store.removeImages([1]);
    expect(store.readChains((c) => c.getRun(run.id))).toMatchObject({ chainId: null, done: 0, name: 'cars' });
  });
});

function runWith(
  overrides: Partial<{ imageIds: number[]; chainId: number | null; replayOf: number | null }>,
  store: ProjectStore,
) {
  return store.writeChains((c) =>
    c.createRun({ chainId: null, name: 'x', chain, imageIds: [1], replayOf: null, ...overrides }),
  );
}

describe('schema v3', () => {
  it('upgrades a v2 project to chains and runs (and on to the current version), keeping its data', () => {
    const path = join(tempDir(), 'old.vpstudio');
    const v2 = new Database(path);
    v2.exec(SCHEMA_V1);
    migrateToV2(v2);
    v2.pragma(`application_id = ${APPLICATION_ID}`);
    v2.pragma('user_version = 2');
    v2.exec(`INSERT INTO project VALUES (1, 'Old', '2025-01-01T00:00:00.000Z', 2);`);
    v2.close();

    const store = closeLater(ProjectStore.open(path));
    expect(SCHEMA_VERSION).toBeGreaterThanOrEqual(3);
    expect(store.info()).toMatchObject({ name: 'Old', schemaVersion: SCHEMA_VERSION });
    store.insertImages([newImage(1)]);
    const run = store.writeChains((c) =>
      c.createRun({ chainId: null, name: 'x', chain, imageIds: [1], replayOf: null }),
    );
    expect(run.chain).toEqual(chain);
  });
});
