// Batch pre-labeling from the jobs screen of the built browser-mode studio, in Chromium: a job over a folder of
// real driving frames and generated ones (PicoDet + the classical segmenter), the studio killed with SIGKILL
// half-way, the interrupted job resumed from the badge, the image deleted before its turn accounted for, every
// image's proposals written once. Writes test-results/screenshots/jobs-*.png.
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchItem, BatchJob } from '../../shared/api/batch';
import type { Annotation } from '../../shared/domain';
import { makeImage } from '../helpers/images';
import { hasSharedAssets, sharedPath } from '../helpers/shared-assets';
import { callApi, createProject, startBrowserStudio, type BrowserStudio } from '../helpers/studio-page';
import { makeTempDir } from '../helpers/temp-dir';

const VIEWPORT = { width: 1440, height: 1000 };
const SHOTS = join('test-results', 'screenshots');
const REAL = [
  'bdd100k_ins_seg/620a7840-33cada02.jpg',
  'bdd100k_det/12305469-7a4947e7.jpg',
  'bdd100k_mots/00091078-875c1f73-0000166.jpg',
  'bdd100k_mots/00091078-875c1f73-0000167.jpg',
  'bdd100k_sem_seg/91051a8d-dc9c6637.jpg',
  'kitti_object/000000.png',
  'kitti_object/000003.png',
  'kitti_tracking/0001_000000.png',
];
const GENERATED = 16;
const TOTAL = REAL.length + GENERATED;

const jobFigure = (page: Page, jobId: number, id: string) =>
  page.getByTestId(`job-${jobId}`).getByTestId(id).textContent();

describe.skipIf(!hasSharedAssets)('pre-labeling jobs in browser mode', () => {
  const tmp = makeTempDir('vps-e2e-jobs-');
  const folder = join(tmp.dir, 'drive');
  const projectPath = join(tmp.dir, 'Drive.vpstudio');
  let app: BrowserStudio;
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    mkdirSync(folder);
    for (const p of REAL) copyFileSync(sharedPath('data', 'driving-sample', p), join(folder, basename(p)));
    for (let i = 0; i < GENERATED; i++)
      await makeImage(folder, `generated-${String(i).padStart(2, '0')}.jpg`, {
        width: 640,
        height: 360,
        format: 'jpeg',
        pattern: i + 1,
        texture: true,
      });
    process.env.VISPROMPT_MODELS_DIR = sharedPath('models');
    app = await startBrowserStudio(join(tmp.dir, 'data'));
  });
  afterAll(async () => {
    process.env = savedEnv;
    await app?.stop();
    tmp.cleanup();
  });

  it('runs a job, survives kill -9, resumes from the badge and accounts for every image', async () => {
    let { page, errors } = await app.openPage(VIEWPORT);
    await createProject(page, { name: 'Drive', path: projectPath, folder, images: TOTAL });
    const chain = await callApi<{ id: number }>(page, 'chains.save', {
      project: projectPath,
      name: 'Cars and people',
      chain: {
        steps: [
          { op: 'detect-class', classes: ['car', 'person'] },
          { op: 'boxes-to-prompts' },
          { op: 'segment' },
        ],
      },
    });
    // A box drawn by hand before the job: a job never touches what a person made.
    const images = await callApi<{ items: { id: number; path: string }[] }>(page, 'images.list', {
      project: projectPath,
      limit: 100,
    });
    const first = images.items.find((i) => i.path.endsWith('620a7840-33cada02.jpg'))!;
    const labels = await callApi<{ id: number }[]>(page, 'labels.list', { project: projectPath });
    const label =
      labels[0] ??
      (await callApi<{ id: number }>(page, 'labels.create', { project: projectPath, name: 'car' }));
    const [manual] = await callApi<Annotation[]>(page, 'annotations.save', {
      project: projectPath,
      imageId: first.id,
      upserts: [{ labelId: label.id, kind: 'box', geometry: { kind: 'box', box: [10, 10, 60, 40] } }],
    });
    // One frame goes away after the import: the job must say so for that image and go on.
    const gone = images.items.find((i) => i.path.endsWith('generated-15.jpg'))!;
    rmSync(gone.path);

    await page.getByTestId('open-jobs').click();
    await page.getByTestId('jobs-screen').waitFor();
    await expect.poll(() => page.getByTestId('job-chain').inputValue()).toBe(String(chain.id));
    // One call at a time, so the kill below finds the job half-way on any machine.
    await page.getByTestId('job-concurrency').fill('1');
    await page.getByTestId('job-start').click();
    const card = page.locator('[data-testid^="job-"][data-status]').first();
    await card.waitFor();
    const jobId = Number((await card.getAttribute('data-testid'))!.slice('job-'.length));

    await expect
      .poll(async () => Number((await jobFigure(page, jobId, 'job-done'))!.split('/')[0]), {
        timeout: 60_000,
      })
      .toBeGreaterThanOrEqual(3);
    await expect.poll(() => page.getByTestId('jobs-badge').textContent()).toMatch(/Pre-labeling \d+%/);
    expect(await jobFigure(page, jobId, 'job-rate')).toMatch(/images\/s/);
    await page.screenshot({ path: join(SHOTS, 'jobs-running.png') });
    expect(errors).toEqual([]);

    // kill -9 in the middle of the job; the next studio finds it interrupted (Settings say: ask).
    await app.crash();
    ({ page, errors } = await app.openPage(VIEWPORT));
    await page.goto(
      `${new URL(app.studio.loginUrl).origin}/#/project?path=${encodeURIComponent(projectPath)}`,
    );
    await expect
      .poll(() => page.getByTestId('jobs-badge').textContent(), { timeout: 20_000 })
      .toMatch(/1 job interrupted/);
    await page.getByTestId('jobs-badge').click();
    await page.getByTestId('jobs-screen').waitFor();
    expect(await page.getByTestId(`job-${jobId}`).getAttribute('data-status')).toBe('interrupted');
    await page.screenshot({ path: join(SHOTS, 'jobs-interrupted.png') });
    await page.getByTestId(`job-${jobId}`).getByTestId('job-resume').click();

    await expect
      .poll(() => page.getByTestId(`job-${jobId}`).getAttribute('data-status'), { timeout: 120_000 })
      .toBe('done');
    const job = await callApi<BatchJob>(page, 'batch.get', { project: projectPath, jobId });
    expect(job.counts).toEqual({ pending: 0, running: 0, done: TOTAL - 1, failed: 0, skipped: 1 });
    expect(await jobFigure(page, jobId, 'job-failed')).toContain('1 skipped');

    // The deleted frame is listed with its reason and opens from there.
    await page.getByTestId(`job-${jobId}`).getByTestId('job-show-failures').click();
    const row = page.getByTestId('job-failure');
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toMatch(/generated-15\.jpg.*skipped.*No file at/);
    await page.screenshot({ path: join(SHOTS, 'jobs-done.png') });

    // Every image's proposals once: one set per image, as many as the job counted; the hand-made box intact.
    const items = await callApi<{ items: BatchItem[] }>(page, 'batch.items', {
      project: projectPath,
      jobId,
      limit: 100,
    });
    expect(items.items).toHaveLength(TOTAL);
    let proposals = 0;
    for (const item of items.items) {
      const anns = await callApi<Annotation[]>(page, 'annotations.list', {
        project: projectPath,
        imageId: item.imageId,
      });
      const fromJob = anns.filter((a) => a.jobId === jobId);
      expect(fromJob).toHaveLength(item.proposals);
      expect(fromJob.every((a) => a.reviewState === 'proposed' && a.source === 'model')).toBe(true);
      proposals += fromJob.length;
    }
    expect(proposals).toBe(job.proposals);
    expect(proposals).toBeGreaterThan(0);
    const kept = await callApi<Annotation[]>(page, 'annotations.list', {
      project: projectPath,
      imageId: first.id,
    });
    expect(kept.find((a) => a.id === manual!.id)).toMatchObject({
      source: 'manual',
      geometry: { kind: 'box', box: [10, 10, 60, 40] },
    });

    await page.getByTestId(`job-${jobId}`).getByTestId('job-failure-open').click();
    await expect.poll(() => page.url()).toContain(`/project/image/${gone.id}`);
    expect(errors).toEqual([]);

    // Review: the job's proposals (from its card), decided with the keyboard, then bulk-accepted above a score.
    await page.goto(
      `${new URL(app.studio.loginUrl).origin}/#/project/jobs?path=${encodeURIComponent(projectPath)}`,
    );
    await page.getByTestId(`job-${jobId}`).getByTestId('job-review').click();
    await page.getByTestId('review-screen').waitFor();
    await expect.poll(() => page.getByTestId('review-filter-job').inputValue()).toBe(String(jobId));
    const withProposals = items.items.filter((i) => i.proposals > 0).length;
    await expect.poll(() => page.getByTestId('review-queue-item').count()).toBe(withProposals);
    await page.getByTestId('review-focus').waitFor();
    const proposal = (n: number) => page.getByTestId('review-proposal').nth(n);
    const firstId = Number(await proposal(0).getAttribute('data-id'));
    await page.keyboard.press('a');
    await expect
      .poll(() =>
        page.locator(`[data-testid="review-proposal"][data-id="${firstId}"]`).getAttribute('data-state'),
      )
      .toBe('accepted');
    // Focus moved on to the next one to review; reject it with R.
    const secondId = Number(await page.locator('.review-proposal.active').getAttribute('data-id'));
    expect(secondId).not.toBe(firstId);
    await page.keyboard.press('r');
    await expect
      .poll(() =>
        page.locator(`[data-testid="review-proposal"][data-id="${secondId}"]`).getAttribute('data-state'),
      )
      .toBe('rejected');
    await page.locator(`[data-testid="review-proposal"][data-id="${secondId}"]`).click();
    await expect
      .poll(() => page.getByTestId('review-history').textContent())
      .toMatch(/reject: To review → Rejected/);
    await page.screenshot({ path: join(SHOTS, 'review.png') });

    // The help overlay lists the review keys.
    await page.keyboard.press('?');
    await page.getByTestId('help-overlay').waitFor();
    expect(await page.getByTestId('help-overlay').textContent()).toContain(
      'Accept every proposal shown on the image',
    );
    await page.keyboard.press('?');
    await page.getByTestId('help-overlay').waitFor({ state: 'detached' });

    // Bulk accept at 0.5: the count previewed is the count changed.
    await page.getByTestId('review-bulk-score').fill('0.5');
    await expect.poll(() => page.getByTestId('review-bulk-preview').textContent()).toMatch(/^\d+ proposals/);
    const previewed = Number(
      (await page.getByTestId('review-bulk-preview').textContent())!.split(' ')[0]!.replace(/,/g, ''),
    );
    const before = await callApi<{ byState: Record<string, number> }>(page, 'review.stats', {
      project: projectPath,
      filter: {},
    });
    expect(previewed).toBeGreaterThan(0);
    await page.getByTestId('review-bulk-accept').click();
    await page.getByTestId('review-bulk-confirm').waitFor();
    await page.screenshot({ path: join(SHOTS, 'review-bulk.png') });
    await page.getByTestId('review-bulk-confirm-accept').click();
    await expect
      .poll(
        async () =>
          (
            await callApi<{ byState: Record<string, number> }>(page, 'review.stats', {
              project: projectPath,
              filter: {},
            })
          ).byState.accepted,
      )
      .toBe(before.byState.accepted! + previewed);
    await expect.poll(() => page.getByTestId('review-bulk-preview').textContent()).toMatch(/^0 proposals/);
    expect(errors).toEqual([]);
  }, 240_000);
});
