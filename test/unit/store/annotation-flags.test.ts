// Locked and hidden are saved with each annotation (schema v5): a reload keeps them, a save that leaves them out
// keeps them, and a v4 project upgrades with all of its annotations unlocked and shown.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { APPLICATION_ID, SCHEMA_VERSION } from '../../../electron/store/migrations';
import { ProjectStore } from '../../../electron/store/project-store';
import { SCHEMA_V1 } from '../../../electron/store/schema-v1';
import { migrateToV2 } from '../../../electron/store/schema-v2';
import { migrateToV3 } from '../../../electron/store/schema-v3';
import { migrateToV4 } from '../../../electron/store/schema-v4';
import { FIXED_NOW, box, closeLater, fixedClock, newImage, newProject, tempDir } from './store-fixtures';

const AT = FIXED_NOW.toISOString();

describe('locked and hidden annotations', () => {
  it('are saved, kept by a reload and by saves that leave them out, and changed by saves that set them', () => {
    const { store, path } = newProject();
    store.insertImages([newImage(1)]);
    const [plain, locked, hidden] = store.saveAnnotations(
      1,
      [box(), box(null, { locked: true }), box(null, { hidden: true })],
      [],
    );
    expect([plain, locked, hidden].map((a) => [a!.locked, a!.hidden])).toEqual([
      [false, false],
      [true, false],
      [false, true],
    ]);
    // A save from a client that predates the fields (no locked/hidden) changes the shape, not the flags.
    store.saveAnnotations(
      1,
      [box(null, { id: locked!.id, geometry: { kind: 'box', box: [1, 1, 3, 3] } })],
      [],
    );
    store.saveAnnotations(1, [box(null, { id: hidden!.id, hidden: false, locked: true })], []);
    const [id1, id2, id3] = [plain!.id, locked!.id, hidden!.id];
    store.insertAnnotations([{ ...box(), imageId: 1 }]);
    store.close();

    const reopened = closeLater(ProjectStore.open(path, { now: fixedClock }));
    expect(reopened.listAnnotations(1).map((a) => [a.id, a.locked, a.hidden, a.geometry])).toEqual([
      [id1, false, false, { kind: 'box', box: [0, 0, 2, 3] }],
      [id2, true, false, { kind: 'box', box: [1, 1, 3, 3] }],
      [id3, true, false, { kind: 'box', box: [0, 0, 2, 3] }],
      [id3 + 1, false, false, { kind: 'box', box: [0, 0, 2, 3] }],
    ]);
  });
});

describe('upgrading a v4 project', () => {
  it('keeps every annotation, unlocked and shown, and can then save the flags', () => {
    const path = join(tempDir(), 'v4.vpstudio');
    const v4 = new Database(path);
    v4.exec(SCHEMA_V1);
    migrateToV2(v4);
    migrateToV3(v4);
    migrateToV4(v4);
    v4.pragma(`application_id = ${APPLICATION_ID}`);
    v4.pragma('user_version = 4');
    v4.exec(`
      INSERT INTO project VALUES (1, 'Old', '${AT}', 4);
      INSERT INTO images (id, path, sha256, size_bytes, width, height, orientation, format, added_at, updated_at)
        VALUES (1, '/a.jpg', '${'a'.repeat(64)}', 10, 40, 30, 1, 'jpeg', '${AT}', '${AT}');
      INSERT INTO labels (id, name, color, sort_order) VALUES (2, 'car', '#ff0000', 0);
      INSERT INTO annotations (id, image_id, label_id, kind, geometry, area, source, model_id, score, review_state,
          created_at, updated_at)
        VALUES (5, 1, 2, 'box', '{"kind":"box","box":[1,2,10,12]}', 90, 'model', 'sam', 0.8, 'proposed',
          '${AT}', '${AT}');
      INSERT INTO annotation_source_fields VALUES (5, '{"occluded":true}');
    `);
    const before = v4.prepare('SELECT * FROM annotations').all();
    v4.close();

    const store = closeLater(ProjectStore.open(path, { now: fixedClock }));
    expect(store.info().schemaVersion).toBe(SCHEMA_VERSION);
    expect(store.listAnnotations(1)).toEqual([
      {
        id: 5,
        imageId: 1,
        labelId: 2,
        kind: 'box',
        geometry: { kind: 'box', box: [1, 2, 10, 12] },
        rle: null,
        area: 90,
        source: 'model',
        modelId: 'sam',
        promptId: null,
        score: 0.8,
        reviewState: 'proposed',
        locked: false,
        hidden: false,
        jobId: null,
        modelPrompt: null,
        createdAt: AT,
        updatedAt: AT,
      },
    ]);
    store.saveAnnotations(1, [box(2, { id: 5, locked: true, hidden: true })], []);
    store.close();

    const raw = new Database(path, { readonly: true });
    const after = raw.prepare('SELECT * FROM annotations').all() as Record<string, unknown>[];
    const fields = raw.prepare('SELECT fields FROM annotation_source_fields').pluck().all();
    raw.close();
    expect(Object.keys(after[0]!)).toEqual([
      ...Object.keys(before[0] as object),
      'locked',
      'hidden',
      'job_id',
      'model_prompt',
    ]);
    expect(after[0]).toMatchObject({ id: 5, locked: 1, hidden: 1 });
    expect(fields).toEqual(['{"occluded":true}']);
  });
});
