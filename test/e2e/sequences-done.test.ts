// Issue 14's whole loop in the built browser-mode studio, in Chromium, on the shared MOTS and KITTI tracking
// frames, as a labeler does it: both imported with their tracks from the Datasets screen; on the MOTS video a
// car is propagated from frame 165 to the next frame with the studio's own engine (classical: no model files),
// the proposal corrected with the eraser on frame 166, and propagated again from that correction back onto
// frame 165; on the KITTI sequence a car labelled only on frames 0 and 4 gets interpolated boxes on 1-3; both
// exported (BDD100K MOTS tracking, KITTI tracking) from the Datasets screen and re-imported into a new project
// with the same track ids. The KITTI sample is one real frame: frames 1-4 are it panned 8 px a frame (sharp),
// their label lines the real ones moved with it. Writes test-results/screenshots/sequences-done-*.png.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImagePage, JobInfo } from '../../shared/api';
import type { BatchJob } from '../../shared/api/batch';
import type { SequenceSummary, Track, TrackMember } from '../../shared/api/sequences';
import type { Annotation, ProjectInfo, Rle } from '../../shared/domain';
import { rleIou } from '../../shared/geometry';
import { DRIVING_SAMPLE, hasSharedAssets } from '../helpers/shared-assets';
import { callApi, imagePoint, openImageAt, until, type BrowserStudio } from '../helpers/studio-page';
import { MOTS_DIR, MOTS_VIDEO, startMotsStudio } from '../helpers/mots-studio';
import { makeTempDir } from '../helpers/temp-dir';

const VIEWPORT = { width: 1440, height: 960 };
const SHOTS = join('test-results', 'screenshots');
const VIDEO = MOTS_VIDEO;
const MOTS = MOTS_DIR;
const KITTI = join(DRIVING_SAMPLE, 'kitti_tracking');
const PAN = 8;
/** The KITTI car labelled on frames 0 and 4 only (the others on every frame). */
const KEYFRAMED = '3';

const motsLabels = (n: number) =>
  (
    JSON.parse(readFileSync(join(MOTS, `${VIDEO}-0000${n}.json`), 'utf8')) as {
      labels: { id: string; category: string; rle?: Rle }[];
    }[]
  )[0]!.labels;

/** KITTI tracking frames 0-4 of sequence 0001: the real frame panned, and its label lines moved with it. */
async function kittiSequence(dir: string): Promise<string> {
  mkdirSync(join(dir, '0001'), { recursive: true });
  const real = join(KITTI, '0001_000000.png');
  const { width, height } = await sharp(real).metadata();
  const lines = readFileSync(join(KITTI, '0001_000000.txt'), 'utf8').trim().split('\n');
  const out: string[] = [];
  for (let k = 0; k < 5; k++) {
    const shift = PAN * k;
    const frame = join(dir, '0001', `${String(k).padStart(6, '0')}.png`);
    if (k === 0) copyFileSync(real, frame);
    else
      await sharp(real)
        .extract({ left: shift, top: 0, width: width! - shift, height: height! })
        .extend({ right: shift, extendWith: 'copy' })
        .png()
        .toFile(frame);
    for (const line of lines) {
      const f = line.split(' ');
      if (f[1] === KEYFRAMED && k !== 0 && k !== 4) continue;
      const [left, right] = [Number(f[6]) - shift, Number(f[8]) - shift];
      if (right <= 1) continue;
      out.push(
        [k, ...f.slice(1, 6), Math.max(0, left).toFixed(6), f[7], right.toFixed(6), ...f.slice(9)].join(' '),
      );
    }
  }
  writeFileSync(join(dir, '0001.txt'), `${out.join('\n')}\n`);
  return join(dir, '0001.txt');
}

const openDatasets = async (page: Page, project: string) => {
  await page.evaluate(
    (p) => (location.hash = `#/project/datasets?${new URLSearchParams({ path: p })}`),
    project,
  );
  await page.getByTestId('export-format').waitFor();
};

/** Imports a label file from the Datasets screen, waiting for its result. */
async function importFromScreen(page: Page, format: string, labels: string, images: string) {
  await page.getByTestId('import-format').selectOption(format);
  await page.getByTestId('import-labels').fill(labels);
  await page.getByTestId('import-images').fill(images);
  await page.getByTestId('import-start').click();
  await expect
    .poll(() => page.getByTestId('import-result').textContent(), { timeout: 60_000 })
    .toMatch(/Imported \d+ annotations/);
}

/** Exports the project from the Datasets screen, all to train. */
async function exportFromScreen(page: Page, format: string, target: string) {
  await page.getByTestId('export-format').selectOption(format);
  await page.getByTestId('split-train').fill('1');
  await page.getByTestId('split-val').fill('0');
  await page.getByTestId('split-test').fill('0');
  await page.getByTestId('export-target').fill(target);
  await page.getByTestId('export-start').click();
  await expect
    .poll(() => page.getByTestId('export-result').textContent(), { timeout: 60_000 })
    .toContain('Wrote');
}

describe.skipIf(!hasSharedAssets)('issue 14 end to end on the MOTS and KITTI tracking frames', () => {
  const tmp = makeTempDir('vps-e2e-seqdone-');
  const frames = join(tmp.dir, 'mots');
  let app: BrowserStudio;
  let page: Page;
  let errors: string[];
  let project: string;
  let kittiLabels: string;
  const savedEnv = { ...process.env };
  const lastJob = async (after?: number) =>
    until(async () => {
      const [j] = await callApi<BatchJob[]>(page, 'batch.list', { project });
      return j && j.id !== after && j.status !== 'running' && j.status !== 'queued' ? j : null;
    }, 120_000);
  const sequenceNamed = async (name: string) =>
    (await callApi<SequenceSummary[]>(page, 'sequences.list', { project })).find((s) => s.name === name)!;
  const trackKeys = async (p: string, name: string) => {
    const seq = (await callApi<SequenceSummary[]>(page, 'sequences.list', { project: p })).find(
      (s) => s.name === name,
    )!;
    return (await callApi<Track[]>(page, 'sequences.tracks', { project: p, sequenceId: seq.id }))
      .filter((t) => t.frames > 0)
      .map((t) => t.key)
      .sort();
  };

  beforeAll(async () => {
    ({ app, page, errors, project } = await startMotsStudio(tmp.dir, VIEWPORT));
    kittiLabels = await kittiSequence(join(tmp.dir, 'kitti'));
  }, 180_000);
  afterAll(async () => {
    process.env = savedEnv;
    await app?.stop();
    tmp.cleanup();
  });

  it('imports the MOTS frames and the KITTI tracking sequence with their tracks from the Datasets screen', async () => {
    await openDatasets(page, project);
    for (const n of [166, 167])
      await importFromScreen(page, 'bdd100k', join(MOTS, `${VIDEO}-0000${n}.json`), frames);
    await importFromScreen(page, 'kitti-tracking', kittiLabels, join(tmp.dir, 'kitti'));
    const ids = new Set([...motsLabels(166), ...motsLabels(167)].map((l) => l.id));
    expect(await trackKeys(project, VIDEO)).toEqual([...ids].sort());
    expect(await trackKeys(project, '0001')).toEqual(['0', '1', '2', '3', '4', '5', '6']);
    expect(await sequenceNamed(VIDEO)).toMatchObject({ frames: 2, first: 165, last: 166 });
  }, 120_000);

  it('MOTS: propagates a car to the next frame, corrects it there, propagates back from the correction', async () => {
    const images = (await callApi<ImagePage>(page, 'images.list', { project })).items;
    const first = images.find((i) => i.path.endsWith('0000166.jpg'))!;
    const next = images.find((i) => i.path.endsWith('0000167.jpg'))!;
    // The biggest car on both frames.
    const both = motsLabels(166).filter(
      (l) => l.category === 'car' && motsLabels(167).some((m) => m.id === l.id),
    );
    const car = both.sort((a, b) => b.rle!.counts.length - a.rle!.counts.length)[0]!;
    const memberOn = async (imageId: number) =>
      (await callApi<TrackMember[]>(page, 'sequences.members', { project, imageId })).find(
        (m) => m.key === car.id,
      );
    // Frame 166's car is taken out, so propagation has it to find.
    await callApi(page, 'annotations.save', {
      project,
      imageId: next.id,
      deletes: [(await memberOn(next.id))!.annotationId],
    });

    await openImageAt(page, project, first.id);
    const start = (await memberOn(first.id))!;
    await page.locator(`[data-testid="annotation-row"][data-id="${start.annotationId}"] .swatch`).click();
    await expect.poll(() => page.getByTestId('track-key').inputValue()).toBe(car.id);
    // The labels the import made are listed (the screen re-reads them after an import).
    expect(await page.getByText('No labels yet').count()).toBe(0);
    expect(await page.getByTestId('track-label').locator('option:checked').textContent()).toBe('car');
    await page.getByTestId('propagate-frames').fill('1');
    await page.getByTestId('track-propagate').click();
    const job = await lastJob();
    expect(job).toMatchObject({ kind: 'propagate', status: 'done', proposals: 1 });
    const proposed = (await memberOn(next.id))!;
    const [mask] = (
      await callApi<Annotation[]>(page, 'annotations.list', { project, imageId: next.id })
    ).filter((a) => a.id === proposed.annotationId);
    expect(mask).toMatchObject({ kind: 'mask', reviewState: 'proposed' });
    const truth167 = motsLabels(167).find((l) => l.id === car.id)!.rle!;
    const iouBefore = rleIou(mask!.rle!, truth167);
    console.log(`propagated car ${car.id}: IoU with frame 166's truth ${iouBefore.toFixed(3)}`);
    expect(iouBefore).toBeGreaterThan(0.3);

    // On frame 166 ('.'), the proposal is corrected with the eraser (a stripe through it): it becomes 'edited',
    // still in the track.
    await page.keyboard.press('.');
    await expect.poll(() => page.getByTestId('sequence-position').textContent()).toBe('Frame 166 · 2 of 2');
    await page.locator(`[data-testid="annotation-row"][data-id="${proposed.annotationId}"] .swatch`).click();
    await page.screenshot({ path: join(SHOTS, 'sequences-done-propagated.png') });
    await page.getByTestId('image-stage').hover();
    await page.keyboard.press('e');
    const [x1, y1, x2, y2] = (mask!.geometry as { box: number[] }).box as [number, number, number, number];
    const [cx, cy] = [(x1 + x2) / 2, (y1 + y2) / 2];
    await page.mouse.move(...(await imagePoint(page, cx - (x2 - x1) * 0.3, cy)));
    await page.mouse.down();
    for (let k = 1; k <= 6; k++)
      await page.mouse.move(
        ...(await imagePoint(page, cx - (x2 - x1) * 0.3 + ((x2 - x1) * 0.6 * k) / 6, cy + 4)),
      );
    await page.mouse.up();
    const corrected = await until(async () => {
      const [a] = (
        await callApi<Annotation[]>(page, 'annotations.list', { project, imageId: next.id })
      ).filter((x) => x.id === proposed.annotationId && x.reviewState === 'edited');
      return a;
    });
    expect(corrected.rle!.counts).not.toBe(mask!.rle!.counts);
    expect((await memberOn(next.id))!.annotationId).toBe(proposed.annotationId);
    await page.screenshot({ path: join(SHOTS, 'sequences-done-corrected.png') });

    // Propagated again from the correction, backwards onto frame 165 (whose own car is taken out first).
    await callApi(page, 'annotations.save', { project, imageId: first.id, deletes: [start.annotationId] });
    await page.keyboard.press('v');
    await page.locator(`[data-testid="annotation-row"][data-id="${proposed.annotationId}"] .swatch`).click();
    await page.getByTestId('propagate-direction').selectOption('backward');
    await page.getByTestId('propagate-frames').fill('1');
    await page.getByTestId('track-propagate').click();
    const back = await lastJob(job.id);
    expect(back).toMatchObject({ status: 'done', proposals: 1 });
    const onFirst = (await memberOn(first.id))!;
    const [backMask] = (
      await callApi<Annotation[]>(page, 'annotations.list', { project, imageId: first.id })
    ).filter((a) => a.id === onFirst.annotationId);
    const truth166 = motsLabels(166).find((l) => l.id === car.id)!.rle!;
    console.log(
      `re-propagated back: IoU with frame 165's truth ${rleIou(backMask!.rle!, truth166).toFixed(3)}`,
    );
    expect(rleIou(backMask!.rle!, truth166)).toBeGreaterThan(0.3);
    await page.keyboard.press(',');
    await expect.poll(() => page.getByTestId('sequence-position').textContent()).toBe('Frame 165 · 1 of 2');
    await expect
      .poll(() => page.getByTestId('frame-cell-165').getAttribute('class'))
      .toContain('has-proposals');
    // Accepted, so the export carries it.
    await callApi(page, 'review.decide', { project, ids: [onFirst.annotationId], decision: 'accept' });
    expect(errors).toEqual([]);
  }, 240_000);

  it('KITTI: interpolates the car keyframed on frames 0 and 4, shown as interpolated on 1-3', async () => {
    const seq = await sequenceNamed('0001');
    expect(seq).toMatchObject({ frames: 5, first: 0, last: 4, problems: [] });
    const track = (await callApi<Track[]>(page, 'sequences.tracks', { project, sequenceId: seq.id })).find(
      (t) => t.key === KEYFRAMED,
    )!;
    expect(track).toMatchObject({ frames: 2, first: 0, last: 4 });
    const imageOf = async (frame: number) =>
      (
        await callApi<{ imageId: number; frame: number }[]>(page, 'sequences.frames', {
          project,
          sequenceId: seq.id,
        })
      ).find((f) => f.frame === frame)!.imageId;
    const boxOf = async (frame: number) => {
      const imageId = await imageOf(frame);
      const member = (await callApi<TrackMember[]>(page, 'sequences.members', { project, imageId })).find(
        (m) => m.trackId === track.id,
      )!;
      const [a] = (await callApi<Annotation[]>(page, 'annotations.list', { project, imageId })).filter(
        (x) => x.id === member.annotationId,
      );
      return { id: a!.id, box: (a!.geometry as { box: number[] }).box };
    };
    const k0 = await boxOf(0);
    const k4 = await boxOf(4);
    await openImageAt(page, project, await imageOf(0));
    await page.locator(`[data-testid="annotation-row"][data-id="${k0.id}"] .swatch`).click();
    await expect.poll(() => page.getByTestId('track-key').inputValue()).toBe(KEYFRAMED);
    await page.getByTestId('track-interpolate').click();
    for (const f of [1, 2, 3])
      await expect
        .poll(() => page.getByTestId(`frame-cell-${f}`).getAttribute('class'))
        .toContain('has-interpolated');
    const mid = await boxOf(2);
    expect(mid.box).toEqual(k0.box.map((v, i) => Math.round(((v + k4.box[i]!) / 2) * 100) / 100));
    await page.keyboard.press('.');
    await page.keyboard.press('.');
    await expect.poll(() => page.getByTestId('sequence-position').textContent()).toBe('Frame 2 · 3 of 5');
    await page.locator(`[data-testid="annotation-row"][data-id="${mid.id}"] .swatch`).click();
    await page.getByTestId('track-interpolated').waitFor();
    await page.screenshot({ path: join(SHOTS, 'sequences-done-interpolated.png') });
    expect(errors).toEqual([]);
  }, 120_000);

  it('exports MOTS and KITTI tracking from the Datasets screen and re-imports them with the same track ids', async () => {
    await page.evaluate(
      (p) => (location.hash = `#/project/datasets?${new URLSearchParams({ path: p })}`),
      project,
    );
    await page.getByTestId('export-format').waitFor();
    const motsOut = join(tmp.dir, 'out-mots');
    const kittiOut = join(tmp.dir, 'out-kitti');
    await exportFromScreen(page, 'bdd100k-track', motsOut);
    await page.screenshot({ path: join(SHOTS, 'sequences-done-exported.png') });
    await exportFromScreen(page, 'kitti-tracking', kittiOut);

    const again = (
      await callApi<ProjectInfo>(page, 'projects.create', {
        path: join(tmp.dir, 'Again.vpstudio'),
        name: 'Again',
      })
    ).path;
    const importInto = async (format: string, labels: string, images: string) => {
      const { jobId } = await callApi<{ jobId: string }>(page, 'datasets.import', {
        project: again,
        format,
        labels,
        images,
      });
      const done = await until(async () => {
        const j = await callApi<JobInfo>(page, 'jobs.get', { jobId });
        return j.state !== 'running' ? j : null;
      });
      expect(done.state).toBe('done');
    };
    await importInto(
      'bdd100k',
      join(motsOut, 'labels', 'train', `${VIDEO}.json`),
      join(motsOut, 'images', 'train', VIDEO),
    );
    await importInto(
      'kitti-tracking',
      join(kittiOut, 'train', 'label_02', '0001.txt'),
      join(kittiOut, 'train', 'image_02', '0001'),
    );
    expect(await trackKeys(again, VIDEO)).toEqual(await trackKeys(project, VIDEO));
    expect(await trackKeys(again, '0001')).toEqual(await trackKeys(project, '0001'));
    expect(errors).toEqual([]);
  }, 180_000);
});
