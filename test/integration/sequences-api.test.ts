// Sequences and tracks through the studio's dispatch, on the shared BDD100K MOTS frames (two consecutive
// frames of one video) and the KITTI tracking frame: imports become sequences whose tracks keep the datasets'
// ids; a car propagated to the next frame lands as a proposal in its track (the job a real batch job); the bad
// inputs are refused with messages and nothing half-written.
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Studio } from '../../electron/studio/create-studio';
import type { BatchItem, BatchJob } from '../../shared/api/batch';
import type { SequenceFrame, SequenceSummary, Track, TrackMember } from '../../shared/api/sequences';
import type { ImagePage } from '../../shared/api';
import type { Annotation, ProjectInfo, Rle } from '../../shared/domain';
import { DRIVING_SAMPLE, hasSharedAssets } from '../helpers/shared-assets';
import { createTestStudio, projectWithImages, studioCaller } from '../helpers/studio-server';
import { makeTempDir } from '../helpers/temp-dir';
import { TruthSegmenter } from '../helpers/truth-segmenter';
import { FillSegmenter } from '../helpers/fill-segmenter';
import { writeFrames } from './batch-fixtures';
import type { Segmenter } from '../../electron/inference/segmenter';
import { createMask, maskToRle, rleIou } from '../../shared/geometry';

const MOTS = join(DRIVING_SAMPLE, 'bdd100k_mots');
const VIDEO = '00091078-875c1f73';
const frameFile = (n: number) => join(MOTS, `${VIDEO}-0000${n}.json`);
type Label = { id: string; category: string; rle?: Rle };
const motsLabels = (n: number) =>
  (JSON.parse(readFileSync(frameFile(n), 'utf8')) as { labels: Label[] }[])[0]!.labels;

/** Ground truth by image file name: what the stand-in segmenter answers from. */
const truthOf = (path: string) => {
  const m = /-0000(\d+)\.jpg$/.exec(basename(path));
  return m ? motsLabels(Number(m[1])).flatMap((l) => (l.rle ? [l.rle] : [])) : [];
};

describe.skipIf(!hasSharedAssets)('sequences API on the shared driving frames', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let studio: Studio;
  let project: string;
  const { call, result } = studioCaller(() => studio);

  beforeEach(async () => {
    tmp = makeTempDir('vps-seq-');
    studio = createTestStudio(tmp.dir, {
      env: { VISPROMPT_MODELS_DIR: join(tmp.dir, 'no-models') },
      engines: { classical: () => new TruthSegmenter(truthOf) },
    });
    project = (await call<ProjectInfo>('projects.create', { path: join(tmp.dir, 'p.vpstudio'), name: 'p' }))
      .path;
  });
  afterEach(async () => {
    await studio.close();
    tmp.cleanup();
  });

  const importFile = async (format: string, labels: string, images: string) =>
    result<{ annotations: number; issues: { items: { message: string }[] } }>(
      (await call<{ jobId: string }>('datasets.import', { project, format, labels, images })).jobId,
    );
  const imageNamed = async (name: string) =>
    (await call<ImagePage>('images.list', { project })).items.find((i) => basename(i.path) === name)!;
  const settled = async (jobId: number) => {
    for (;;) {
      const job = await call<BatchJob>('batch.get', { project, jobId });
      if (job.status !== 'running' && job.status !== 'queued') return job;
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  it('imports the two MOTS frames as one sequence whose tracks are the label ids', async () => {
    await importFile('bdd100k', frameFile(166), MOTS);
    await importFile('bdd100k', frameFile(167), MOTS);
    const [sequence] = await call<SequenceSummary[]>('sequences.list', { project });
    expect(sequence).toMatchObject({
      name: VIDEO,
      origin: 'import',
      frames: 2,
      first: 165,
      last: 166,
      problems: [],
    });
    const tracks = await call<Track[]>('sequences.tracks', { project, sequenceId: sequence!.id });
    const ids = new Set([...motsLabels(166), ...motsLabels(167)].map((l) => l.id));
    expect(new Set(tracks.map((t) => t.key))).toEqual(ids);
    // A track on both frames has two annotations, one on each.
    const both = motsLabels(166).filter((l) => motsLabels(167).some((m) => m.id === l.id));
    expect(both.length).toBeGreaterThan(0);
    for (const l of both)
      expect(tracks.find((t) => t.key === l.id)).toMatchObject({ frames: 2, first: 165, last: 166 });

    const image = await imageNamed(`${VIDEO}-0000166.jpg`);
    const members = await call<TrackMember[]>('sequences.members', { project, imageId: image.id });
    const annotations = await call<Annotation[]>('annotations.list', { project, imageId: image.id });
    expect(members).toHaveLength(motsLabels(166).length);
    // Each member's key is the id of the label whose mask the annotation holds.
    for (const m of members) {
      const a = annotations.find((x) => x.id === m.annotationId)!;
      expect(motsLabels(166).find((l) => l.id === m.key)!.rle!.counts).toBe(a.rle!.counts);
    }
  });

  it('imports the KITTI tracking frame as frame 0 of sequence 0001 with its track ids (DontCare in none)', async () => {
    const kitti = join(DRIVING_SAMPLE, 'kitti_tracking');
    await importFile('kitti-tracking', join(kitti, '0001_000000.txt'), kitti);
    const [sequence] = await call<SequenceSummary[]>('sequences.list', { project });
    expect(sequence).toMatchObject({ name: '0001', frames: 1, first: 0 });
    const lines = readFileSync(join(kitti, '0001_000000.txt'), 'utf8').trim().split('\n');
    const cars = lines.filter((l) => l.split(' ')[2] !== 'DontCare').map((l) => l.split(' ')[1]);
    const tracks = await call<Track[]>('sequences.tracks', { project, sequenceId: sequence!.id });
    expect(tracks.map((t) => t.key).sort()).toEqual(cars.sort());
  });

  it('propagates a car to the next frame into its track, and stops at a frame already accepted', async () => {
    await importFile('bdd100k', frameFile(166), MOTS);
    await importFile('bdd100k', frameFile(167), MOTS);
    const first = await imageNamed(`${VIDEO}-0000166.jpg`);
    const next = await imageNamed(`${VIDEO}-0000167.jpg`);
    const car = motsLabels(166).find(
      (l) => l.category === 'car' && motsLabels(167).some((m) => m.id === l.id),
    )!;
    const members = await call<TrackMember[]>('sequences.members', { project, imageId: first.id });
    const start = members.find((m) => m.key === car.id)!;

    // The track is accepted on the next frame already: the job proposes nothing there and says why.
    const stopped = await settled(
      (
        await call<BatchJob>('sequences.propagate', {
          project,
          annotationIds: [start.annotationId],
          forward: 1,
        })
      ).id,
    );
    expect(stopped.proposals).toBe(0);
    const tracks = async () =>
      call<Track[]>('sequences.tracks', {
        project,
        sequenceId: (await call<SequenceSummary[]>('sequences.list', { project }))[0]!.id,
      });
    expect((await tracks()).find((t) => t.id === start.trackId)!.note).toMatch(
      /stopped at frame 166: the track is already accepted/,
    );

    // Without it, the car is proposed on frame 166 in the same track, matching the ground truth.
    const theirs = (await call<TrackMember[]>('sequences.members', { project, imageId: next.id })).find(
      (m) => m.key === car.id,
    )!;
    await call('annotations.save', { project, imageId: next.id, deletes: [theirs.annotationId] });
    const job = await settled(
      (
        await call<BatchJob>('sequences.propagate', {
          project,
          annotationIds: [start.annotationId],
          forward: 1,
        })
      ).id,
    );
    expect(job).toMatchObject({ kind: 'propagate', status: 'done', proposals: 1 });
    const proposed = (await call<TrackMember[]>('sequences.members', { project, imageId: next.id })).find(
      (m) => m.key === car.id,
    )!;
    const [mask] = await call<Annotation[]>('annotations.list', { project, imageId: next.id }).then((all) =>
      all.filter((a) => a.id === proposed.annotationId),
    );
    expect(mask).toMatchObject({ reviewState: 'proposed', source: 'model', jobId: job.id });
    const truth = motsLabels(167).find((l) => l.id === car.id)!.rle!;
    expect(rleIou(mask!.rle!, truth)).toBeGreaterThan(0.99);

    // Propagating again replaces the track's proposal on the frame rather than adding a second one.
    await settled(
      (
        await call<BatchJob>('sequences.propagate', {
          project,
          annotationIds: [start.annotationId],
          forward: 1,
        })
      ).id,
    );
    const again = (await call<TrackMember[]>('sequences.members', { project, imageId: next.id })).filter(
      (m) => m.key === car.id,
    );
    expect(again).toHaveLength(1);
    expect(again[0]!.annotationId).not.toBe(proposed.annotationId);
    // The replaced proposal's history says it went, and the new one waits in the review queue.
    const history = await call<{ action: string; detail: unknown }[]>('review.history', {
      project,
      annotationId: proposed.annotationId,
    });
    expect(history.at(-1)).toMatchObject({
      action: 'edit',
      detail: { deleted: true, reason: 'replaced by a newer proposal of its track' },
    });
    const queue = await call<{ items: { imageId: number }[] }>('review.queue', { project, filter: {} });
    expect(queue.items.map((i) => i.imageId)).toEqual([next.id]);
  });

  it('refuses bad input with messages and writes nothing half', async () => {
    await importFile('bdd100k', frameFile(166), MOTS);
    await importFile('bdd100k', frameFile(167), MOTS);
    const first = await imageNamed(`${VIDEO}-0000166.jpg`);
    const next = await imageNamed(`${VIDEO}-0000167.jpg`);
    const [a, b] = await call<TrackMember[]>('sequences.members', { project, imageId: first.id });
    const onNext = await call<TrackMember[]>('sequences.members', { project, imageId: next.id });
    // A track with two annotations on one frame.
    await expect(
      call('sequences.assign', { project, annotationId: b!.annotationId, trackId: a!.trackId }),
    ).rejects.toThrow(/conflict: Track .* already has annotation .* on frame 165; a track has one per frame/);
    expect(await call<TrackMember[]>('sequences.members', { project, imageId: first.id })).toContainEqual(b);
    // Merging two tracks that share a frame.
    const other = onNext.find(
      (m) => m.trackId !== a!.trackId && onNext.some((x) => x.trackId === a!.trackId),
    )!;
    await expect(
      call('sequences.merge', { project, trackId: a!.trackId, otherId: other.trackId }),
    ).rejects.toThrow(
      /conflict: Tracks .* both have an annotation on frames 165, 166; delete one of each first/,
    );
    const sequence = (await call<SequenceSummary[]>('sequences.list', { project }))[0]!;
    const frames = await call<SequenceFrame[]>('sequences.frames', { project, sequenceId: sequence.id });
    expect(frames.map((f) => f.frame)).toEqual([165, 166]);
    // An import whose frame holds one track twice: both objects land, the second in no track, counted and
    // reported (sequences-bad-input.test.ts has the tracks of such an import).
    const twice = motsLabels(166);
    const broken = join(tmp.dir, 'twice.json');
    writeFileSync(
      broken,
      JSON.stringify([
        {
          name: `${VIDEO}-0000166.jpg`,
          videoName: 'other',
          frameIndex: 3,
          labels: [twice[0], { ...twice[1], id: twice[0]!.id }],
        },
      ]),
    );
    const report = await result<{
      annotations: number;
      trackConflicts: number;
      issues: { items: { message: string }[] };
    }>(
      (
        await call<{ jobId: string }>('datasets.import', {
          project,
          format: 'bdd100k',
          labels: broken,
          images: MOTS,
        })
      ).jobId,
    );
    expect(report).toMatchObject({ annotations: 2, trackConflicts: 1 });
    expect(report.issues.items.map((i) => i.message)).toContainEqual(
      expect.stringMatching(/^Track \S+ has two objects on frame 3 of sequence "other" \(objects 1 and 2\)/),
    );
    // The image is a frame of the MOTS video already: it stays there, and no empty sequence "other" is made.
    expect((await call<SequenceSummary[]>('sequences.list', { project })).map((s) => s.name)).toEqual([
      VIDEO,
    ]);
  });

  it('warns of gaps in the frame numbers and of a frame of another size, and lands the rest', async () => {
    const copy = join(tmp.dir, 'mixed');
    mkdirSync(copy);
    for (const n of [166, 167]) copyFileSync(join(MOTS, `${VIDEO}-0000${n}.jpg`), join(copy, `f${n}.jpg`));
    copyFileSync(join(DRIVING_SAMPLE, 'kitti_tracking', '0001_000000.png'), join(copy, 'kitti.png'));
    const labels = join(tmp.dir, 'mixed.json');
    writeFileSync(
      labels,
      JSON.stringify([
        { name: 'f166.jpg', videoName: 'mix', frameIndex: 0, labels: [] },
        { name: 'f167.jpg', videoName: 'mix', frameIndex: 1, labels: [] },
        { name: 'kitti.png', videoName: 'mix', frameIndex: 5, labels: [] },
      ]),
    );
    const report = await importFile('bdd100k', labels, copy);
    const messages = report.issues.items.map((i) => i.message);
    expect(messages).toContain('In the import, frames 2-4 are missing.');
    expect(messages).toContain('Frame 5 of sequence "mix" is 1242x375; its other frames are 1280x720.');
    const [sequence] = await call<SequenceSummary[]>('sequences.list', { project });
    expect(sequence).toMatchObject({ name: 'mix', frames: 3 });
    expect(sequence!.problems).toEqual([
      'Frames 2-4 are missing',
      'Frame 5 is 1242x375; the others are 1280x720',
    ]);
  });

  it('stops where a frame file is gone, and refuses to start from one', async () => {
    const copy = join(tmp.dir, 'frames');
    mkdirSync(copy);
    for (const n of [166, 167])
      copyFileSync(join(MOTS, `${VIDEO}-0000${n}.jpg`), join(copy, `${VIDEO}-0000${n}.jpg`));
    await importFile('bdd100k', frameFile(166), copy);
    await importFile('bdd100k', frameFile(167), copy);
    const first = await imageNamed(`${VIDEO}-0000166.jpg`);
    const next = await imageNamed(`${VIDEO}-0000167.jpg`);
    const start = (await call<TrackMember[]>('sequences.members', { project, imageId: first.id }))[0]!;
    const theirs = (await call<TrackMember[]>('sequences.members', { project, imageId: next.id })).find(
      (m) => m.trackId === start.trackId,
    )!;
    await call('annotations.save', { project, imageId: next.id, deletes: [theirs.annotationId] });
    rmSync(next.path);
    const job = await settled(
      (
        await call<BatchJob>('sequences.propagate', {
          project,
          annotationIds: [start.annotationId],
          forward: 1,
        })
      ).id,
    );
    const { items } = await call<{ items: BatchItem[] }>('batch.items', { project, jobId: job.id });
    expect(items[0]).toMatchObject({
      state: 'skipped',
      reason: `The image file of frame 166 is gone: ${next.path}.`,
    });
    const sequence = (await call<SequenceSummary[]>('sequences.list', { project }))[0]!;
    const track = (await call<Track[]>('sequences.tracks', { project, sequenceId: sequence.id })).find(
      (t) => t.id === start.trackId,
    )!;
    expect(track.note).toBe(`Propagation stopped at frame 166: its image file is gone (${next.path}).`);
    expect(track.frames).toBe(1);

    rmSync(first.path);
    await expect(
      call('sequences.propagate', { project, annotationIds: [start.annotationId], forward: 1 }),
    ).rejects.toThrow(`not_found: The image file of the start frame is gone: ${first.path}.`);
    expect(await call<BatchJob[]>('batch.list', { project })).toHaveLength(1);
  });
});

describe('propagation paused and resumed', () => {
  it('goes on from its own proposal on the frame before, the same object on every frame', async () => {
    const tmp = makeTempDir('vps-seq-resume-');
    const segmenter = new FillSegmenter();
    const slow: Segmenter = {
      engine: segmenter.engine,
      modelId: segmenter.modelId,
      prepare: (image, signal) => segmenter.prepare(image, signal),
      segment: async (image, prompt, options) => {
        await new Promise((r) => setTimeout(r, 150));
        return segmenter.segment(image, prompt, options);
      },
      dispose: () => segmenter.dispose(),
    };
    const studio = createTestStudio(tmp.dir, {
      env: { VISPROMPT_MODELS_DIR: join(tmp.dir, 'no-models') },
      engines: { classical: () => slow },
    });
    const { call } = studioCaller(() => studio);
    try {
      await writeFrames(join(tmp.dir, 'frames'), 6);
      const { project, images } = await projectWithImages(call, tmp.dir, join(tmp.dir, 'frames'));
      const sequence = await call<SequenceSummary>('sequences.create', {
        project,
        name: 'walk',
        imageIds: images.map((i) => i.id),
      });
      const frames = await call<SequenceFrame[]>('sequences.frames', { project, sequenceId: sequence.id });
      const label = (await call<{ id: number }>('labels.create', { project, name: 'thing' })).id;
      const mask = createMask(32, 24);
      for (let y = 8; y < 14; y++) for (let x = 10; x < 18; x++) mask.data[y * 32 + x] = 1;
      const [start] = await call<Annotation[]>('annotations.save', {
        project,
        imageId: frames[0]!.imageId,
        upserts: [
          {
            labelId: label,
            kind: 'mask',
            geometry: { kind: 'mask', box: [10, 8, 18, 14] },
            rle: maskToRle(mask),
          },
        ],
      });
      const job = await call<BatchJob>('sequences.propagate', {
        project,
        annotationIds: [start!.id],
        forward: 5,
      });
      for (;;) {
        const now = await call<BatchJob>('batch.get', { project, jobId: job.id });
        if (now.counts.done >= 2) break;
        await new Promise((r) => setTimeout(r, 10));
      }
      await call('batch.pause', { project, jobId: job.id });
      const paused = await call<BatchJob>('batch.get', { project, jobId: job.id });
      expect(paused.status).toBe('paused');
      expect(paused.counts.done).toBeLessThan(5);
      await call('batch.resume', { project, jobId: job.id });
      let end = paused;
      for (;;) {
        end = await call<BatchJob>('batch.get', { project, jobId: job.id });
        if (end.status !== 'running' && end.status !== 'queued') break;
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(end).toMatchObject({ status: 'done', proposals: 5 });
      const [track] = await call<Track[]>('sequences.tracks', { project, sequenceId: sequence.id });
      expect(track).toMatchObject({ frames: 6, first: 0, last: 5 });
    } finally {
      await studio.close();
      tmp.cleanup();
    }
  });
});
