import { describe, expect, it } from 'vitest';
import { createMask, maskToRle, rleArea, rleToBox, rleToMask } from '../../../shared/geometry';
import {
  cycleCandidate,
  execute,
  isVisible,
  redo,
  renameIds,
  setBrushSize,
  setCandidates,
  toggleLabelHidden,
  undo,
  type EditorState,
} from '../../../renderer/src/editor/editor-state';
import {
  acceptCandidate,
  addShape,
  brushStroke,
  deleteAnnotations,
  editPrompt,
  relabel,
  review,
  toggleFlag,
  translate,
  updateShape,
  type Edit,
} from '../../../renderer/src/editor/edits';
import { paintStroke } from '../../../renderer/src/editor/brush';
import { checkBox, checkMask, checkPolygon } from '../../../renderer/src/editor/shapes';
import { ann, box, editor } from './editor-fixtures';

function run(state: EditorState, edit: Edit): EditorState {
  if (!edit.ok) throw new Error(edit.reason);
  return execute(state, edit.command);
}

const maskRle = (w: number, h: number, x1: number, y1: number, x2: number, y2: number) => {
  const m = createMask(w, h);
  for (let y = y1; y < y2; y++) m.data.fill(1, y * w + x1, y * w + x2);
  return maskToRle(m);
};

describe('editor history', () => {
  const edits: [string, (s: EditorState) => Edit, (s: EditorState) => void][] = [
    [
      'add a box',
      (s) => addShape(s, { kind: 'box', box: [1, 2, 11, 22] }),
      (s) => expect(s.annotations.map((a) => [a.kind, a.area]).at(-1)).toEqual(['box', 10 * 20]),
    ],
    [
      'update a box',
      (s) => updateShape(s, 5, { kind: 'box', box: [0, 0, 3, 3] }),
      (s) =>
        expect(s.annotations.find((a) => a.id === 5)?.geometry).toEqual({ kind: 'box', box: [0, 0, 3, 3] }),
    ],
    ['delete', (s) => deleteAnnotations(s, [5]), (s) => expect(s.annotations.map((a) => a.id)).toEqual([6])],
    [
      'relabel',
      (s) => relabel(s, [5, 6], 9),
      (s) => expect(s.annotations.map((a) => a.labelId)).toEqual([9, 9]),
    ],
    [
      'accept a proposal',
      (s) => review(s, [6], 'accepted'),
      (s) => expect(s.annotations.find((a) => a.id === 6)?.reviewState).toBe('accepted'),
    ],
    [
      'edit the prompt',
      (s) => editPrompt(s, { points: [{ point: [3, 4], positive: false }], box: null }),
      (s) => expect(s.prompt.points).toEqual([{ point: [3, 4], positive: false }]),
    ],
  ];
  const start = () =>
    editor([
      box(5, [10, 10, 20, 20]),
      box(6, [30, 30, 40, 40], { reviewState: 'proposed', source: 'model' }),
    ]);

  it.each(edits)(
    '%s: applies, undoes to the exact state, redoes to the same result',
    (_name, make, check) => {
      const s0 = start();
      const s1 = run(s0, make(s0));
      check(s1);
      expect(s1.past).toHaveLength(1);
      const back = undo(s1);
      expect(back.annotations).toEqual(s0.annotations);
      expect(back.prompt).toEqual(s0.prompt);
      const again = redo(back);
      expect(again.annotations).toEqual(s1.annotations);
      expect(again.prompt).toEqual(s1.prompt);
      expect(again.future).toEqual([]);
    },
  );

  it('a new edit drops the redo list; undo with nothing to undo says so', () => {
    const s0 = start();
    const s1 = undo(run(s0, deleteAnnotations(s0, [5])));
    expect(s1.future).toHaveLength(1);
    const s2 = run(s1, relabel(s1, [6], 3));
    expect(s2.future).toEqual([]);
    expect(undo(editor()).notice?.text).toMatch(/Nothing to undo/);
  });

  it('undoing a delete of several puts each back in its place', () => {
    const s0 = editor([
      box(1, [0, 0, 1, 1]),
      box(2, [0, 0, 2, 2]),
      box(3, [0, 0, 3, 3]),
      box(4, [0, 0, 4, 4]),
    ]);
    const s1 = run(s0, deleteAnnotations(s0, [4, 2]));
    expect(s1.annotations.map((a) => a.id)).toEqual([1, 3]);
    expect(undo(s1).annotations).toEqual(s0.annotations);
  });

  it('deleting drops the annotation from the selection', () => {
    const s0 = { ...start(), selection: [5, 6] };
    expect(run(s0, deleteAnnotations(s0, [5])).selection).toEqual([6]);
  });

  it('new annotations get fresh negative ids that are never handed out twice', () => {
    let s = editor();
    s = run(s, addShape(s, { kind: 'box', box: [0, 0, 5, 5] }));
    const first = s.annotations[0]!.id;
    s = renameIds(s, new Map([[first, 40]]));
    s = run(s, addShape(s, { kind: 'box', box: [0, 0, 6, 6] }));
    expect(first).toBeLessThan(0);
    expect(s.annotations.map((a) => a.id)).toEqual([40, first - 1]);
  });

  it('renaming ids reaches annotations, selection and both history lists', () => {
    let s = editor();
    s = run(s, addShape(s, { kind: 'box', box: [0, 0, 5, 5] }));
    const temp = s.annotations[0]!.id;
    s = run(s, updateShape(s, temp, { kind: 'box', box: [0, 0, 9, 9] }));
    s = undo({ ...s, selection: [temp] });
    const r = renameIds(s, new Map([[temp, 77]]));
    expect(r.annotations[0]!.id).toBe(77);
    expect(r.selection).toEqual([77]);
    expect(JSON.stringify([r.past, r.future])).not.toContain(`"id":${temp}`);
  });
});

describe('edit refusals', () => {
  const s = editor([box(5, [10, 10, 20, 20], { locked: true })]);
  it.each<[string, Edit, RegExp]>([
    ['deleting a locked annotation', deleteAnnotations(s, [5]), /locked/],
    ['deleting nothing', deleteAnnotations(s, []), /Select an annotation/],
    ['moving a locked annotation', translate(s, 5, 3, 3), /locked/],
    ['relabelling to the same label', relabel(editor([box(5, [0, 0, 1, 1])]), [5], 1), /Nothing to relabel/],
    ['accepting without candidates', acceptCandidate(s), /No model mask/],
    ['the same prompt again', editPrompt(s, s.prompt), /unchanged/],
    [
      'erasing with no mask selected',
      brushStroke(s, { points: [[5, 5]], size: 4, erase: true }),
      /Select a mask/,
    ],
  ])('refuses %s', (_name, edit, reason) => {
    expect(edit.ok).toBe(false);
    if (!edit.ok) expect(edit.reason).toMatch(reason);
  });
});

describe('shape checks', () => {
  it.each<[string, [number, number, number, number], RegExp | [number, number, number, number]]>([
    ['a normal box', [10, 10, 20, 30], [10, 10, 20, 30]],
    ['corners in any order', [20, 30, 10, 10], [10, 10, 20, 30]],
    ['a box past the edge is clipped', [90, 70, 130, 95], [90, 70, 100, 80]],
    ['a zero-width box', [10, 10, 10, 40], /no area/],
    ['a box wholly outside', [120, 10, 140, 40], /no area/],
  ])('%s', (_name, input, expected) => {
    const r = checkBox(input, 100, 80);
    if (expected instanceof RegExp) expect(r.ok ? null : r.reason).toMatch(expected);
    else expect(r.ok ? r.value : r.reason).toEqual(expected);
  });

  it.each<[string, [number, number][], RegExp | null]>([
    [
      'a triangle',
      [
        [0, 0],
        [10, 0],
        [0, 10],
      ],
      null,
    ],
    [
      'two points',
      [
        [0, 0],
        [10, 0],
      ],
      /at least 3 points/,
    ],
    [
      'a bow tie',
      [
        [0, 0],
        [10, 10],
        [10, 0],
        [0, 10],
      ],
      /crosses itself/,
    ],
    [
      'points on one line',
      [
        [0, 0],
        [5, 5],
        [10, 10],
      ],
      /one line/,
    ],
  ])('polygon: %s', (_name, ring, reason) => {
    const r = checkPolygon(ring, 100, 80);
    if (reason) expect(r.ok ? null : r.reason).toMatch(reason);
    else expect(r.ok).toBe(true);
  });

  it('clamps polygon points to the image and says so', () => {
    const r = checkPolygon(
      [
        [-5, -5],
        [50, 0],
        [120, 90],
      ],
      100,
      80,
    );
    expect(r.ok && r.value).toEqual([
      [0, 0],
      [50, 0],
      [100, 80],
    ]);
    expect(r.ok && r.clipped).toBe(true);
  });

  it('refuses a model mask of the wrong size or an empty one', () => {
    expect(checkMask(maskRle(50, 40, 1, 1, 3, 3), 100, 80)).toMatchObject({ ok: false, reason: /50x40/ });
    expect(checkMask(maskToRle(createMask(100, 80)), 100, 80)).toMatchObject({ ok: false, reason: /empty/ });
    expect(checkMask(maskRle(100, 80, 1, 2, 3, 5), 100, 80)).toEqual({
      ok: true,
      value: [1, 2, 3, 5],
      clipped: false,
    });
  });
});

describe('brush strokes', () => {
  it('paints a disc of the given diameter and erases it again', () => {
    const m = createMask(20, 20);
    paintStroke(m, [[10, 10]], 6, 1);
    const area = m.data.reduce((n, v) => n + v, 0);
    // A disc of radius 3 covers about 28 pixel centres.
    expect(area).toBeGreaterThan(24);
    expect(area).toBeLessThan(34);
    paintStroke(m, [[10, 10]], 8, 0);
    expect(m.data.every((v) => v === 0)).toBe(true);
  });

  it('leaves no gaps along a long stroke', () => {
    const m = createMask(100, 20);
    paintStroke(
      m,
      [
        [2, 10],
        [97, 10],
      ],
      2,
      1,
    );
    for (let x = 2; x < 97; x++) expect(m.data[10 * 100 + x], `x=${x}`).toBe(1);
  });

  it('starts a new mask, paints into the selected one, and deletes a mask erased to nothing', () => {
    let s = editor();
    s = run(
      s,
      brushStroke(s, {
        points: [
          [20, 20],
          [40, 20],
        ],
        size: 10,
        erase: false,
      }),
    );
    const a = s.annotations[0]!;
    expect(a.kind).toBe('mask');
    expect(a.geometry).toEqual({ kind: 'mask', box: rleToBox(a.rle!) });
    expect(a.area).toBe(rleArea(a.rle!));
    s = { ...s, selection: [a.id] };
    s = run(s, brushStroke(s, { points: [[60, 60]], size: 10, erase: false }));
    expect(s.annotations).toHaveLength(1);
    expect(s.annotations[0]!.area).toBeGreaterThan(a.area);
    s = run(
      s,
      brushStroke(s, {
        points: [
          [0, 0],
          [100, 80],
        ],
        size: 400,
        erase: true,
      }),
    );
    expect(s.annotations).toEqual([]);
  });
});

describe('moving annotations', () => {
  it('moves boxes and polygons, held inside the image', () => {
    const s = editor([
      box(1, [10, 10, 20, 20]),
      ann(2, {
        kind: 'polygon',
        rings: [
          [
            [90, 70],
            [100, 70],
            [95, 80],
          ],
        ],
      }),
    ]);
    const moved = run(run(s, translate(s, 1, 5, -3)), translate(s, 2, 30, 30));
    expect(moved.annotations[0]!.geometry).toEqual({ kind: 'box', box: [15, 7, 25, 17] });
    expect(moved.annotations[1]!.geometry).toEqual({
      kind: 'polygon',
      rings: [
        [
          [90, 70],
          [100, 70],
          [95, 80],
        ],
      ],
    });
  });

  it('moves a mask by whole pixels and marks a model mask as edited', () => {
    const rle = maskRle(100, 80, 10, 10, 20, 15);
    const s = editor([ann(3, { kind: 'mask', box: rleToBox(rle) }, { source: 'model' }, rle)]);
    const a = run(s, translate(s, 3, 4.4, 2.6)).annotations[0]!;
    expect(a.geometry).toEqual({ kind: 'mask', box: [14, 13, 24, 18] });
    expect(rleArea(a.rle!)).toBe(50);
    expect(rleToMask(a.rle!).data[13 * 100 + 14]).toBe(1);
    expect(a.reviewState).toBe('edited');
  });
});

describe('candidates and visibility', () => {
  it('cycles candidates and accepts the active one as a model mask with the active label', () => {
    const c = (score: number) => ({
      rle: maskRle(100, 80, 0, 0, 10 * score, 10),
      score: score / 10,
      modelId: 'sam',
    });
    let s = setCandidates(
      editor([], { prompt: { points: [{ point: [1, 1], positive: true }], box: null } }),
      [c(1), c(2), c(3)],
    );
    s = cycleCandidate(cycleCandidate(cycleCandidate(s, 1), 1), 1);
    expect(s.candidates?.active).toBe(0);
    s = cycleCandidate(s, -1);
    const accepted = run(s, acceptCandidate(s));
    expect(accepted.annotations[0]).toMatchObject({
      kind: 'mask',
      source: 'model',
      score: 0.3,
      labelId: 1,
      area: 300,
    });
    expect(accepted.prompt).toEqual({ points: [], box: null });
    expect(undo(accepted).prompt.points).toHaveLength(1);
  });

  it('shows only the candidates of the prompt on screen: undo/redo of prompt clicks bring back their answers', () => {
    const c = (w: number) => ({ rle: maskRle(100, 80, 0, 0, w, 10), score: 0.9, modelId: 'sam' });
    const p1 = { points: [{ point: [5, 5] as [number, number], positive: true }], box: null };
    const p2 = { ...p1, points: [...p1.points, { point: [40, 5] as [number, number], positive: false }] };
    let s = setCandidates(run(editor([]), editPrompt(editor([]), p1)), [c(50)]);
    s = run(s, editPrompt(s, p2, 'Negative point'));
    // A new click has no answer yet: nothing for Enter to accept.
    expect(s.candidates).toBeNull();
    s = setCandidates(s, [c(30), c(20)]);
    const back = undo(s);
    expect(back.prompt).toEqual(p1);
    expect(back.candidates?.items.map((x) => rleArea(x.rle))).toEqual([500]);
    expect(run(back, acceptCandidate(back)).annotations[0]!.area).toBe(500);
    expect(redo(back).candidates?.items.map((x) => rleArea(x.rle))).toEqual([300, 200]);
    // Back to the empty prompt: no candidates; a prompt never answered (the answer was dropped): none, asked again.
    expect(undo(back).candidates).toBeNull();
    const unanswered = run(back, editPrompt(back, { points: [], box: [1, 1, 9, 9] }));
    expect(redo(undo(unanswered)).candidates).toBeNull();
    // Undoing an accepted mask brings its prompt back with the answer it was accepted from.
    const accepted = run(back, acceptCandidate(back));
    expect(accepted.candidates).toBeNull();
    expect(undo(accepted).candidates?.items).toHaveLength(1);
  });

  it('hides per annotation, per label and rejected proposals', () => {
    const a = box(1, [0, 0, 5, 5]);
    const b = box(2, [0, 0, 5, 5], { labelId: 2 });
    const r = box(3, [0, 0, 5, 5], { reviewState: 'rejected' });
    let s = editor([a, b, r], { selection: [1] });
    s = toggleLabelHidden(run(s, toggleFlag(s, [1], 'hidden')), 2);
    expect(s.annotations.map((x) => isVisible(s, x))).toEqual([false, false, false]);
    expect(s.selection).toEqual([]);
    expect(isVisible(s, undo(s).annotations[0]!)).toBe(true);
  });

  it('locks and hides as undoable edits of the annotations, leaving their review state alone', () => {
    const a = box(1, [0, 0, 5, 5], { reviewState: 'proposed', source: 'model' });
    const b = box(2, [10, 10, 20, 20], { locked: true });
    let s = editor([a, b]);
    // Mixed selection: all get locked; all locked: all get unlocked.
    const lock = toggleFlag(s, [1, 2], 'locked');
    expect(lock.ok && lock.command).toMatchObject({ label: 'Lock box', changes: [{ id: 1 }] });
    s = run(s, lock);
    expect(s.annotations.map((x) => [x.locked, x.reviewState])).toEqual([
      [true, 'proposed'],
      [true, 'accepted'],
    ]);
    expect(deleteAnnotations(s, [1])).toMatchObject({ ok: false, reason: expect.stringMatching(/locked/) });
    s = run(s, toggleFlag(s, [1, 2], 'locked'));
    expect(s.annotations.map((x) => x.locked)).toEqual([false, false]);
    s = undo(undo(s));
    expect(s.annotations.map((x) => x.locked)).toEqual([false, true]);
    s = redo(s);
    expect(s.annotations.map((x) => x.locked)).toEqual([true, true]);
    // Hide: the hidden annotation leaves the selection; a locked one can still be hidden.
    s = run({ ...s, selection: [1, 2] }, toggleFlag({ ...s, selection: [1, 2] }, [2], 'hidden'));
    expect([s.annotations[1]!.hidden, s.selection]).toEqual([true, [1]]);
    expect(s.past.at(-1)?.label).toBe('Hide box');
    expect(toggleFlag(s, [], 'hidden')).toMatchObject({ ok: false, reason: expect.stringMatching(/hide/) });
  });

  it('keeps the brush size within its limits', () => {
    expect(setBrushSize(editor(), 0).brushSize).toBe(1);
    expect(setBrushSize(editor(), 1e6).brushSize).toBe(200);
  });
});
