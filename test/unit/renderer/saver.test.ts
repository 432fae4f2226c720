// The editor's autosave against a real studio over real HTTP and a real SQLite project: whatever sequence of
// edits, undos and redos runs, the store ends up holding exactly what the editor shows.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobInfo } from '../../../shared/api';
import type { Annotation, ProjectInfo } from '../../../shared/domain';
import { createApiClient } from '../../../renderer/src/api/client';
import type { Transport } from '../../../renderer/src/api/transport';
import {
  execute,
  invert,
  redo,
  renameIds,
  undo,
  type Command,
  type EditorState,
} from '../../../renderer/src/editor/editor-state';
import {
  addShape,
  deleteAnnotations,
  editPrompt,
  relabel,
  toggleFlag,
  updateShape,
  type Edit,
} from '../../../renderer/src/editor/edits';
import { createSaver, type Saver } from '../../../renderer/src/editor/saver';
import { makeImage } from '../../helpers/images';
import { startTestServer, type TestServer } from '../../helpers/studio-server';
import { editor } from './editor-fixtures';

type ImagePageT = { items: { id: number; width: number; height: number }[] };

describe('editor autosave', () => {
  let t: TestServer;
  let project: string;
  let imageId: number;
  const api = () => {
    const transport: Transport = {
      kind: 'browser',
      invoke: async (method, input) => (await t.call(method, input)).body,
      onEvent: () => () => undefined,
      onConnection: () => () => undefined,
    };
    return createApiClient(transport);
  };

  beforeAll(async () => {
    t = await startTestServer();
    const folder = join(t.dir, 'imgs');
    await makeImage(folder, 'a.png', { width: 100, height: 80, format: 'png' });
    const info = await t.ok<ProjectInfo>('projects.create', { path: join(t.dir, 'p'), name: 'p' });
    project = info.path;
    const { jobId } = await t.ok<{ jobId: string }>('images.importFolder', { project, folder });
    let job: JobInfo;
    do {
      await new Promise((r) => setTimeout(r, 30));
      job = await t.ok<JobInfo>('jobs.get', { jobId });
    } while (job.state === 'running');
    const page = await t.ok<ImagePageT>('images.list', { project });
    imageId = page.items[0]!.id;
    await t.ok('labels.create', { project, name: 'car' });
    await t.ok('labels.create', { project, name: 'bus' });
  });
  afterAll(() => t?.stop());

  /** Runs like editor-store: execute/undo/redo in the state, save each applied command, apply id renames. */
  function session(saver: Saver, start: EditorState) {
    let s = start;
    const pending: Promise<unknown>[] = [];
    const persist = (c: Command) =>
      pending.push(saver.save(c).then(({ renamed }) => (s = renameIds(s, renamed))));
    return {
      get: () => s,
      run(make: (s: EditorState) => Edit) {
        const e = make(s);
        if (!e.ok) throw new Error(e.reason);
        s = execute(s, e.command);
        persist(e.command);
      },
      undo() {
        const c = s.past.at(-1)!;
        s = undo(s);
        persist(invert(c));
      },
      redo() {
        const c = s.future.at(-1)!;
        s = redo(s);
        persist(c);
      },
      settled: () => Promise.all(pending),
    };
  }

  const shape = (a: Annotation) => [a.kind, a.labelId, a.geometry, a.locked, a.hidden];

  it('keeps the store equal to the editor through adds, edits, deletes, undo and redo, without waiting', async () => {
    const client = api();
    const labels = await client.labels.list({ project });
    const start = editor([], { imageId, labelId: labels[0]!.id });
    const ed = session(createSaver(client, project, imageId, []), start);
    // Fired without awaiting anything, as a quick user would: the saver keeps them in order.
    ed.run((s) => addShape(s, { kind: 'box', box: [10, 10, 30, 30] }));
    ed.run((s) =>
      addShape(s, {
        kind: 'polygon',
        rings: [
          [
            [50, 10],
            [70, 10],
            [60, 30],
          ],
        ],
      }),
    );
    ed.run((s) => updateShape(s, s.annotations[0]!.id, { kind: 'box', box: [12, 10, 30, 35] }));
    ed.run((s) => relabel(s, [s.annotations[1]!.id], labels[1]!.id));
    ed.run((s) => deleteAnnotations(s, [s.annotations[0]!.id]));
    ed.undo(); // the box comes back: the store must create it again
    ed.undo(); // the label change is taken back
    ed.redo();
    ed.run((s) => editPrompt(s, { points: [{ point: [5, 5], positive: true }], box: [1, 1, 20, 20] }));
    ed.undo();
    ed.redo();
    ed.run((s) => toggleFlag(s, [s.annotations[0]!.id], 'locked'));
    ed.run((s) =>
      toggleFlag(
        s,
        s.annotations.map((a) => a.id),
        'hidden',
      ),
    );
    ed.undo(); // both shown again
    ed.redo(); // and hidden again
    await ed.settled();

    const stored = await client.annotations.list({ project, imageId });
    const shown = ed.get().annotations;
    expect(stored.map(shape).sort()).toEqual(shown.map(shape).sort());
    expect(shown.map((a) => a.id).sort()).toEqual(stored.map((a) => a.id).sort());
    expect(shown.every((a) => a.id > 0)).toBe(true);
    expect(shown.map((a) => [a.locked, a.hidden])).toEqual([
      [true, true],
      [false, true],
    ]);
    const prompt = await client.prompts.current({ project, imageId });
    expect(prompt).toMatchObject({ points: [{ point: [5, 5], positive: true }], box: [1, 1, 20, 20] });

    // A fresh editor on what the store holds, as after a reload, shows the same annotations.
    const reloaded = editor(stored, { imageId });
    expect(reloaded.annotations.map(shape).sort()).toEqual(shown.map(shape).sort());
  });

  it('a refused save reports the store error and leaves the store as it was', async () => {
    const client = api();
    const before = await client.annotations.list({ project, imageId });
    const saver = createSaver(
      client,
      project,
      imageId,
      before.map((a) => a.id),
    );
    const s = editor(before, { imageId });
    const bad = addShape(s, {
      kind: 'polygon',
      rings: [
        [
          [0, 0],
          [10, 10],
          [10, 0],
          [0, 10],
        ],
      ],
    });
    if (!bad.ok) throw new Error(bad.reason);
    await expect(saver.save(bad.command)).rejects.toMatchObject({ code: 'invalid_input' });
    // The queue goes on after a failure.
    const good = addShape(s, { kind: 'box', box: [1, 1, 4, 4] });
    if (!good.ok) throw new Error(good.reason);
    const { renamed } = await saver.save(good.command);
    expect(renamed.size).toBe(1);
    const after = await client.annotations.list({ project, imageId });
    expect(after).toHaveLength(before.length + 1);
    expect(after.some((a) => a.kind === 'polygon' && JSON.stringify(a.geometry).includes('[0,10]'))).toBe(
      false,
    );
  });
});
