// Propagation through a SAM 2-family video model, on the shared BDD100K MOTS frames: with the SAM 2 test graphs
// (test/helpers/sam-test-models.ts: the I/O of the manifest's 'sam2-hiera-tiny', samexporter's export) in the
// models folder, three cars accepted on frame 0 of a six-frame sequence (the two MOTS frames taken in turn) are
// proposed on the next frames by that model (the proposals' model says so), each carried by its own previous
// mask; the car painted out of frame 4 is lost there, with the reason in its track's note, and the other two
// go on to the end. A decoder file that is corrupt, of another contract or missing stops the job with a
// message naming it, instead of the fallback answering in its place.
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Studio } from '../../electron/studio/create-studio';
import type { BatchJob } from '../../shared/api/batch';
import type { SequenceSummary, Track, TrackMember } from '../../shared/api/sequences';
import type { Annotation, Box, Rle } from '../../shared/domain';
import { rleArea, rleIou, rleToBox } from '../../shared/geometry';
import { FillSegmenter } from '../helpers/fill-segmenter';
import { samTestDecoder, SAM2_DECODER, writeSam2TestModels } from '../helpers/sam-test-models';
import { DRIVING_SAMPLE, hasSharedAssets } from '../helpers/shared-assets';
import { createTestStudio, projectWithImages, studioCaller } from '../helpers/studio-server';
import { makeTempDir } from '../helpers/temp-dir';

const MOTS = join(DRIVING_SAMPLE, 'bdd100k_mots');
const VIDEO = '00091078-875c1f73';
const motsFrame = (n: number) => join(MOTS, `${VIDEO}-0000${n}.jpg`);
type Label = { id: string; category: string; rle?: Rle };
const labels166 = () =>
  (JSON.parse(readFileSync(join(MOTS, `${VIDEO}-0000166.json`), 'utf8')) as { labels: Label[] }[])[0]!.labels;
/** Three cars of frame 166; the third is painted out of frame 4. */
const CARS = ['609', '1218', '89287'];
const PAINTED = '89287';

describe.skipIf(!hasSharedAssets)('propagation with a SAM 2 video model (test graphs)', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let studio: Studio;
  let modelsDir: string;
  const { call } = studioCaller(() => studio);

  beforeEach(() => {
    tmp = makeTempDir('vps-sam2-');
    modelsDir = join(tmp.dir, 'models');
    writeSam2TestModels(modelsDir);
    studio = createTestStudio(tmp.dir, {
      env: { VISPROMPT_MODELS_DIR: modelsDir },
      // No SAM in the folder: the fallback would use this segmenter, whose masks are filled boxes.
      engines: { classical: () => new FillSegmenter() },
    });
  });
  afterEach(async () => {
    await studio.close();
    tmp.cleanup();
  });

  /** Frames 0-5: MOTS 166, 167, 166, 167, 166 with the painted car blacked out (PNG), 167. */
  async function sequenceOfFrames() {
    const folder = join(tmp.dir, 'frames');
    mkdirSync(folder);
    const truth = new Map(labels166().map((l) => [l.id, l.rle!]));
    for (const k of [0, 1, 2, 3, 5]) copyFileSync(motsFrame(166 + (k % 2)), join(folder, `f${k}.jpg`));
    // The painted car's box, widened past the propagation prompt's margin, painted black on frame 4.
    const [x1, y1, x2, y2] = rleToBox(truth.get(PAINTED)!);
    const [mx, my] = [(x2 - x1) * 0.25 + 8, (y2 - y1) * 0.25 + 8];
    const [left, top] = [Math.max(0, Math.floor(x1 - mx)), Math.max(0, Math.floor(y1 - my))];
    const [width, height] = [Math.ceil(x2 + mx) - left, Math.ceil(y2 + my) - top];
    const black = await sharp({
      create: { width, height, channels: 3, background: { r: 0, g: 0, b: 0 } },
    })
      .png()
      .toBuffer();
    await sharp(motsFrame(166))
      .composite([{ input: black, left, top }])
      .png()
      .toFile(join(folder, 'f4.png'));
    const { project, images } = await projectWithImages(call, tmp.dir, folder);
    const ordered = [...images].sort((a, b) => basename(a.path).localeCompare(basename(b.path)));
    const sequence = await call<SequenceSummary>('sequences.create', {
      project,
      name: VIDEO,
      imageIds: ordered.map((i) => i.id),
    });
    const label = (await call<{ id: number }>('labels.create', { project, name: 'car' })).id;
    const starts = await call<Annotation[]>('annotations.save', {
      project,
      imageId: ordered[0]!.id,
      upserts: CARS.map((id) => ({
        labelId: label,
        kind: 'mask',
        geometry: { kind: 'mask', box: rleToBox(truth.get(id)!) as Box },
        rle: truth.get(id)!,
      })),
    });
    return { project, frames: ordered, sequence, starts, truth };
  }

  const settled = async (project: string, jobId: number) => {
    for (;;) {
      const job = await call<BatchJob>('batch.get', { project, jobId });
      if (job.status !== 'running' && job.status !== 'queued') return job;
      await new Promise((r) => setTimeout(r, 25));
    }
  };

  it('carries three cars over five frames with the SAM 2 model and stops the one painted out', async () => {
    const { project, frames, sequence, starts, truth } = await sequenceOfFrames();
    const job = await settled(
      project,
      (
        await call<BatchJob>('sequences.propagate', {
          project,
          annotationIds: starts.map((a) => a.id),
          forward: 5,
        })
      ).id,
    );
    // Two cars on frames 1-5, the painted one on frames 1-3.
    expect(job).toMatchObject({ kind: 'propagate', status: 'done', proposals: 13, error: null });

    const tracks = await call<Track[]>('sequences.tracks', { project, sequenceId: sequence.id });
    const memberTrack = new Map(
      (await call<TrackMember[]>('sequences.members', { project, imageId: frames[0]!.id })).map((m) => [
        m.annotationId,
        m.trackId,
      ]),
    );
    const trackOf = (annotationId: number) => tracks.find((t) => t.id === memberTrack.get(annotationId));
    for (const [k, start] of starts.entries()) {
      const car = CARS[k]!;
      const track = trackOf(start.id)!;
      const last = car === PAINTED ? 3 : 5;
      expect(track).toMatchObject({ frames: last + 1, first: 0, last });
      for (let f = 1; f <= 5; f++) {
        const member = (
          await call<TrackMember[]>('sequences.members', { project, imageId: frames[f]!.id })
        ).find((m) => m.trackId === track.id);
        if (f > last) {
          expect(member, `${car} on frame ${f}`).toBeUndefined();
          continue;
        }
        const [mask] = (
          await call<Annotation[]>('annotations.list', { project, imageId: frames[f]!.id })
        ).filter((a) => a.id === member!.annotationId);
        // The video model's proposal, waiting for review: its own previous mask carried it (the test decoder
        // answers the fed-back mask inside the prompt's box), so it is still that car.
        expect(mask).toMatchObject({
          source: 'model',
          modelId: 'sam2-hiera-tiny',
          reviewState: 'proposed',
          jobId: job.id,
        });
        expect(mask!.score).toBeCloseTo(SAM2_DECODER.scores[1], 1);
        expect(rleIou(mask!.rle!, truth.get(car)!)).toBeGreaterThan(0.9);
      }
    }
    const painted = trackOf(starts[CARS.indexOf(PAINTED)]!.id)!;
    expect(painted.note).toBe('Propagation lost the object at frame 4: the new mask is empty.');
    for (const car of CARS.filter((c) => c !== PAINTED))
      expect(trackOf(starts[CARS.indexOf(car)]!.id)!.note).toBe(
        'Propagated forward to frame 5, the last frame asked for.',
      );
    const queue = await call<{ items: { imageId: number }[] }>('review.queue', { project, filter: {} });
    expect(queue.items.map((i) => i.imageId).sort((a, b) => a - b)).toEqual(frames.slice(1).map((f) => f.id));
    expect(rleArea(truth.get(PAINTED)!)).toBeGreaterThan(0);
  });

  it.each([
    ['corrupt', () => Buffer.from('not an onnx graph'), /could not be loaded \(corrupt or not ONNX\)/],
    [
      'of another contract (SAM 1 decoder)',
      () => Buffer.from(samTestDecoder()),
      /does not have the inputs\/outputs its manifest entry promises: no input 'image_embed'/,
    ],
    ['missing', null, /sam2_hiera_tiny\.decoder\.onnx not found/],
  ] as const)(
    'a decoder file that is %s stops the job with a message naming it',
    async (_, bytes, message) => {
      const { project, starts } = await sequenceOfFrames();
      const decoder = join(modelsDir, 'sam2-hiera-tiny', 'sam2_hiera_tiny.decoder.onnx');
      if (bytes) writeFileSync(decoder, bytes());
      else rmSync(decoder);
      await call('models.recheck', {});
      const job = await settled(
        project,
        (await call<BatchJob>('sequences.propagate', { project, annotationIds: [starts[0]!.id], forward: 2 }))
          .id,
      );
      expect(job).toMatchObject({ status: 'failed', proposals: 0 });
      expect(job.error).toMatch(/^The video model in the models folder cannot be used/);
      expect(job.error).toMatch(message);
      expect(job.error).toContain(decoder.replace(/[^/]+$/, '').replace(/\/$/, ''));
    },
  );
});
