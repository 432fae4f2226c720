// Bad input to sequences through the studio's dispatch, on real image files and a real project file, with
// a box-filling stand-in engine: a gap in the frame numbers (shown as a problem, propagation stops before it
// with the reason, and refuses to start into one), frames of another size (propagation refuses to carry a
// mask across, interpolation scales the boxes), a track twice on one frame (refused at the API, counted and
// kept outside the track from an import file), a frame's file gone mid-propagation; nothing saved half.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Studio } from '../../electron/studio/create-studio';
import type { BatchItem, BatchJob } from '../../shared/api/batch';
import type { SequenceFrame, SequenceSummary, Track, TrackMember } from '../../shared/api/sequences';
import type { Annotation, ImageRecord } from '../../shared/domain';
import { createMask, maskToRle } from '../../shared/geometry';
import { FillSegmenter } from '../helpers/fill-segmenter';
import { makeImage } from '../helpers/images';
import { createTestStudio, projectWithImages, studioCaller } from '../helpers/studio-server';
import { makeTempDir } from '../helpers/temp-dir';

/** A 32x24 frame's mask: a block at (10..18, 8..14). */
function blockRle(width = 32, height = 24) {
  const mask = createMask(width, height);
  for (let y = 8; y < 14; y++) for (let x = 10; x < 18; x++) mask.data[y * width + x] = 1;
  return maskToRle(mask);
}

describe('sequences: bad input', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let studio: Studio;
  let project: string;
  let images: ImageRecord[];
  let label: number;
  const { call, result } = studioCaller(() => studio);
  const named = (name: string) => images.find((i) => i.path.endsWith(`/${name}`))!;

  /** The images f0..f<n-1> (sizes by index) as a sequence numbered `numbers`. */
  async function sequenceOf(numbers: number[], sizes: Record<number, [number, number]> = {}) {
    const folder = join(tmp.dir, 'frames');
    for (let i = 0; i < numbers.length; i++) {
      const [width, height] = sizes[i] ?? [32, 24];
      await makeImage(folder, `f${i}.png`, { width, height, format: 'png', pattern: i + 1 });
    }
    ({ project, images } = await projectWithImages(call, tmp.dir, folder));
    label = (await call<{ id: number }>('labels.create', { project, name: 'car' })).id;
    const made = await call<SequenceSummary>('sequences.create', {
      project,
      name: 'drive',
      folder,
    });
    const frames = await call<SequenceFrame[]>('sequences.frames', { project, sequenceId: made.id });
    return call<SequenceSummary>('sequences.setFrames', {
      project,
      sequenceId: made.id,
      frames: frames.map((f, i) => ({ imageId: f.imageId, frame: numbers[i]! })),
    });
  }
  const maskOn = async (name: string) =>
    (
      await call<Annotation[]>('annotations.save', {
        project,
        imageId: named(name).id,
        upserts: [
          {
            labelId: label,
            kind: 'mask',
            geometry: { kind: 'mask', box: [10, 8, 18, 14] },
            rle: blockRle(),
          },
        ],
      })
    ).at(-1)!;
  const settled = async (jobId: number) => {
    for (;;) {
      const job = await call<BatchJob>('batch.get', { project, jobId });
      if (job.status !== 'running' && job.status !== 'queued') return job;
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const itemsOf = async (jobId: number) =>
    (await call<{ items: BatchItem[] }>('batch.items', { project, jobId })).items;
  const tracksOf = (sequenceId: number) => call<Track[]>('sequences.tracks', { project, sequenceId });

  beforeEach(() => {
    tmp = makeTempDir('vps-seq-bad-');
    studio = createTestStudio(tmp.dir, {
      env: { VISPROMPT_MODELS_DIR: join(tmp.dir, 'no-models') },
      engines: { classical: () => new FillSegmenter() },
    });
  });
  afterEach(async () => {
    await studio.close();
    tmp.cleanup();
  });

  it('a gap in the frame numbers: a problem of the sequence; propagation stops before it and says why', async () => {
    const seq = await sequenceOf([0, 1, 2, 5, 6]);
    expect(seq.problems).toEqual(['Frames 3-4 are missing']);
    const start = await maskOn('f0.png');
    const job = await settled(
      (await call<BatchJob>('sequences.propagate', { project, annotationIds: [start.id], forward: 10 })).id,
    );
    // Frames 1 and 2 only: the job holds no frame past the gap.
    expect(job).toMatchObject({ status: 'done', proposals: 2 });
    expect((await itemsOf(job.id)).map((i) => i.imageId)).toEqual([named('f1.png').id, named('f2.png').id]);
    const [track] = await tracksOf(seq.id);
    expect(track).toMatchObject({ frames: 3, first: 0, last: 2 });
    expect(track!.note).toBe(
      'Propagated forward to frame 2; it stopped after frame 2: frames 3-4 are missing (propagate again from frame 5 to go on).',
    );

    // Starting right before the gap (or after it, backwards): refused, no job, no track made.
    const before = await call<BatchJob[]>('batch.list', { project });
    const onFive = await maskOn('f3.png');
    await expect(
      call('sequences.propagate', { project, annotationIds: [onFive.id], forward: 0, backward: 3 }),
    ).rejects.toThrow(
      'invalid_input: Propagation does not jump a gap: it stopped before frame 5: frames 3-4 are missing (propagate again from frame 2 to go on).',
    );
    expect(await call<BatchJob[]>('batch.list', { project })).toHaveLength(before.length);
    expect(await call<TrackMember[]>('sequences.members', { project, imageId: named('f3.png').id })).toEqual(
      [],
    );

    // Both ways from frame 5: forward to 6 runs, and the track says backward stopped at the gap.
    const both = await settled(
      (
        await call<BatchJob>('sequences.propagate', {
          project,
          annotationIds: [onFive.id],
          forward: 1,
          backward: 1,
        })
      ).id,
    );
    expect(both).toMatchObject({ status: 'done', proposals: 1 });
  });

  it('frames of another size: propagation refuses to carry a mask across, interpolation scales the boxes', async () => {
    const seq = await sequenceOf([0, 1, 2, 3], { 2: [64, 48] });
    expect(seq.problems).toEqual(['Frame 2 is 64x48; the others are 32x24']);
    const start = await maskOn('f0.png');
    const job = await settled(
      (await call<BatchJob>('sequences.propagate', { project, annotationIds: [start.id], forward: 3 })).id,
    );
    const items = await itemsOf(job.id);
    expect(items.map((i) => [i.state, i.reason])).toEqual([
      ['done', null],
      [
        'failed',
        'Frame 2 is 64x48 and the frame before it 32x24; propagation does not carry a mask across frame sizes.',
      ],
      [
        'skipped',
        "Nothing left to propagate forward: every object stopped at an earlier frame (each track's note says why).",
      ],
    ]);
    expect(job.proposals).toBe(1);
    expect(await call<Annotation[]>('annotations.list', { project, imageId: named('f2.png').id })).toEqual(
      [],
    );
    const [track] = await tracksOf(seq.id);
    expect(track).toMatchObject({ frames: 2, first: 0, last: 1 });
    expect(track!.note).toBe(
      'Propagation stopped at frame 2: it is 64x48, the frame before it 32x24 (a mask is not carried across frame sizes).',
    );

    // A box track from frame 0 to 3 (32x24): frame 2 (64x48) gets the box in its own pixels, twice the size.
    const box = async (name: string, b: number[]) =>
      (
        await call<Annotation[]>('annotations.save', {
          project,
          imageId: named(name).id,
          upserts: [{ labelId: label, kind: 'box', geometry: { kind: 'box', box: b } }],
        })
      ).at(-1)!.id;
    const a = await box('f0.png', [0, 0, 6, 6]);
    const b = await box('f3.png', [12, 6, 18, 12]);
    const boxes = await call<Track>('sequences.createTrack', { project, annotationIds: [a, b] });
    expect(
      await call('sequences.interpolate', { project, sequenceId: seq.id, trackIds: [boxes.id] }),
    ).toEqual({ created: 2, tracks: 1 });
    const geometryOn = async (name: string) =>
      (await call<Annotation[]>('annotations.list', { project, imageId: named(name).id })).find(
        (x) => x.kind === 'box',
      )!.geometry;
    expect(await geometryOn('f1.png')).toEqual({ kind: 'box', box: [4, 2, 10, 8] });
    expect(await geometryOn('f2.png')).toEqual({ kind: 'box', box: [16, 8, 28, 20] });
  });

  it('a track twice on one frame: refused at the API with nothing written', async () => {
    const seq = await sequenceOf([0, 1]);
    const a = await maskOn('f0.png');
    const b = await maskOn('f0.png');
    await expect(call('sequences.createTrack', { project, annotationIds: [a.id, b.id] })).rejects.toThrow(
      /conflict: Track 0 already has annotation \d+ on frame 0; a track has one per frame\./,
    );
    expect(await tracksOf(seq.id)).toEqual([]);
    const track = await call<Track>('sequences.createTrack', { project, annotationIds: [a.id] });
    await expect(
      call('sequences.assign', { project, annotationId: b.id, trackId: track.id }),
    ).rejects.toThrow(/conflict: Track 0 already has annotation \d+ on frame 0/);
    expect(
      (await call<TrackMember[]>('sequences.members', { project, imageId: named('f0.png').id })).map(
        (m) => m.annotationId,
      ),
    ).toEqual([a.id]);
  });

  it('an import file with a track twice on a frame: every object imported, the second in no track, counted', async () => {
    const folder = join(tmp.dir, 'frames');
    for (let i = 0; i < 2; i++)
      await makeImage(folder, `f${i}.png`, { width: 32, height: 24, format: 'png', pattern: i + 1 });
    project = (
      await call<{ path: string }>('projects.create', { path: join(tmp.dir, 'p.vpstudio'), name: 'p' })
    ).path;
    const box = (x: number) => ({ x1: x, y1: 2, x2: x + 6, y2: 10 });
    const labels = join(tmp.dir, 'tracks.json');
    writeFileSync(
      labels,
      JSON.stringify([
        {
          name: 'f0.png',
          videoName: 'v',
          frameIndex: 0,
          labels: [{ id: '7', category: 'car', box2d: box(2) }],
        },
        {
          name: 'f1.png',
          videoName: 'v',
          frameIndex: 1,
          labels: [
            { id: '7', category: 'car', box2d: box(4) },
            { id: '8', category: 'car', box2d: box(14) },
            { id: '7', category: 'car', box2d: box(22) },
          ],
        },
      ]),
    );
    const report = await result<{
      annotations: number;
      trackConflicts: number;
      recordsSkipped: number;
      issues: { items: { where: string; message: string }[] };
    }>(
      (
        await call<{ jobId: string }>('datasets.import', {
          project,
          format: 'bdd100k',
          labels,
          images: folder,
        })
      ).jobId,
    );
    expect(report).toMatchObject({ annotations: 4, trackConflicts: 1, recordsSkipped: 0 });
    expect(report.issues.items.map((i) => i.message)).toContain(
      'Track 7 has two objects on frame 1 of sequence "v" (objects 1 and 3); a track has one per frame, so object 3 is imported outside any track.',
    );
    const [seq] = await call<SequenceSummary[]>('sequences.list', { project });
    const tracks = await tracksOf(seq!.id);
    expect(tracks.map((t) => [t.key, t.frames])).toEqual([
      ['7', 2],
      ['8', 1],
    ]);
    images = (await call<{ items: ImageRecord[] }>('images.list', { project })).items;
    const onOne = await call<Annotation[]>('annotations.list', { project, imageId: named('f1.png').id });
    const members = await call<TrackMember[]>('sequences.members', { project, imageId: named('f1.png').id });
    expect(onOne).toHaveLength(3);
    const outside = onOne.filter((x) => !members.some((m) => m.annotationId === x.id));
    expect(outside.map((x) => x.geometry)).toEqual([{ kind: 'box', box: [22, 2, 28, 10] }]);
  });

  it('a frame file gone mid-way: the frames before keep their proposals, the rest say why', async () => {
    const seq = await sequenceOf([0, 1, 2, 3]);
    rmSync(named('f2.png').path);
    const start = await maskOn('f0.png');
    const job = await settled(
      (await call<BatchJob>('sequences.propagate', { project, annotationIds: [start.id], forward: 3 })).id,
    );
    expect((await itemsOf(job.id)).map((i) => [i.state, i.reason])).toEqual([
      ['done', null],
      ['skipped', `The image file of frame 2 is gone: ${named('f2.png').path}.`],
      [
        'skipped',
        "Nothing left to propagate forward: every object stopped at an earlier frame (each track's note says why).",
      ],
    ]);
    const [track] = await tracksOf(seq.id);
    expect(track).toMatchObject({ frames: 2, first: 0, last: 1 });
    expect(track!.note).toBe(
      `Propagation stopped at frame 2: its image file is gone (${named('f2.png').path}).`,
    );
    expect(await call<Annotation[]>('annotations.list', { project, imageId: named('f3.png').id })).toEqual(
      [],
    );
  });
});
