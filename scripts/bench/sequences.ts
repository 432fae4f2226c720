// `npx tsx scripts/bench/sequences.ts`: sequences and tracks (issue 14), through the studio's dispatch.
// 1. Propagation, local fallback: 10 accepted masks on frame 0 of a 100-frame sequence (generated 640x360
//    frames) propagated over the 99 next frames as one 'propagate' job, the active engine being the local SAM
//    engine over the SAM test graphs (test/helpers/sam-test-models.ts: SAM's real I/O, answers a test computes;
//    its ONNX time is not a real model's): frames/s and objects/s, and the studio process's heap and RSS after
//    each frame (first-quarter max vs last-quarter max: flat memory keeps only the last mask per object).
// 2. The same through the SAM 2 path: the SAM 2 test graphs (test/helpers/sam-test-models.ts: the I/O of the
//    manifest's sam2-hiera-tiny) in the models folder, so the studio's tracker answers (one encoder run per
//    frame, a decoder run per object); frames/s and memory as in 1 (ONNX time not a real model's).
// 3. The same with the classical engine (OpenCV GrabCut in its worker, what a machine with no model files
//    runs) over 10 frames: a real engine's frames/s.
// 4. Interpolation of 1,000 box tracks over a 100-frame sequence (keyframes on frames 0 and 99): one call's time
//    and the boxes it proposed.
// Progress on stderr; one JSON object printed last on stdout.
import { join } from 'node:path';
import { ClassicalSegmenter } from '../../electron/inference/classical';
import { EmbeddingCache } from '../../electron/inference/embedding-cache';
import { createLocalSamSegmenter } from '../../electron/inference/local-sam';
import { MANIFEST, modelEntry } from '../../electron/inference/models/manifest';
import type { Segmenter } from '../../electron/inference/segmenter';
import { interpolateSequence } from '../../electron/sequences/tracks';
import { ProjectStore } from '../../electron/store/project-store';
import type { NewAnnotation } from '../../electron/store/types';
import type { BatchJob } from '../../shared/api/batch';
import type { SequenceSummary, Track, TrackMember } from '../../shared/api/sequences';
import type { ImagePage } from '../../shared/api';
import type { Box, StudioEvent } from '../../shared/domain';
import { createMask, maskToRle } from '../../shared/geometry';
import { makeImage } from '../../test/helpers/images';
import { writeSam2TestModels, writeSamTestModels } from '../../test/helpers/sam-test-models';
import { createTestStudio, projectWithImages, studioCaller } from '../../test/helpers/studio-server';
import { makeTempDir } from '../../test/helpers/temp-dir';

const [W, H] = [640, 360];
const OBJECTS = 10;
const round = (v: number, d = 2) => Number(v.toFixed(d));
const log = (m: string) => process.stderr.write(`${m}\n`);

function boxRle([x1, y1, x2, y2]: Box) {
  const m = createMask(W, H);
  for (let y = y1; y < y2; y++) for (let x = x1; x < x2; x++) m.data[y * W + x] = 1;
  return maskToRle(m);
}

async function propagation(
  dir: string,
  frames: number,
  engine: (dir: string) => Segmenter,
  /** A models folder to use (the SAM 2 test graphs), else one with nothing in it. */
  modelsDir = join(dir, 'no-models'),
) {
  const folder = join(dir, 'frames');
  for (let i = 0; i < frames; i++)
    await makeImage(folder, `frame-${String(i).padStart(4, '0')}.jpg`, {
      width: W,
      height: H,
      format: 'jpeg',
      pattern: i + 1,
      texture: true,
    });
  const studio = createTestStudio(dir, {
    env: { VISPROMPT_MODELS_DIR: modelsDir },
    // The local engine the studio picks, replaced by the one measured.
    engines: { classical: () => engine(dir) },
  });
  const { call } = studioCaller(() => studio);
  try {
    const { project } = await projectWithImages(call, dir, folder);
    const images = (await call<ImagePage>('images.list', { project, limit: 1000 })).items;
    const sequence = await call<SequenceSummary>('sequences.create', {
      project,
      name: 'bench',
      imageIds: images.map((i) => i.id),
    });
    const first = (
      await call<{ imageId: number }[]>('sequences.frames', { project, sequenceId: sequence.id })
    )[0]!;
    const label = (await call<{ id: number }>('labels.create', { project, name: 'car' })).id;
    // Ten objects in two rows, each 40x40, below the frame number's black and white blocks (the top-left
    // 180x180): the SAM 2 test decoder cuts what is black, so an object there would be lost when they change.
    const boxes: Box[] = Array.from({ length: OBJECTS }, (_, k) => {
      const [x, y] = [30 + (k % 5) * 120, 200 + Math.floor(k / 5) * 90];
      return [x, y, x + 40, y + 40];
    });
    await call('annotations.save', {
      project,
      imageId: first.imageId,
      upserts: boxes.map((b) => ({
        labelId: label,
        kind: 'mask',
        geometry: { kind: 'mask', box: b },
        rle: boxRle(b),
      })),
    });
    const starts = (
      await call<{ id: number }[]>('annotations.list', { project, imageId: first.imageId })
    ).map((a) => a.id);
    const memory: { heap: number; rss: number }[] = [];
    const unsubscribe = studio.events.subscribe((e: StudioEvent) => {
      if (e.type !== 'batch.progress') return;
      const m = process.memoryUsage();
      memory.push({ heap: m.heapUsed / 2 ** 20, rss: m.rss / 2 ** 20 });
    });
    const started = performance.now();
    let job = await call<BatchJob>('sequences.propagate', {
      project,
      annotationIds: starts,
      forward: frames - 1,
    });
    while (job.status === 'running' || job.status === 'queued') {
      await new Promise((r) => setTimeout(r, 50));
      job = await call<BatchJob>('batch.get', { project, jobId: job.id });
    }
    const seconds = (performance.now() - started) / 1000;
    unsubscribe();
    const last = images.find((i) => i.path.endsWith(`frame-${String(frames - 1).padStart(4, '0')}.jpg`))!;
    const alive = (await call<TrackMember[]>('sequences.members', { project, imageId: last.id })).length;
    // Why the objects gone before the last frame stopped (their tracks' notes).
    const lost = (await call<Track[]>('sequences.tracks', { project, sequenceId: sequence.id }))
      .filter((t) => t.last !== frames - 1)
      .map((t) => t.note);
    // Which path answered: the proposals' model.
    const [onLast] = await call<{ modelId: string | null }[]>('annotations.list', {
      project,
      imageId: last.id,
    });
    const quarter = Math.max(1, Math.floor(memory.length / 4));
    const max = (xs: { heap: number; rss: number }[], k: 'heap' | 'rss') =>
      round(Math.max(...xs.map((x) => x[k])), 1);
    return {
      frames: frames - 1,
      objects: OBJECTS,
      model: onLast?.modelId ?? null,
      status: job.status,
      proposals: job.proposals,
      objectsOnLastFrame: alive,
      lost,
      seconds: round(seconds),
      framesPerSec: round((frames - 1) / seconds),
      objectsPerSec: round(job.proposals / seconds),
      heapMB: {
        firstQuarterMax: max(memory.slice(0, quarter), 'heap'),
        lastQuarterMax: max(memory.slice(-quarter), 'heap'),
      },
      rssMB: {
        firstQuarterMax: max(memory.slice(0, quarter), 'rss'),
        lastQuarterMax: max(memory.slice(-quarter), 'rss'),
      },
    };
  } finally {
    await studio.close();
  }
}

function interpolation(dir: string, tracks: number, frames: number) {
  const store = ProjectStore.create(join(dir, 'interp.vpstudio'), { name: 'interp' });
  try {
    const images = Array.from({ length: frames }, (_, i) => ({
      path: join(dir, `f${i}.jpg`),
      sha256: 'a'.repeat(64),
      sizeBytes: 1,
      width: W,
      height: H,
      orientation: 1,
      format: 'jpeg',
    }));
    store.insertImages(images);
    const ids = store.allImages().map((i) => i.id);
    const label = store.createLabel({ name: 'car' }).id;
    const sequenceId = store.writeSequences((s) =>
      s.create(
        'bench',
        'manual',
        ids.map((imageId, frame) => ({ imageId, frame })),
      ),
    );
    const box = (k: number, x: number): NewAnnotation => ({
      imageId: 0,
      labelId: label,
      kind: 'box',
      geometry: { kind: 'box', box: [x, (k % 30) * 10, x + 20, (k % 30) * 10 + 20] },
      rle: null,
      source: 'manual',
      modelId: null,
      promptId: null,
      score: null,
      reviewState: 'accepted',
    });
    store.transaction(() => {
      for (let k = 0; k < tracks; k++) {
        const [a, b] = store.insertAnnotations([
          { ...box(k, 0), imageId: ids[0]! },
          { ...box(k, 600), imageId: ids[frames - 1]! },
        ]);
        store.writeSequences((s) => s.addMembers(s.createTrack(sequenceId, label), [a!, b!]));
      }
    });
    const started = performance.now();
    const { created } = interpolateSequence(store, sequenceId);
    return { tracks, frames, boxesProposed: created, seconds: round((performance.now() - started) / 1000) };
  } finally {
    store.close();
  }
}

async function main() {
  const runs: Record<string, unknown> = {};
  const tmp = makeTempDir('vps-bench-seq-');
  try {
    log('propagation: SAM test graphs, 10 objects x 99 frames');
    runs.propagateTestGraphs = await propagation(join(tmp.dir, 'sam'), 100, (dir) => {
      const entry = writeSamTestModels(
        join(dir, 'sam'),
        modelEntry(MANIFEST, 'mobile-sam'),
        'sam-hwc-in-graph',
      );
      return createLocalSamSegmenter({
        entry,
        modelDir: join(dir, 'sam'),
        cache: new EmbeddingCache({ maxMemoryMB: 64, dir: join(dir, 'cache') }),
      });
    });
    log('propagation: SAM 2 test graphs (the tracker), 10 objects x 99 frames');
    const sam2 = join(tmp.dir, 'sam2');
    writeSam2TestModels(join(sam2, 'models'));
    runs.propagateSam2TestGraphs = await propagation(
      sam2,
      100,
      () => new ClassicalSegmenter(),
      join(sam2, 'models'),
    );
    log('propagation: classical engine, 10 objects x 10 frames');
    runs.propagateClassical = await propagation(
      join(tmp.dir, 'classical'),
      11,
      () => new ClassicalSegmenter(),
    );
    log('interpolation: 1,000 tracks x 100 frames');
    runs.interpolate = interpolation(tmp.dir, 1000, 100);
  } finally {
    tmp.cleanup();
  }
  console.log(JSON.stringify(runs, null, 2));
}

void main();
