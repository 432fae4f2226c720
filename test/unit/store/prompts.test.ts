import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { APPLICATION_ID, SCHEMA_VERSION } from '../../../electron/store/migrations';
import { ProjectStore } from '../../../electron/store/project-store';
import { SCHEMA_V1 } from '../../../electron/store/schema-v1';
import type { PromptInput } from '../../../shared/domain';
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

const AT = FIXED_NOW.toISOString();
const clicks: PromptInput = {
  points: [
    { point: [1, 1], positive: true },
    { point: [3, 2], positive: false },
  ],
  box: null,
};

function project() {
  const { store, path } = newProject();
  store.insertImages([newImage(1), newImage(2)]);
  return { store, path };
}

describe('the open prompt of an image', () => {
  it('is created by the first edit, replaced by the next ones and removed when emptied', () => {
    const { store } = project();
    expect(store.currentPrompt(1)).toBeNull();
    const first = store.setCurrentPrompt(1, clicks)!;
    expect(first).toEqual({
      id: first.id,
      imageId: 1,
      ...clicks,
      closed: false,
      createdAt: AT,
      updatedAt: AT,
    });
    const withBox = store.setCurrentPrompt(1, { ...clicks, box: [0, 0, 4, 3] })!;
    expect(withBox.id).toBe(first.id);
    expect(store.currentPrompt(1)).toEqual(withBox);
    expect(store.currentPrompt(2)).toBeNull();
    expect(store.setCurrentPrompt(1, { points: [], box: null })).toBeNull();
    expect(store.listPrompts(1)).toEqual([]);
  });

  it('once closed stays as the record of what made an annotation, and the next edit starts a new prompt', () => {
    const { store } = project();
    const open = store.setCurrentPrompt(1, clicks)!;
    const [made] = store.saveAnnotations(1, [box(null, { promptId: open.id, source: 'model' })], []);
    store.closePrompt(open.id);
    expect(store.currentPrompt(1)).toBeNull();
    const next = store.setCurrentPrompt(1, { points: [], box: [1, 1, 2, 2] })!;
    expect(next.id).not.toBe(open.id);
    expect(store.listPrompts(1)).toEqual([{ ...open, closed: true }, next]);
    // Emptying the new prompt leaves the closed one and its annotation alone.
    store.setCurrentPrompt(1, { points: [], box: null });
    expect(store.listPrompts(1)).toEqual([{ ...open, closed: true }]);
    expect(store.listAnnotations(1)[0]).toMatchObject({ id: made!.id, promptId: open.id });
    studioError(() => store.closePrompt(999), 'not_found');
  });

  it.each<[string, PromptInput, RegExp]>([
    [
      'a point outside the image',
      { points: [{ point: [5, 1], positive: true }], box: null },
      /outside the 4x3/,
    ],
    ['a box without area', { points: [], box: [1, 1, 1, 2] }, /prompt box .* has no area/],
    ['a box with swapped corners', { points: [], box: [3, 1, 1, 2] }, /x1 <= x2/],
    ['a box reaching outside', { points: [], box: [0, 0, 4, 3.5] }, /outside/],
  ])('refuses %s and keeps the prompt it had', (_, prompt, message) => {
    const { store } = project();
    const before = store.setCurrentPrompt(1, clicks);
    expect(studioError(() => store.setCurrentPrompt(1, prompt), 'invalid_input').message).toMatch(message);
    expect(store.currentPrompt(1)).toEqual(before);
  });

  it('refuses prompts of unknown images, and an empty recorded prompt', () => {
    const { store } = project();
    studioError(() => store.setCurrentPrompt(9, clicks), 'not_found');
    studioError(() => store.currentPrompt(9), 'not_found');
    studioError(() => store.addPrompt(1, { points: [], box: null }), 'invalid_input');
  });

  it('goes with its image', () => {
    const { store } = project();
    store.setCurrentPrompt(2, clicks);
    store.removeImages([2]);
    store.insertImages([newImage(3)]);
    // SQLite may hand the freed id to the new image: it must not inherit the prompt.
    const added = store.allImages().find((i) => i.path === newImage(3).path)!;
    expect(store.currentPrompt(added.id)).toBeNull();
  });
});

describe('upgrading a v1 project', () => {
  it('turns each v1 prompt into points and a box, closed, keeping ids and the links to it', () => {
    const path = join(tempDir(), 'old.vpstudio');
    const v1 = new Database(path);
    v1.exec(SCHEMA_V1);
    v1.pragma(`application_id = ${APPLICATION_ID}`);
    v1.pragma('user_version = 1');
    v1.exec(`
      INSERT INTO project VALUES (1, 'Old', '${AT}', 1);
      INSERT INTO images (id, path, sha256, size_bytes, width, height, orientation, format, added_at, updated_at)
        VALUES (1, '/a.jpg', '${'a'.repeat(64)}', 10, 40, 30, 1, 'jpeg', '${AT}', '${AT}');
      INSERT INTO prompts VALUES
        (3, 1, 'point', '{"kind":"point","point":[5,6],"positive":false}', '${AT}'),
        (7, 1, 'box', '{"kind":"box","box":[1,2,10,12]}', '${AT}'),
        (8, 1, 'polygon', '{"kind":"polygon","rings":[[[2,3],[9,4],[5,20]]]}', '${AT}'),
        (9, 1, 'mask', '{"kind":"mask","box":[0,0,4,4]}', '${AT}');
      INSERT INTO annotations (image_id, kind, geometry, area, source, prompt_id, review_state, created_at, updated_at)
        VALUES (1, 'box', '{"kind":"box","box":[1,2,10,12]}', 90, 'model', 7, 'accepted', '${AT}', '${AT}');
      INSERT INTO model_runs (image_id, model_id, engine, params, prompt_id, started_at, duration_ms, status)
        VALUES (1, 'sam', 'classical', '{}', 3, '${AT}', 5, 'ok');
    `);
    v1.close();

    const store = closeLater(ProjectStore.open(path, { now: fixedClock }));
    expect(store.info().schemaVersion).toBe(SCHEMA_VERSION);
    const closed = { imageId: 1, closed: true, createdAt: AT, updatedAt: AT };
    expect(store.listPrompts(1)).toEqual([
      { id: 3, points: [{ point: [5, 6], positive: false }], box: null, ...closed },
      { id: 7, points: [], box: [1, 2, 10, 12], ...closed },
      { id: 8, points: [], box: [2, 3, 9, 20], ...closed },
      { id: 9, points: [], box: [0, 0, 4, 4], ...closed },
    ]);
    expect(store.listAnnotations(1)).toMatchObject([{ promptId: 7 }]);
    expect(store.listModelRuns(1)).toMatchObject([{ promptId: 3 }]);
    // Foreign keys are back on: removing a prompt still unlinks what it made.
    store.removePrompt(7);
    expect(store.listAnnotations(1)).toMatchObject([{ promptId: null }]);
    store.close();

    const raw = new Database(path, { readonly: true });
    expect(raw.pragma('foreign_key_check')).toEqual([]);
    raw.close();
  });
});
