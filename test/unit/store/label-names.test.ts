// Schema v6: label names are unique as written (case kept apart), so one project holds KITTI's "Car" and
// BDD100K's "car". A v5 file keeps its labels, ids, colours, hotkeys and the annotations pointing at them.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { APPLICATION_ID, SCHEMA_VERSION } from '../../../electron/store/migrations';
import { ProjectStore } from '../../../electron/store/project-store';
import { SCHEMA_V1 } from '../../../electron/store/schema-v1';
import { migrateToV2 } from '../../../electron/store/schema-v2';
import { migrateToV3 } from '../../../electron/store/schema-v3';
import { migrateToV4 } from '../../../electron/store/schema-v4';
import { migrateToV5 } from '../../../electron/store/schema-v5';
import { FIXED_NOW, closeLater, fixedClock, tempDir } from './store-fixtures';

const AT = FIXED_NOW.toISOString();

describe('label names across schema v5 -> v6', () => {
  it('a v5 project keeps its labels and their annotations, and then takes a name differing only in case', () => {
    const path = join(tempDir(), 'v5.vpstudio');
    const v5 = new Database(path);
    v5.exec(SCHEMA_V1);
    for (const step of [migrateToV2, migrateToV3, migrateToV4, migrateToV5]) step(v5);
    v5.pragma(`application_id = ${APPLICATION_ID}`);
    v5.pragma('user_version = 5');
    v5.exec(`
      INSERT INTO project VALUES (1, 'Old', '${AT}', 5);
      INSERT INTO images (id, path, sha256, size_bytes, width, height, orientation, format, added_at, updated_at)
        VALUES (1, '/a.jpg', '${'a'.repeat(64)}', 10, 40, 30, 1, 'jpeg', '${AT}', '${AT}');
      INSERT INTO labels (id, name, color, hotkey, sort_order) VALUES (2, 'Car', '#ff0000', 3, 0), (7, 'bus', '#00ff00', NULL, 1);
      INSERT INTO annotations (id, image_id, label_id, kind, geometry, area, source, review_state, created_at, updated_at)
        VALUES (5, 1, 2, 'box', '{"kind":"box","box":[1,2,10,12]}', 90, 'import', 'accepted', '${AT}', '${AT}');
    `);
    expect(() =>
      v5.exec(`INSERT INTO labels (name, color, sort_order) VALUES ('car', '#000000', 2)`),
    ).toThrow(/UNIQUE/);
    v5.close();

    const store = closeLater(ProjectStore.open(path, { now: fixedClock }));
    expect(store.info().schemaVersion).toBe(SCHEMA_VERSION);
    expect(SCHEMA_VERSION).toBeGreaterThanOrEqual(6);
    expect(store.listLabels()).toEqual([
      { id: 2, name: 'Car', color: '#ff0000', hotkey: 3 },
      { id: 7, name: 'bus', color: '#00ff00', hotkey: null },
    ]);
    expect(store.listAnnotations(1).map((a) => a.labelId)).toEqual([2]);
    const car = store.createLabel({ name: 'car' });
    expect(store.listLabels().map((l) => l.name)).toEqual(['Car', 'bus', 'car']);
    // Deleting a label still lets go of its annotations (the foreign key survived the rebuild).
    store.removeLabel(2);
    expect(store.listAnnotations(1).map((a) => a.labelId)).toEqual([null]);
    expect(car.name).toBe('car');
  });
});
