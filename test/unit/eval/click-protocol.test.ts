import { describe, expect, it } from 'vitest';
import {
  maskIou,
  meanIouPerClick,
  runClickProtocol,
  type SegmentFn,
} from '../../../shared/eval/click-protocol';
import { createMask, type BinaryMask } from '../../../shared/geometry/mask';

function rect(x1: number, y1: number, x2: number, y2: number): BinaryMask {
  const m = createMask(20, 20);
  for (let y = y1; y < y2; y++) for (let x = x1; x < x2; x++) m.data[y * 20 + x] = 1;
  return m;
}

const truth = rect(4, 4, 14, 14);

/** An engine that fills a 4-pixel square around each positive click and clears one around each negative one. */
const squares: SegmentFn = async ({ points }) => {
  const m = createMask(20, 20);
  for (const { point, positive } of points) {
    const [cx, cy] = [Math.floor(point[0]), Math.floor(point[1])];
    for (let y = Math.max(0, cy - 2); y < Math.min(20, cy + 3); y++)
      for (let x = Math.max(0, cx - 2); x < Math.min(20, cx + 3); x++) m.data[y * 20 + x] = positive ? 1 : 0;
  }
  return m;
};

describe('the click protocol', () => {
  it('stops at the first click when the engine is right', async () => {
    const run = await runClickProtocol(truth, async () => truth);
    expect(run).toMatchObject({ ious: [1], noc: { '0.85': 1, '0.9': 1 } });
  });

  it('adds corrective clicks from the errors, and counts the clicks to each threshold', async () => {
    const run = (await runClickProtocol(truth, squares))!;
    expect(run.clicks[0]).toEqual({ point: [8.5, 8.5], positive: true });
    expect(run.ious[0]).toBeCloseTo(25 / 100, 12);
    expect(run.clicks.length).toBe(run.ious.length);
    expect(Math.max(...run.ious)).toBeGreaterThan(run.ious[0]!);
    // The second click goes to the missed part of the object, positive.
    expect(run.clicks[1]!.positive).toBe(true);
    for (const t of ['0.85', '0.9']) {
      const at = run.ious.findIndex((v) => v >= Number(t));
      expect(run.noc[t]).toBe(at === -1 ? 20 : at + 1);
    }
  });

  it('counts the cap as the NoC of an engine that never gets there', async () => {
    const run = (await runClickProtocol(truth, async () => rect(0, 0, 2, 2), { maxClicks: 5 }))!;
    expect(run.ious).toHaveLength(5);
    expect(run.noc).toEqual({ '0.85': 5, '0.9': 5 });
  });

  it('has nothing to do for an empty object', async () => {
    expect(await runClickProtocol(createMask(20, 20), squares)).toBeNull();
  });

  it('averages IoU per click, an early stop keeping its last value', () => {
    const a = { ious: [0.5, 1], clicks: [], noc: {} };
    const b = { ious: [0.2, 0.4, 0.6], clicks: [], noc: {} };
    expect(meanIouPerClick([a, b], 4)).toEqual([0.35, 0.7, 0.8, 0.8]);
    expect(maskIou(rect(0, 0, 2, 2), rect(1, 0, 3, 2))).toBeCloseTo(2 / 6, 12);
  });
});
