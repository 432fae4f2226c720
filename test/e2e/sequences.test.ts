// Sequences in the built browser-mode studio, in Chromium, on the shared BDD100K MOTS frames: the import makes
// the video a sequence with its track ids, the image view shows the timeline strip and the selected car's
// track, '.' steps to the next frame, the car propagated there with the studio's own engine (the classical
// one: no model files) lands as a proposal of its track, and a box track of a folder of frames is
// interpolated (shown as interpolated). Writes test-results/screenshots/sequences-*.png (docs/screenshots/
// sequences.png is a copy of sequences-track.png, made on purpose rather than by every run).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobInfo, ImagePage } from '../../shared/api';
import type { BatchJob } from '../../shared/api/batch';
import type { SequenceSummary, Track, TrackMember } from '../../shared/api/sequences';
import type { Annotation, Rle } from '../../shared/domain';
import { rleToBox } from '../../shared/geometry';
import { makeImage } from '../helpers/images';
import { hasSharedAssets } from '../helpers/shared-assets';
import { callApi, openImageAt, until, type BrowserStudio } from '../helpers/studio-page';
import { MOTS_DIR, MOTS_VIDEO, startMotsStudio } from '../helpers/mots-studio';
import { makeTempDir } from '../helpers/temp-dir';

const VIEWPORT = { width: 1440, height: 960 };
const SHOTS = join('test-results', 'screenshots');
const VIDEO = MOTS_VIDEO;
const MOTS = MOTS_DIR;
const labelsOf = (n: number) =>
  (
    JSON.parse(readFileSync(join(MOTS, `${VIDEO}-0000${n}.json`), 'utf8')) as {
      labels: { id: string; category: string; rle?: Rle }[];
    }[]
  )[0]!.labels;

const rleBox = (rle: Rle) => rleToBox(rle);

describe.skipIf(!hasSharedAssets)('sequences in browser mode', () => {
  const tmp = makeTempDir('vps-e2e-seq-');
  const frames = join(tmp.dir, 'mots');
  let app: BrowserStudio;
  let page: Page;
  let errors: string[];
  let project: string;
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    ({ app, page, errors, project } = await startMotsStudio(tmp.dir, VIEWPORT));
    for (const n of [166, 167]) {
      const { jobId } = await callApi<{ jobId: string }>(page, 'datasets.import', {
        project,
        format: 'bdd100k',
        labels: join(MOTS, `${VIDEO}-0000${n}.json`),
        images: frames,
      });
      await until(async () => (await callApi<JobInfo>(page, 'jobs.get', { jobId })).state === 'done');
    }
  }, 120_000);
  afterAll(async () => {
    process.env = savedEnv;
    await app?.stop();
    tmp.cleanup();
  });

  it('shows the MOTS video as a timeline with the selected car’s track, and steps frames with the keys', async () => {
    const images = (await callApi<ImagePage>(page, 'images.list', { project })).items;
    const first = images.find((i) => i.path.endsWith('0000166.jpg'))!;
    const next = images.find((i) => i.path.endsWith('0000167.jpg'))!;
    await openImageAt(page, project, first.id);
    const strip = page.getByTestId('sequence-strip');
    await strip.waitFor();
    expect(await strip.getAttribute('data-sequence')).toBe(VIDEO);
    expect(await page.getByTestId('sequence-position').textContent()).toBe('Frame 165 · 1 of 2');
    await expect
      .poll(() => page.getByTestId('frame-cell-166').getAttribute('class'))
      .toContain('has-annotations');

    // The car: its row selected, its track is the MOTS id.
    const car = labelsOf(166).find((l) => l.category === 'car' && labelsOf(167).some((m) => m.id === l.id))!;
    const members = await callApi<TrackMember[]>(page, 'sequences.members', { project, imageId: first.id });
    const member = members.find((m) => m.key === car.id)!;
    await page.locator(`[data-testid="annotation-row"][data-id="${member.annotationId}"] .swatch`).click();
    await expect.poll(() => page.getByTestId('track-key').inputValue()).toBe(car.id);
    expect(await page.getByTestId('track-span').textContent()).toBe('2 frames (165–166)');
    await page.screenshot({ path: join(SHOTS, 'sequences-track.png') });

    // The next frame's car goes, then is propagated again from frame 165 with the studio's engine.
    const theirs = (
      await callApi<TrackMember[]>(page, 'sequences.members', { project, imageId: next.id })
    ).find((m) => m.key === car.id)!;
    await callApi(page, 'annotations.save', { project, imageId: next.id, deletes: [theirs.annotationId] });
    await page.getByTestId('propagate-frames').fill('1');
    await page.getByTestId('track-propagate').click();
    const job = await until(async () => {
      const [j] = await callApi<BatchJob[]>(page, 'batch.list', { project });
      return j && j.status !== 'running' && j.status !== 'queued' ? j : null;
    }, 120_000);
    expect(job.kind).toBe('propagate');
    expect(job.status).toBe('done');
    const sequence = (await callApi<SequenceSummary[]>(page, 'sequences.list', { project }))[0]!;
    const track = (
      await callApi<Track[]>(page, 'sequences.tracks', { project, sequenceId: sequence.id })
    ).find((t) => t.key === car.id)!;
    // The classical engine either keeps the car (a proposal in its track on frame 166) or says why it lost it.
    const proposed = (
      await callApi<TrackMember[]>(page, 'sequences.members', { project, imageId: next.id })
    ).find((m) => m.key === car.id);
    if (job.proposals === 1) {
      expect(proposed).toBeDefined();
      const [mask] = (
        await callApi<Annotation[]>(page, 'annotations.list', { project, imageId: next.id })
      ).filter((a) => a.id === proposed!.annotationId);
      expect(mask).toMatchObject({ kind: 'mask', reviewState: 'proposed', jobId: job.id });
    } else expect(track.note).toMatch(/Propagation lost the object at frame 166: /);

    await page.keyboard.press('.');
    await expect.poll(() => page.getByTestId('sequence-position').textContent()).toBe('Frame 166 · 2 of 2');
    if (job.proposals === 1)
      await expect
        .poll(() => page.getByTestId('frame-cell-166').getAttribute('class'))
        .toContain('has-proposals');
    await page.screenshot({ path: join(SHOTS, 'sequences-propagated.png') });

    // Correct frame 166: the car's mask there becomes the ground truth, edited (the proposal's, or a new one
    // joined to the track when the engine lost it); then re-propagate backwards from it, over frame 165 made free.
    const truth = labelsOf(167).find((l) => l.id === car.id)!.rle!;
    const corrected = (
      await callApi<Annotation[]>(page, 'annotations.save', {
        project,
        imageId: next.id,
        upserts: [
          {
            ...(proposed ? { id: proposed.annotationId } : {}),
            labelId: (
              await callApi<Annotation[]>(page, 'annotations.list', { project, imageId: first.id })
            ).find((a) => a.id === member.annotationId)!.labelId,
            kind: 'mask',
            geometry: { kind: 'mask', box: rleBox(truth) },
            rle: truth,
            source: proposed ? 'model' : 'manual',
            reviewState: 'edited',
          },
        ],
      })
    ).find((a) => a.rle?.counts === truth.counts)!;
    if (!proposed)
      await callApi(page, 'sequences.assign', { project, annotationId: corrected.id, trackId: track.id });
    await callApi(page, 'annotations.save', { project, imageId: first.id, deletes: [member.annotationId] });
    await page.reload();
    await page.locator('[data-testid="image-stage"][data-ready="true"]').waitFor({ timeout: 30_000 });
    await page.locator(`[data-testid="annotation-row"][data-id="${corrected.id}"] .swatch`).click();
    await expect.poll(() => page.getByTestId('track-key').inputValue()).toBe(car.id);
    await page.getByTestId('propagate-direction').selectOption('backward');
    await page.getByTestId('propagate-frames').fill('1');
    await page.getByTestId('track-propagate').click();
    const back = await until(async () => {
      const [j] = await callApi<BatchJob[]>(page, 'batch.list', { project });
      return j && j.id !== job.id && j.status !== 'running' && j.status !== 'queued' ? j : null;
    }, 120_000);
    expect(back.status).toBe('done');
    const onFirst = (
      await callApi<TrackMember[]>(page, 'sequences.members', { project, imageId: first.id })
    ).find((m) => m.key === car.id);
    const note = (
      await callApi<Track[]>(page, 'sequences.tracks', { project, sequenceId: sequence.id })
    ).find((t) => t.key === car.id)!.note;
    if (back.proposals === 1) expect(onFirst).toBeDefined();
    else expect(note).toMatch(/Propagation lost the object at frame 165: /);
    await page.keyboard.press(',');
    await expect.poll(() => page.getByTestId('sequence-position').textContent()).toBe('Frame 165 · 1 of 2');
    if (back.proposals === 1)
      await expect
        .poll(() => page.getByTestId('frame-cell-165').getAttribute('class'))
        .toContain('has-proposals');
    await page.screenshot({ path: join(SHOTS, 'sequences-repropagated.png') });
    expect(errors).toEqual([]);
  }, 180_000);

  it('interpolates a box track of a folder of frames, shown as interpolated until accepted', async () => {
    const folder = join(tmp.dir, 'walk');
    for (let i = 0; i < 6; i++)
      await makeImage(folder, `walk-${i + 1}.png`, {
        width: 320,
        height: 200,
        format: 'png',
        pattern: i + 1,
      });
    const { jobId } = await callApi<{ jobId: string }>(page, 'images.importFolder', { project, folder });
    await until(async () => (await callApi<JobInfo>(page, 'jobs.get', { jobId })).state === 'done');
    const walk = (await callApi<ImagePage>(page, 'images.list', { project, limit: 100 })).items.filter((i) =>
      i.path.includes('walk-'),
    );
    const seq = await callApi<SequenceSummary>(page, 'sequences.create', {
      project,
      name: 'walk',
      imageIds: walk.map((i) => i.id),
    });
    expect(seq).toMatchObject({ frames: 6, first: 0, last: 5 });
    const frameImages = (
      await callApi<{ imageId: number; frame: number }[]>(page, 'sequences.frames', {
        project,
        sequenceId: seq.id,
      })
    ).map((f) => f.imageId);
    const label = (await callApi<{ id: number; name: string }[]>(page, 'labels.list', { project })).find(
      (l) => l.name === 'pedestrian',
    )!.id;
    const box = async (imageId: number, b: number[]) =>
      (
        await callApi<Annotation[]>(page, 'annotations.save', {
          project,
          imageId,
          upserts: [{ labelId: label, kind: 'box', geometry: { kind: 'box', box: b } }],
        })
      ).at(-1)!.id;
    const a = await box(frameImages[0]!, [20, 40, 70, 140]);
    const b = await box(frameImages[5]!, [220, 40, 270, 140]);
    const track = await callApi<Track>(page, 'sequences.createTrack', { project, annotationIds: [a, b] });
    await openImageAt(page, project, frameImages[0]!);
    await page.locator(`[data-testid="annotation-row"][data-id="${a}"] .swatch`).click();
    await page.getByTestId('track-interpolate').click();
    await expect
      .poll(() => page.getByTestId('frame-cell-2').getAttribute('class'))
      .toContain('has-interpolated');
    const on2 = await callApi<Annotation[]>(page, 'annotations.list', { project, imageId: frameImages[2]! });
    expect(on2[0]!.geometry).toEqual({ kind: 'box', box: [100, 40, 150, 140] });
    await page.keyboard.press('.');
    await page.keyboard.press('.');
    await expect.poll(() => page.getByTestId('sequence-position').textContent()).toBe('Frame 2 · 3 of 6');
    await page.locator(`[data-testid="annotation-row"][data-id="${on2[0]!.id}"] .swatch`).click();
    await page.getByTestId('track-interpolated').waitFor();
    expect(await page.getByTestId('track-key').inputValue()).toBe(track.key);
    await page.screenshot({ path: join(SHOTS, 'sequences-interpolated.png') });

    // Split the track at frame 2, then merge the first part back into the new one.
    await page.getByTestId('track-split').click();
    await expect.poll(() => page.getByTestId('track-key').inputValue()).toBe('1');
    expect(await page.getByTestId('track-span').textContent()).toBe('4 frames (2–5)');
    await page.getByTestId('track-merge').selectOption(String(track.id));
    await expect.poll(() => page.getByTestId('track-span').textContent()).toBe('6 frames (0–5)');
    expect(await page.getByTestId('track-key').inputValue()).toBe('1');
    expect(errors).toEqual([]);
  }, 120_000);
});
