import { describe, expect, it } from 'vitest';
import type { EditorState } from '../../../renderer/src/editor/editor-state';
import { reduceOutcome } from '../../../renderer/src/editor/tools/outcome';
import {
  isToolId,
  TOOL_IDS,
  TOOLS,
  toolById,
  type ToolOutcome,
  type ToolPointer,
} from '../../../renderer/src/editor/tools';
import { handleAt, type Handle } from '../../../renderer/src/editor/tools/handles';
import { ann, box, editor, pointer } from './editor-fixtures';

/** Feeds events to the editor's active tool the way editor-store does, and returns the final state. */
function drive(state: EditorState, events: ['down' | 'move' | 'up' | 'complete' | 'back', ToolPointer?][]) {
  let s = state;
  const outcomes: ToolOutcome[] = [];
  for (const [kind, p] of events) {
    const tool = toolById(s.tool);
    const o = kind === 'complete' ? tool.complete!(s) : kind === 'back' ? tool.back!(s) : tool[kind](s, p!);
    outcomes.push(o);
    s = reduceOutcome(s, o).state;
  }
  return { s, outcomes };
}

describe('tools', () => {
  it('have distinct keys and a hint', () => {
    expect(new Set(TOOLS.map((t) => t.key)).size).toBe(TOOLS.length);
    for (const t of TOOLS) expect(t.hint(editor()).length).toBeGreaterThan(0);
  });

  it('take their ids from the tool list, in toolbar order; a remembered id that is none of them is refused', () => {
    expect(TOOL_IDS).toEqual(['select', 'point', 'box', 'polygon', 'brush', 'eraser']);
    for (const id of TOOL_IDS) expect(toolById(id).id).toBe(id);
    expect(TOOL_IDS.every(isToolId)).toBe(true);
    for (const stale of ['lasso', '', null, undefined, 3]) expect(isToolId(stale)).toBe(false);
  });

  it('box: a drag makes a box, clipped to the image with a note', () => {
    const { s } = drive(editor([], { tool: 'box' }), [
      ['down', pointer(90, 70)],
      ['move', pointer(110, 75)],
      ['up', pointer(120, 95)],
    ]);
    expect(s.annotations.map((a) => a.geometry)).toEqual([{ kind: 'box', box: [90, 70, 100, 80] }]);
    expect(s.notice?.text).toMatch(/clipped/);
    expect(s.draft).toBeNull();
  });

  it('box: a click without a drag is refused with the reason, and a start outside the image too', () => {
    const click = drive(editor([], { tool: 'box' }), [
      ['down', pointer(5, 5)],
      ['up', pointer(5, 5)],
    ]).s;
    expect(click.annotations).toEqual([]);
    expect(click.notice?.text).toMatch(/no area/);
    const outside = drive(editor([], { tool: 'box' }), [['down', pointer(-5, 5)]]).s;
    expect(outside.draft).toBeNull();
    expect(outside.notice?.text).toMatch(/inside the image/);
  });

  it('polygon: closes on the first vertex (within 8 screen pixels at any zoom)', () => {
    const { s } = drive(editor([], { tool: 'polygon' }), [
      ['down', pointer(10, 10, { scale: 4 })],
      ['down', pointer(30, 10, { scale: 4 })],
      ['down', pointer(30, 30, { scale: 4 })],
      ['down', pointer(11.5, 10.5, { scale: 4 })],
    ]);
    expect(s.annotations[0]?.geometry).toEqual({
      kind: 'polygon',
      rings: [
        [
          [10, 10],
          [30, 10],
          [30, 30],
        ],
      ],
    });
    expect(s.annotations[0]?.area).toBe(200);
  });

  it('polygon: Enter closes; backspace takes back a vertex; too few points and self-crossing are refused', () => {
    const base = editor([], { tool: 'polygon' });
    const two = drive(base, [['down', pointer(10, 10)], ['down', pointer(30, 10)], ['complete']]).s;
    expect(two.annotations).toEqual([]);
    expect(two.notice?.text).toMatch(/at least 3 points/);
    expect(two.draft).not.toBeNull();
    const bowtie = drive(base, [
      ['down', pointer(0, 0)],
      ['down', pointer(20, 20)],
      ['down', pointer(20, 0)],
      ['down', pointer(0, 20)],
      ['complete'],
    ]).s;
    expect(bowtie.notice?.text).toMatch(/crosses itself/);
    const fixed = drive(bowtie, [['back'], ['complete']]).s;
    expect(fixed.annotations).toHaveLength(1);
  });

  it('polygon: vertices outside the image are pulled to its edge', () => {
    const { s } = drive(editor([], { tool: 'polygon' }), [
      ['down', pointer(-10, 10)],
      ['down', pointer(50, -4)],
      ['down', pointer(120, 60)],
      ['complete'],
    ]);
    expect(s.annotations[0]?.geometry).toEqual({
      kind: 'polygon',
      rings: [
        [
          [0, 10],
          [50, 0],
          [100, 60],
        ],
      ],
    });
  });

  it('point: left click is positive, right and alt-click negative, a drag sets the box, outside is refused', () => {
    const { s } = drive(editor([], { tool: 'point' }), [
      ['down', pointer(10, 10)],
      ['up', pointer(10, 10)],
      ['down', pointer(20, 20, { button: 2 })],
      ['up', pointer(20, 20, { button: 2 })],
      ['down', pointer(30, 30, { alt: true })],
      ['up', pointer(30, 30, { alt: true })],
      ['down', pointer(5, 5)],
      ['up', pointer(50, 60)],
      ['down', pointer(500, 5)],
    ]);
    expect(s.prompt.points.map((p) => p.positive)).toEqual([true, false, false]);
    expect(s.prompt.box).toEqual([5, 5, 50, 60]);
    expect(s.notice?.text).toMatch(/inside the image/);
    expect(s.past).toHaveLength(4);
  });

  it('select: click selects, shift-click adds, a drag moves one undo step, empty space clears', () => {
    const s0 = editor([box(1, [10, 10, 20, 20]), box(2, [40, 40, 50, 50])], { tool: 'select' });
    const { s } = drive(s0, [
      ['down', pointer(15, 15, { targetId: 1 })],
      ['up', pointer(15, 15, { targetId: 1 })],
      ['down', pointer(45, 45, { targetId: 2, shift: true })],
      ['up', pointer(45, 45, { targetId: 2, shift: true })],
    ]);
    expect(s.selection).toEqual([1, 2]);
    const moved = drive(s, [
      ['down', pointer(45, 45, { targetId: 2 })],
      ['move', pointer(50, 47, { targetId: 2 })],
      ['up', pointer(55, 49, { targetId: 2 })],
    ]).s;
    expect(moved.annotations[1]?.geometry).toEqual({ kind: 'box', box: [50, 44, 60, 54] });
    expect(moved.past).toHaveLength(1);
    expect(drive(moved, [['down', pointer(90, 5)]]).s.selection).toEqual([]);
  });

  it('brush and eraser: one stroke, one undo step', () => {
    const painted = drive(editor([], { tool: 'brush', brushSize: 6 }), [
      ['down', pointer(10, 10)],
      ['move', pointer(20, 10)],
      ['move', pointer(30, 10)],
      ['up', pointer(30, 10)],
    ]).s;
    expect(painted.annotations).toHaveLength(1);
    expect(painted.past).toHaveLength(1);
    const id = painted.annotations[0]!.id;
    const erased = drive({ ...painted, tool: 'eraser', selection: [id] }, [
      ['down', pointer(20, 10)],
      ['up', pointer(20, 10)],
    ]).s;
    expect(erased.annotations[0]!.area).toBeLessThan(painted.annotations[0]!.area);
  });
});

describe('brush strokes of one object', () => {
  const stroke = (x1: number, x2: number, y: number, shift = false) =>
    [
      ['down', pointer(x1, y, { shift })],
      ['move', pointer((x1 + x2) / 2, y, { shift })],
      ['up', pointer(x2, y, { shift })],
    ] as ['down' | 'up' | 'move', ReturnType<typeof pointer>][];
  const masks = (s: EditorState) => s.annotations.filter((a) => a.kind === 'mask');

  it.each([
    [
      'the next stroke, anywhere, goes on with the mask just painted',
      [stroke(10, 30, 10), stroke(60, 80, 60)],
      1,
    ],
    [
      'with nothing selected, a stroke over a mask of the label joins it',
      [stroke(10, 30, 10), ['esc'], stroke(25, 40, 12)],
      1,
    ],
    [
      'with nothing selected, a stroke away from it starts another',
      [stroke(10, 30, 10), ['esc'], stroke(60, 80, 60)],
      2,
    ],
    [
      'Shift-drag starts a new mask even over the selected one',
      [stroke(10, 30, 10), stroke(15, 25, 10, true)],
      2,
    ],
  ] as const)('%s', (_name, strokes, expected) => {
    let s = editor([], { tool: 'brush', brushSize: 6 });
    for (const events of strokes) {
      if (events[0] === 'esc') s = { ...s, selection: [] };
      else s = drive(s, events as unknown as ReturnType<typeof stroke>).s;
    }
    expect(masks(s)).toHaveLength(expected);
    // One undo step per stroke, and the mask painted last is the selection.
    expect(s.past).toHaveLength(strokes.filter((e) => e[0] !== 'esc').length);
    expect(s.selection).toEqual([s.past.at(-1)!.changes[0]!.id]);
  });

  it('does not join a mask of another label, nor a locked one; the eraser works on the mask under it', () => {
    let s = drive(editor([], { tool: 'brush', brushSize: 6 }), stroke(10, 30, 10)).s;
    const first = s.annotations[0]!.id;
    s = drive({ ...s, selection: [], labelId: 2 }, stroke(20, 40, 10)).s;
    expect(masks(s).map((a) => a.labelId)).toEqual([1, 2]);
    const locked = { ...s, labelId: 1, selection: [], lockedLabels: [1] };
    expect(masks(drive(locked, stroke(10, 20, 10)).s)).toHaveLength(3);
    const area = s.annotations[0]!.area;
    const erased = drive({ ...s, tool: 'eraser', selection: [] }, [
      ['down', pointer(25, 10)],
      ['up', pointer(25, 10)],
    ]).s;
    // The topmost mask under the eraser is the label-2 one: erased there, the first left alone.
    expect(erased.annotations.find((a) => a.id === first)!.area).toBe(area);
    expect(erased.past.at(-1)!.label).toBe('Erase mask');
  });
});

describe('edit handles', () => {
  const poly = ann(7, {
    kind: 'polygon',
    rings: [
      [
        [10, 10],
        [30, 10],
        [30, 30],
        [10, 30],
      ],
    ],
  });
  const s0 = editor([box(1, [10, 10, 20, 20]), poly], { tool: 'select', selection: [1, 7] });

  it('finds the nearest handle in screen pixels, vertices before edge midpoints', () => {
    expect(handleAt(s0.annotations, [20.5, 20.5], 1)).toEqual({ kind: 'corner', id: 1, corner: 2 });
    expect(handleAt([poly], [20, 11], 1)).toEqual({ kind: 'edge', id: 7, ring: 0, index: 0 });
    expect(handleAt(s0.annotations, [20, 11], 10)).toBeNull();
    expect(handleAt([poly], [30, 30], 1)).toEqual({ kind: 'vertex', id: 7, ring: 0, index: 2 });
  });

  const dragHandleTo = (
    s: EditorState,
    handle: Handle,
    from: [number, number],
    to: [number, number],
    alt = false,
  ) =>
    drive(s, [
      ['down', pointer(from[0], from[1], { handle, alt })],
      ['move', pointer(to[0], to[1], { handle, alt })],
      ['up', pointer(to[0], to[1], { handle, alt })],
    ]).s;

  it.each<[string, Handle, [number, number], unknown]>([
    [
      'a box corner resizes it',
      { kind: 'corner', id: 1, corner: 2 },
      [25, 28],
      { kind: 'box', box: [10, 10, 25, 28] },
    ],
    [
      'a corner dragged past the opposite one flips the box',
      { kind: 'corner', id: 1, corner: 0 },
      [25, 5],
      { kind: 'box', box: [20, 5, 25, 20] },
    ],
    [
      'a vertex moves',
      { kind: 'vertex', id: 7, ring: 0, index: 2 },
      [40, 45],
      {
        kind: 'polygon',
        rings: [
          [
            [10, 10],
            [30, 10],
            [40, 45],
            [10, 30],
          ],
        ],
      },
    ],
    [
      'an edge midpoint inserts a vertex',
      { kind: 'edge', id: 7, ring: 0, index: 0 },
      [20, 2],
      {
        kind: 'polygon',
        rings: [
          [
            [10, 10],
            [20, 2],
            [30, 10],
            [30, 30],
            [10, 30],
          ],
        ],
      },
    ],
  ])('%s', (_name, handle, to, geometry) => {
    const from = handle.kind === 'edge' ? ([20, 10] as [number, number]) : ([0, 0] as [number, number]);
    const s = dragHandleTo(s0, handle, from, to);
    expect(s.annotations.find((a) => a.id === handle.id)?.geometry).toEqual(geometry);
    expect(s.past).toHaveLength(1);
  });

  it('refuses a vertex drag that makes the polygon cross itself, and a corner drag that leaves no area', () => {
    const crossed = dragHandleTo(s0, { kind: 'vertex', id: 7, ring: 0, index: 0 }, [10, 10], [40, 20]);
    expect(crossed.annotations[1]).toEqual(poly);
    expect(crossed.notice?.text).toMatch(/crosses itself/);
    const flat = dragHandleTo(s0, { kind: 'corner', id: 1, corner: 2 }, [20, 20], [20, 10]);
    expect(flat.notice?.text).toMatch(/no area/);
  });

  it('alt-click deletes a vertex but keeps at least 3', () => {
    const v = { kind: 'vertex', id: 7, ring: 0, index: 1 } as const;
    const s1 = drive(s0, [['down', pointer(30, 10, { handle: v, alt: true })]]).s;
    expect(s1.annotations[1]?.geometry).toEqual({
      kind: 'polygon',
      rings: [
        [
          [10, 10],
          [30, 30],
          [10, 30],
        ],
      ],
    });
    const s2 = drive(s1, [['down', pointer(30, 30, { handle: v, alt: true })]]).s;
    expect(s2.notice?.text).toMatch(/at least 3/);
    expect(s2.annotations[1]?.geometry).toEqual(s1.annotations[1]?.geometry);
  });

  it('a locked shape cannot be reshaped', () => {
    const locked = {
      ...s0,
      annotations: s0.annotations.map((a) => (a.id === 1 ? { ...a, locked: true } : a)),
    };
    const s = dragHandleTo(locked, { kind: 'corner', id: 1, corner: 2 }, [20, 20], [40, 40]);
    expect(s.annotations[0]?.geometry).toEqual({ kind: 'box', box: [10, 10, 20, 20] });
    expect(s.notice?.text).toMatch(/locked/);
  });
});
