// The point tool's helpers: the hover preview (one request in flight, the newest cursor position next, answers
// for an old prompt dropped, nothing while a click runs or another tool is on) and 'segment in view' (which
// region is visible, whether it is worth a crop, what Auto means for each helper).
import { describe, expect, it } from 'vitest';
import type { SegmentRunResult } from '../../../shared/api/segment';
import type { Box, Point, PromptInput } from '../../../shared/domain';
import { createMask, maskToRle } from '../../../shared/geometry';
import { type EditorState } from '../../../renderer/src/editor/editor-state';
import {
  setHoverPoint,
  startHoverPreview,
  type HoverState,
} from '../../../renderer/src/segment/hover-preview';
import { hoverEnabled, inViewEnabled } from '../../../renderer/src/segment/segment-prefs';
import { segmentView, visibleRegion } from '../../../renderer/src/segment/segment-view';
import { createStore } from '../../../renderer/src/state/store';
import { editor } from './editor-fixtures';

interface Run {
  prompt: PromptInput;
  preview: boolean | undefined;
  view: Box | undefined;
  settle: (r: SegmentRunResult | Error) => void;
}

const maskAt = (x: number) => {
  const m = createMask(100, 80);
  m.data.fill(1, 10 * 100 + x, 10 * 100 + x + 5);
  return maskToRle(m);
};
const answer = (x: number): SegmentRunResult => ({
  candidates: [{ rle: maskAt(x), box: [x, 10, x + 5, 11], area: 5, score: 0.9 }],
  engine: 'classical',
  modelId: 'classical-v1',
  refined: false,
  view: null,
  timings: { prepareMs: 0, segmentMs: 1, totalMs: 2 },
});
const flush = () => new Promise((r) => setTimeout(r, 0));
const positive = (x: number, y: number) => ({ point: [x, y] as Point, positive: true });

function setup(patch: Partial<EditorState> = { tool: 'point' }, view: Box | null = null) {
  const runs: Run[] = [];
  const store = createStore<EditorState | null>(editor([], patch));
  const hover = createStore<HoverState>({ imageId: null, point: null, mask: null });
  let enabled = true;
  let busy = false;
  const preview = startHoverPreview({
    api: {
      run: (input) =>
        new Promise((resolve, reject) =>
          runs.push({
            prompt: input.prompt,
            preview: input.preview,
            view: input.view,
            settle: (r) => (r instanceof Error ? reject(r) : resolve(r)),
          }),
        ),
    },
    editor: store,
    hover,
    project: '/p/Drive.vpstudio',
    imageId: 1,
    image: () => ({ width: 100, height: 80 }),
    enabled: () => enabled,
    busy: () => busy,
    view: () => view,
  });
  const move = (x: number, y: number) => setHoverPoint(1, [x, y], hover);
  return {
    runs,
    store,
    hover,
    preview,
    move,
    setEnabled: (v: boolean) => (enabled = v),
    setBusy: (v: boolean) => (busy = v),
  };
}

describe('hover preview', () => {
  it('keeps one request in flight and sends the newest position next, drawing each answer', async () => {
    const t = setup();
    t.move(10, 10);
    t.move(20, 10);
    t.move(30, 10);
    expect(t.runs).toHaveLength(1);
    expect(t.runs[0]).toMatchObject({ prompt: { points: [positive(10, 10)], box: null }, preview: true });
    t.runs[0]!.settle(answer(10));
    await flush();
    expect(t.hover.get().mask).toEqual(maskAt(10));
    // 20 was overtaken by 30 while the first request ran.
    expect(t.runs.map((r) => r.prompt.points[0]!.point)).toEqual([
      [10, 10],
      [30, 10],
    ]);
    t.runs[1]!.settle(answer(30));
    await t.preview.idle();
    expect(t.hover.get().mask).toEqual(maskAt(30));
    expect(t.runs).toHaveLength(2);
    t.preview.stop();
  });

  it('asks for the open prompt plus the cursor point, with the box and the view clicks use', async () => {
    const t = setup(
      { tool: 'point', prompt: { points: [positive(5, 5)], box: [1, 1, 50, 50] } },
      [0, 0, 60, 40],
    );
    t.move(40, 30);
    expect(t.runs[0]).toMatchObject({
      prompt: { points: [positive(5, 5), positive(40, 30)], box: [1, 1, 50, 50] },
      view: [0, 0, 60, 40],
    });
    t.runs[0]!.settle(answer(1));
    await t.preview.idle();
    t.preview.stop();
  });

  it('drops an answer made for a prompt that changed meanwhile, and clears the mask when the cursor leaves', async () => {
    const t = setup();
    t.move(10, 10);
    t.runs[0]!.settle(answer(10));
    await t.preview.idle();
    expect(t.hover.get().mask).not.toBeNull();
    // A click: the prompt changes, the old preview goes, and the next request is for the new prompt.
    t.store.set((s) => s && { ...s, prompt: { points: [positive(10, 10)], box: null } });
    expect(t.hover.get().mask).toBeNull();
    expect(t.runs).toHaveLength(2);
    expect(t.runs[1]!.prompt.points).toEqual([positive(10, 10), positive(10, 10)]);
    t.store.set((s) => s && { ...s, prompt: { points: [positive(12, 12)], box: null } });
    t.runs[1]!.settle(answer(50));
    await flush();
    expect(t.hover.get().mask).toBeNull();
    const third = t.runs[2]!;
    third.settle(answer(12));
    await t.preview.idle();
    expect(t.hover.get().mask).toEqual(maskAt(12));
    setHoverPoint(1, null, t.hover);
    expect(t.hover.get().mask).toBeNull();
    t.preview.stop();
  });

  it('asks nothing while disabled, while a click runs, with another tool, or outside the image', async () => {
    const t = setup();
    t.setEnabled(false);
    t.move(10, 10);
    t.setEnabled(true);
    t.setBusy(true);
    t.move(11, 10);
    t.setBusy(false);
    t.move(120, 10);
    t.move(10, -1);
    expect(t.runs).toHaveLength(0);
    t.store.set((s) => s && { ...s, tool: 'box' });
    t.move(12, 10);
    expect(t.runs).toHaveLength(0);
    // Back to the point tool, the cursor where it is counts.
    t.store.set((s) => s && { ...s, tool: 'point' });
    expect(t.runs).toHaveLength(1);
    expect(t.runs[0]!.prompt.points).toEqual([positive(12, 10)]);
    t.runs[0]!.settle(new Error('engine down'));
    await t.preview.idle();
    expect(t.hover.get().mask).toBeNull();
    t.preview.stop();
  });
});

describe('segment in view', () => {
  const stage = { w: 800, h: 600 };
  const big = { w: 3840, h: 2160 };
  it.each<[string, { scale: number; x: number; y: number }, { w: number; h: number }, Box | null]>([
    ['fitted: the whole image shows', { scale: 800 / 3840, x: 0, y: 58 }, big, null],
    ['zoomed in 4x from the top-left', { scale: 1, x: 0, y: 0 }, big, [0, 0, 800, 600]],
    ['zoomed and panned, rounded outwards', { scale: 2, x: -1001, y: -500 }, big, [500, 250, 901, 550]],
    ['zoomed past the right edge: clipped', { scale: 1, x: -3500, y: 0 }, big, [3500, 0, 3840, 600]],
    ['a small image is never cropped', { scale: 4, x: 0, y: 0 }, { w: 1024, h: 768 }, null],
    ['half of the width shows: not zoomed enough', { scale: 800 / 1920, x: 0, y: 0 }, big, null],
  ])('%s', (_, view, image, expected) => {
    expect(segmentView(view, stage, image)).toEqual(expected);
  });

  it('has no visible region when the image is off the stage', () => {
    expect(visibleRegion({ scale: 1, x: 5000, y: 0 }, stage, big)).toBeNull();
  });

  it.each<[Parameters<typeof hoverEnabled>[0], number | null, boolean]>([
    ['auto', null, false],
    ['auto', 79, true],
    ['auto', 80, false],
    ['on', 900, true],
    ['off', 5, false],
  ])('hover %s after a %s ms click: %s', (mode, ms, on) => {
    expect(hoverEnabled(mode, ms)).toBe(on);
  });

  it.each<[Parameters<typeof inViewEnabled>[0], string | null, boolean]>([
    ['auto', 'sam-onnx', true],
    ['auto', 'sagemaker-sam', true],
    ['auto', 'classical', false],
    ['auto', null, false],
    ['on', 'classical', true],
    ['off', 'sam-onnx', false],
  ])('in view %s with %s: %s', (mode, engine, on) => {
    expect(inViewEnabled(mode, engine)).toBe(on);
  });
});
