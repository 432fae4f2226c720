// The pure half of sequences: frame order, gaps and odd sizes, box interpolation, the fallback's prompt from a
// mask, IoU track matching with its loss checks, and the plan of an import's sequences and tracks.
import { describe, expect, it } from 'vitest';
import type { Box } from '../../../shared/domain';
import { createMask, maskToRle } from '../../../shared/geometry';
import {
  describeGaps,
  framesByFileName,
  missingFrames,
  naturalCompare,
  oddSizedFrames,
} from '../../../shared/sequences/frame-order';
import { planImportedSequences } from '../../../shared/sequences/imported';
import { interpolateTrack } from '../../../shared/sequences/interpolate';
import { promptFromMask } from '../../../shared/sequences/mask-prompt';
import { lossReason, matchTracks } from '../../../shared/sequences/track-matching';

/** A w x h mask with the pixels of the box filled. */
const boxMask = (w: number, h: number, [x1, y1, x2, y2]: Box) => {
  const m = createMask(w, h);
  for (let y = y1; y < y2; y++) for (let x = x1; x < x2; x++) m.data[y * w + x] = 1;
  return maskToRle(m);
};

describe('frame order', () => {
  it.each([
    ['frame2.jpg', 'frame10.jpg', -1],
    ['a-0000167.jpg', 'a-0000166.jpg', 1],
    ['img01.png', 'img1.png', 1],
    ['b.png', 'a.png', 1],
  ])('%s vs %s', (a, b, sign) => expect(Math.sign(naturalCompare(a, b))).toBe(sign));

  it('numbers a folder by file name, not by path order given', () => {
    const frames = framesByFileName([{ path: '/x/f10.jpg' }, { path: '/x/f2.jpg' }, { path: '/x/f1.jpg' }]);
    expect(frames.map((f) => [f.item.path, f.frame])).toEqual([
      ['/x/f1.jpg', 0],
      ['/x/f2.jpg', 1],
      ['/x/f10.jpg', 2],
    ]);
  });

  it.each([
    [[0, 1, 2], [], ''],
    [[0, 2], [[1, 1]], 'frame 1 is missing'],
    [
      [5, 0, 9],
      [
        [1, 4],
        [6, 8],
      ],
      'frames 1-4 and 6-8 are missing',
    ],
  ] as [number[], [number, number][], string][])('gaps of %j', (frames, gaps, words) => {
    expect(missingFrames(frames)).toEqual(gaps);
    expect(describeGaps(gaps)).toBe(words);
  });

  it('finds the frames of another size than most', () => {
    const odd = oddSizedFrames([
      { frame: 0, width: 1280, height: 720 },
      { frame: 1, width: 640, height: 480 },
      { frame: 2, width: 1280, height: 720 },
    ]);
    expect(odd).toMatchObject({ width: 1280, height: 720, odd: [{ frame: 1 }] });
  });
});

describe('box interpolation', () => {
  it.each([
    {
      name: 'halfway and a quarter',
      keys: [
        { frame: 0, box: [0, 0, 10, 10] },
        { frame: 4, box: [40, 20, 50, 30] },
      ],
      frames: [0, 1, 2, 3, 4, 5],
      want: [
        { frame: 1, box: [10, 5, 20, 15] },
        { frame: 2, box: [20, 10, 30, 20] },
        { frame: 3, box: [30, 15, 40, 25] },
      ],
    },
    {
      name: 'by frame number over a gap, three keyframes',
      keys: [
        { frame: 10, box: [0, 0, 3, 3] },
        { frame: 13, box: [3, 0, 6, 3] },
        { frame: 14, box: [4, 0, 7, 3] },
      ],
      frames: [10, 12, 13, 14],
      want: [{ frame: 12, box: [2, 0, 5, 3] }],
    },
    { name: 'one keyframe: nothing', keys: [{ frame: 0, box: [0, 0, 1, 1] }], frames: [0, 1], want: [] },
  ] as { name: string; keys: { frame: number; box: Box }[]; frames: number[]; want: unknown }[])(
    '$name',
    ({ keys, frames, want }) => expect(interpolateTrack(keys, frames)).toEqual(want),
  );

  it('scales the keyframes to a frame of another size (half-size frame 1, keyframes at full size)', () => {
    const full = { width: 200, height: 100 };
    const sizes = new Map([
      [0, full],
      [1, { width: 100, height: 50 }],
      [2, full],
      [3, full],
    ]);
    const keys: { frame: number; box: Box }[] = [
      { frame: 0, box: [0, 0, 20, 20] },
      { frame: 3, box: [60, 30, 80, 50] },
    ];
    expect(interpolateTrack(keys, [0, 1, 2, 3], sizes)).toEqual([
      { frame: 1, box: [10, 5, 20, 15] },
      { frame: 2, box: [40, 20, 60, 40] },
    ]);
  });
});

describe('the fallback prompt from a mask', () => {
  it('takes the widened box and a point on the mask', () => {
    const p = promptFromMask(boxMask(100, 50, [20, 10, 40, 30]))!;
    expect(p.box).toEqual([18, 8, 42, 32]);
    // The centroid (30, 20) lies between pixels: the first nearest one.
    expect(p.point).toEqual([29.5, 20.5]);
  });

  it('puts the point on a C-shaped mask, not in its hole', () => {
    const m = createMask(30, 30);
    for (let y = 0; y < 30; y++)
      for (let x = 0; x < 30; x++) if (x < 5 || y < 5 || y >= 25) m.data[y * 30 + x] = 1;
    const [x, y] = promptFromMask(maskToRle(m))!.point;
    expect(m.data[Math.floor(y) * 30 + Math.floor(x)]).toBe(1);
  });

  it('has none for an empty mask', () => expect(promptFromMask(boxMask(10, 10, [0, 0, 0, 0]))).toBeNull());
});

describe('track matching', () => {
  const a = boxMask(100, 100, [0, 0, 20, 20]);
  const b = boxMask(100, 100, [60, 60, 90, 90]);
  it('pairs each object with the new mask it overlaps, whatever the order', () => {
    const steps = matchTracks(
      [a, b],
      [
        { rle: boxMask(100, 100, [62, 62, 92, 92]), score: 0.9 },
        { rle: boxMask(100, 100, [2, 1, 22, 21]), score: 0.8 },
      ],
    );
    expect(steps).toMatchObject([
      { kept: true, candidate: 1 },
      { kept: true, candidate: 0 },
    ]);
  });

  it.each([
    [{ rle: boxMask(100, 100, [0, 0, 20, 20]), score: 0.1 }, /score 0.10 is under 0.3/],
    [{ rle: boxMask(100, 100, [0, 0, 5, 5]), score: 0.9 }, /area went from 400 to 25 px/],
    [{ rle: boxMask(100, 100, [12, 12, 32, 32]), score: 0.9 }, /IoU 0.09 only/],
    [{ rle: boxMask(100, 100, [1, 0, 21, 20]), score: 0.9 }, null],
  ] as const)('loss checks %#', (next, reason) => {
    const got = lossReason(a, next);
    if (reason === null) expect(got).toBeNull();
    else expect(got).toMatch(reason);
  });

  it('says an object is lost when no mask overlaps it', () => {
    expect(matchTracks([a], [{ rle: b, score: 0.9 }])[0]).toEqual({
      kept: false,
      reason: 'no new mask overlaps it (best IoU 0.00)',
    });
  });
});

describe('the plan of an import', () => {
  it('groups frames by video and objects by id, ignore regions in no track', () => {
    const { sequences, problems } = planImportedSequences([
      {
        index: 0,
        where: 'a',
        attributes: { videoName: 'v', frameIndex: 1 },
        objects: [{ sourceId: '7' }, { sourceId: 3, ignore: true }],
      },
      { index: 1, where: 'b', attributes: { videoName: 'v', frameIndex: 0 }, objects: [{ sourceId: 7 }] },
      { index: 2, where: 'c', objects: [{ sourceId: '7' }] },
    ]);
    expect(problems).toEqual([]);
    expect(sequences).toHaveLength(1);
    expect(sequences[0]!.frames).toEqual([
      { index: 0, frame: 1 },
      { index: 1, frame: 0 },
    ]);
    expect([...sequences[0]!.tracks]).toEqual([
      [
        '7',
        [
          { index: 0, object: 0 },
          { index: 1, object: 0 },
        ],
      ],
    ]);
  });

  it('refuses a frame number twice; keeps a track twice on a frame, the second object outside the track', () => {
    const { sequences, problems, conflicts } = planImportedSequences([
      { index: 0, where: 'a', attributes: { videoName: 'v', frameIndex: 1 }, objects: [] },
      { index: 1, where: 'b', attributes: { videoName: 'v', frameIndex: 1 }, objects: [] },
      {
        index: 2,
        where: 'c',
        attributes: { videoName: 'v', frameIndex: 2 },
        objects: [{ sourceId: 4 }, { sourceId: 5 }, { sourceId: '4' }],
      },
    ]);
    expect(problems).toEqual([{ where: 'b', index: 1, message: 'Frame 1 of sequence "v" is already a.' }]);
    expect(conflicts).toEqual([
      {
        where: 'c',
        index: 2,
        object: 2,
        message:
          'Track 4 has two objects on frame 2 of sequence "v" (objects 1 and 3); a track has one per frame, so object 3 is imported outside any track.',
      },
    ]);
    expect(sequences[0]!.frames).toEqual([
      { index: 0, frame: 1 },
      { index: 2, frame: 2 },
    ]);
    expect([...sequences[0]!.tracks]).toEqual([
      ['4', [{ index: 2, object: 0 }]],
      ['5', [{ index: 2, object: 1 }]],
    ]);
  });
});
