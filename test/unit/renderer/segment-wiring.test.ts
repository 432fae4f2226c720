// The canvas <-> segmenter wiring: which calls a sequence of prompt edits makes (only the latest prompt is
// sent, resets before a fresh object), which answers reach the editor, and the detector's boxes as proposals.
import { describe, expect, it } from 'vitest';
import type { SegmentRunResult } from '../../../shared/api/segment';
import type { Box, Label, PromptInput } from '../../../shared/domain';
import { StudioError } from '../../../shared/errors';
import { createMask, maskToRle } from '../../../shared/geometry';
import {
  cycleCandidate,
  EMPTY_PROMPT,
  setCandidates,
  type EditorState,
} from '../../../renderer/src/editor/editor-state';
import { proposeDetections, labelFor } from '../../../renderer/src/segment/proposals';
import {
  startSegmentController,
  type SegmentActivity,
  type SegmentApi,
} from '../../../renderer/src/segment/segment-controller';
import { createStore } from '../../../renderer/src/state/store';
import { box, editor } from './editor-fixtures';

type Call =
  | { method: 'reset' }
  | {
      method: 'run';
      prompt: PromptInput;
      selected: number;
      view: Box | undefined;
      settle: (r: SegmentRunResult | Error) => void;
    };

/** A segment API whose answers the test releases one by one, in any order. */
function scriptedApi() {
  const calls: Call[] = [];
  const api: SegmentApi = {
    reset: async () => {
      calls.push({ method: 'reset' });
    },
    run: (input) =>
      new Promise((resolve, reject) => {
        calls.push({
          method: 'run',
          prompt: input.prompt,
          selected: input.selected ?? 0,
          view: input.view,
          settle: (r) => (r instanceof Error ? reject(r) : resolve(r)),
        });
      }),
  };
  const runs = () => calls.filter((c): c is Extract<Call, { method: 'run' }> => c.method === 'run');
  return { api, calls, runs };
}

const mask = (x1: number, x2: number) => {
  const m = createMask(100, 80);
  for (let y = 10; y < 30; y++) m.data.fill(1, y * 100 + x1, y * 100 + x2);
  return maskToRle(m);
};

function answer(n: number, refined = false): SegmentRunResult {
  return {
    candidates: Array.from({ length: n }, (_, k) => ({
      rle: mask(10, 20 + k * 10),
      box: [10, 10, 20 + k * 10, 30] as [number, number, number, number],
      area: 20 * (10 + k * 10),
      score: 0.9 - k * 0.1,
    })),
    engine: 'classical',
    modelId: 'classical-grabcut',
    refined,
    view: null,
    timings: { prepareMs: 1, segmentMs: 5, totalMs: 7 },
  };
}

const point = (x: number, y: number, positive = true) => ({ point: [x, y] as [number, number], positive });
const flush = () => new Promise((r) => setTimeout(r, 0));

function setup(initial: EditorState = editor(), view: () => Box | null = () => null) {
  const store = createStore<EditorState | null>(initial);
  const server = scriptedApi();
  const activity: SegmentActivity[] = [];
  const controller = startSegmentController({
    api: server.api,
    editor: {
      get: store.get,
      subscribe: store.subscribe,
      setCandidates: (imageId, items) =>
        store.set((s) => (s && s.imageId === imageId ? setCandidates(s, items) : s)),
    },
    project: '/p/Drive.vpstudio',
    imageId: 1,
    onActivity: (a) => activity.push(a),
    view,
    now: (() => {
      let t = 0;
      return () => (t += 40);
    })(),
  });
  // A prompt edit as the editor makes it: the old candidates no longer answer the new prompt.
  const prompt = (p: PromptInput) => store.set((s) => s && { ...s, prompt: p, candidates: null });
  return { store, ...server, activity, controller, prompt };
}

describe('segment controller', () => {
  it('resets once, then sends a click and shows its candidates', async () => {
    const t = setup();
    t.prompt({ points: [point(15, 20)], box: null });
    await flush();
    expect(t.calls.map((c) => c.method)).toEqual(['reset', 'run']);
    t.runs()[0]!.settle(answer(3));
    await t.controller.idle();
    expect(t.store.get()!.candidates?.items.map((c) => c.score)).toEqual([0.9, 0.8, 0.7]);
    expect(t.store.get()!.candidates?.items[0]!.modelId).toBe('classical-grabcut');
    expect(t.activity.at(-1)).toMatchObject({
      kind: 'done',
      candidates: 3,
      ms: 40,
      serverMs: 7,
      engineMs: 6,
    });
  });

  it('sends the visible region read when each click is sent (segment in view), none when it is null', async () => {
    let region: Box | null = [0, 0, 50, 40];
    const t = setup(editor(), () => region);
    t.prompt({ points: [point(15, 20)], box: null });
    await flush();
    t.runs()[0]!.settle({ ...answer(1), view: [0, 0, 50, 40] });
    await t.controller.idle();
    expect(t.activity.at(-1)).toMatchObject({ kind: 'done', view: [0, 0, 50, 40] });
    region = null;
    t.prompt({ points: [point(15, 20), point(30, 20, false)], box: null });
    await flush();
    expect(t.runs().map((r) => r.view)).toEqual([[0, 0, 50, 40], undefined]);
    t.runs()[1]!.settle(answer(1));
    await t.controller.idle();
  });

  it('sends only the latest of the prompts placed while a call runs, and drops the stale answer', async () => {
    const t = setup();
    const one = { points: [point(15, 20)], box: null };
    const three = { points: [point(15, 20), point(40, 20, false), point(50, 25, false)], box: null };
    t.prompt(one);
    await flush();
    t.prompt({ points: [point(15, 20), point(40, 20, false)], box: null });
    t.prompt(three);
    await flush();
    expect(t.runs()).toHaveLength(1);
    t.runs()[0]!.settle(answer(3));
    await flush();
    // The first answer is for a prompt no longer on screen: not shown; the latest prompt goes next.
    expect(t.store.get()!.candidates).toBeNull();
    expect(t.runs().map((r) => r.prompt)).toEqual([one, three]);
    t.runs()[1]!.settle(answer(1, true));
    await t.controller.idle();
    expect(t.store.get()!.candidates?.items).toHaveLength(1);
    expect(t.activity.at(-1)).toMatchObject({ kind: 'done', refined: true });
  });

  it('refines the candidate on screen: Tab before the next click selects it', async () => {
    const t = setup();
    t.prompt({ points: [point(15, 20)], box: null });
    await flush();
    t.runs()[0]!.settle(answer(3));
    await t.controller.idle();
    t.store.set((s) => s && cycleCandidate(cycleCandidate(s, 1), 1));
    t.prompt({ points: [point(15, 20), point(60, 20, false)], box: null });
    await flush();
    expect(t.runs()[1]!.selected).toBe(2);
    t.runs()[1]!.settle(answer(3));
    await t.controller.idle();
    // A new answer starts on its best candidate, and the click after it refines that one.
    t.prompt({ points: [point(15, 20), point(60, 20, false), point(16, 22)], box: null });
    await flush();
    expect(t.runs()[2]!.selected).toBe(0);
  });

  it('an emptied prompt (mask accepted) resets the server before the next object, and sends nothing', async () => {
    const t = setup();
    t.prompt({ points: [point(15, 20)], box: null });
    await flush();
    t.runs()[0]!.settle(answer(1));
    await t.controller.idle();
    t.prompt(EMPTY_PROMPT);
    await t.controller.idle();
    expect(t.calls.map((c) => c.method)).toEqual(['reset', 'run', 'reset']);
    expect(t.activity.at(-1)).toEqual({ kind: 'idle' });
    t.prompt({ points: [], box: [50, 40, 90, 70] });
    await flush();
    expect(t.calls.map((c) => c.method)).toEqual(['reset', 'run', 'reset', 'run']);
  });

  it('a prompt cleared while its call runs drops the answer and resets after it', async () => {
    const t = setup();
    t.prompt({ points: [point(15, 20)], box: null });
    await flush();
    t.prompt(EMPTY_PROMPT);
    t.runs()[0]!.settle(answer(3));
    await t.controller.idle();
    expect(t.store.get()!.candidates).toBeNull();
    expect(t.calls.map((c) => c.method)).toEqual(['reset', 'run', 'reset']);
  });

  it('shows a refusal with its code and keeps the editor without candidates', async () => {
    const t = setup();
    t.prompt({ points: [point(15, 20)], box: null });
    await flush();
    t.runs()[0]!.settle(new StudioError('invalid_input', 'The box has no area.'));
    await t.controller.idle();
    expect(t.activity.at(-1)).toEqual({
      kind: 'error',
      message: 'The box has no area.',
      code: 'invalid_input',
    });
    expect(t.store.get()!.candidates).toBeNull();
  });

  it('sends the prompt an image opens with, ignores other images, and stops cleanly', async () => {
    const t = setup(editor([], { prompt: { points: [point(5, 5)], box: null } }));
    await flush();
    expect(t.runs()[0]!.prompt.points).toHaveLength(1);
    t.store.set((s) => s && { ...s, imageId: 2, prompt: { points: [point(9, 9)], box: null } });
    t.runs()[0]!.settle(answer(1));
    await t.controller.idle();
    expect(t.runs()).toHaveLength(1);
    expect(t.store.get()!.candidates).toBeNull();

    t.store.set((s) => s && { ...s, imageId: 1, prompt: { points: [point(7, 7)], box: null } });
    await flush();
    t.controller.stop();
    t.runs()[1]!.settle(answer(2));
    await t.controller.idle();
    expect(t.store.get()!.candidates).toBeNull();
  });

  it('asks nothing when undo/redo brings back a prompt whose answer the editor kept, and says so', async () => {
    const t = setup();
    const one = { points: [point(15, 20)], box: null };
    t.prompt(one);
    await flush();
    t.runs()[0]!.settle(answer(2));
    await t.controller.idle();
    t.prompt({ points: [...one.points, point(40, 20, false)], box: null });
    await flush();
    // Undo while the negative click is still out: its late answer must not replace the restored masks.
    const restored = t.store.get()!.answers[0]!;
    t.store.set((s) => s && { ...s, prompt: one, candidates: { items: restored.items, active: 0 } });
    t.runs()[1]!.settle(answer(1));
    await t.controller.idle();
    expect(t.runs()).toHaveLength(2);
    expect(t.store.get()!.candidates?.items).toHaveLength(2);
    expect(t.activity.at(-1)).toEqual({ kind: 'restored', candidates: 2 });
  });

  it('does not replace candidates handed over by someone else for the same prompt', async () => {
    const t = setup();
    t.prompt({ points: [point(15, 20)], box: null });
    await flush();
    const offered = { rle: mask(0, 5), score: 0.5, modelId: 'test-sam' };
    t.store.set((s) => s && setCandidates(s, [offered]));
    t.runs()[0]!.settle(answer(3));
    await t.controller.idle();
    expect(t.store.get()!.candidates?.items).toEqual([offered]);
  });
});

describe('detector proposals', () => {
  const labels: Label[] = [
    { id: 1, name: 'Car', color: '#f00', hotkey: 1 },
    { id: 2, name: 'person ', color: '#0f0', hotkey: 2 },
  ];
  const det = (label: string, b: [number, number, number, number], score = 0.8) => ({
    label,
    classId: 0,
    score,
    box: b,
  });

  it.each([
    ['car', 1],
    ['CAR', 1],
    ['person', 2],
    ['silver  car', 1],
    ['walking person', 2],
    ['traffic light', null],
    ['carpet', null],
  ] as const)('class %s takes label %s', (name, id) => {
    expect(labelFor(labels, name)).toBe(id);
  });

  it('adds every new box as a proposal, labelled, with fresh temporary ids, in one edit', () => {
    const state = editor([box(-3, [0, 0, 10, 10]), box(7, [50, 50, 60, 60])]);
    const edit = proposeDetections(
      state,
      [det('car', [10, 10, 40, 30], 0.9), det('truck', [60, 10, 90, 40], 0.6)],
      labels,
      'picodet-s-320-coco',
      'cars',
    );
    expect(edit.ok).toBe(true);
    if (!edit.ok) return;
    const added = edit.command.changes.map((c) => c.after!);
    expect(added.map((a) => a.id)).toEqual([-4, -5]);
    expect(added[0]).toMatchObject({
      kind: 'box',
      geometry: { kind: 'box', box: [10, 10, 40, 30] },
      labelId: 1,
      source: 'model',
      modelId: 'picodet-s-320-coco',
      score: 0.9,
      reviewState: 'proposed',
      area: 600,
    });
    expect(added[1]!.labelId).toBeNull();
    expect(edit.command.changes.every((c) => c.before === null)).toBe(true);
  });

  it('keeps the mask a Grounded-SAM endpoint gives, in the image size', () => {
    const rle = mask(10, 40);
    const edit = proposeDetections(
      editor(),
      [{ ...det('black car', [10, 10, 40, 30], 0.7), rle }],
      labels,
      'grounded-sam',
      'objects',
    );
    expect(edit.ok && edit.command.changes[0]!.after).toMatchObject({
      kind: 'mask',
      geometry: { kind: 'mask', box: [10, 10, 40, 30] },
      rle,
      area: 600,
      labelId: 1,
      reviewState: 'proposed',
    });
  });

  it('leaves out boxes already on the image with the same label, and says so when nothing is new', () => {
    const state = editor([
      box(1, [10, 10, 40, 30], { labelId: 1 }),
      box(2, [60, 10, 90, 40], { labelId: 1, reviewState: 'rejected' }),
    ]);
    const again = [det('car', [11, 10, 40, 30])];
    expect(proposeDetections(state, again, labels, 'm', 'cars')).toEqual({
      ok: false,
      reason: 'The cars found are already on the image.',
    });
    // A rejected box, or one of another label, does not hide a detection.
    const edit = proposeDetections(
      state,
      [det('car', [60, 10, 90, 40]), det('person', [10, 10, 40, 30])],
      labels,
      'm',
      'objects',
    );
    expect(edit.ok && edit.command.changes.length).toBe(2);
    expect(proposeDetections(state, [], labels, 'm', 'people')).toEqual({
      ok: false,
      reason: 'No people found on this image.',
    });
  });
});
