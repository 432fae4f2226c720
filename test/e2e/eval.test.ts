// The evaluation screen of the built browser-mode studio, in Chromium, on the shared driving sample with its
// ground truth imported: an experiment started from the UI (centre point, box, box + centre and corrective
// clicks with the classical engine, next to the filled-box and ellipse baselines), followed to the end, its
// size-bucket table (the 33 masked objects), clicks table and charts; a worst object drawn with its truth and
// prediction and opened in the editor; the report written and its files on disk; an experiment on truth that
// has no masks, and a report into a folder that cannot be one, both said in the screen; two chain runs scored
// side by side on one label. Writes test-results/screenshots/eval-*.png (the results also in the light theme);
// docs/screenshots/eval-*.png are copies of them, made on purpose rather than by every run.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchJob } from '../../shared/api/batch';
import type { ImagePage } from '../../shared/api/images';
import { drivingTruthProject, MASKED_OBJECTS } from '../helpers/driving-truth';
import { hasSharedAssets, sharedPath } from '../helpers/shared-assets';
import { callApi, startBrowserStudio, type BrowserStudio } from '../helpers/studio-page';
import { jobResult } from '../helpers/studio-server';
import { makeTempDir } from '../helpers/temp-dir';

const VIEWPORT = { width: 1440, height: 1000 };
const SHOTS = join('test-results', 'screenshots');
const PROMPTS = ['centre', 'box', 'box-centre', 'clicks'];
const BASELINES = ['filled-box', 'ellipse'];
const ALL_STRATEGIES = [
  'centre',
  'random-point',
  'k-points',
  'box',
  'box-centre',
  'box-jitter',
  'clicks',
  'filled-box',
  'ellipse',
];

describe.skipIf(!hasSharedAssets)('evaluation screen in browser mode', () => {
  const tmp = makeTempDir('vps-e2e-eval-');
  const projectPath = join(tmp.dir, 'Truth.vpstudio');
  let app: BrowserStudio;
  let page: Page;
  let errors: string[];
  const savedEnv = { ...process.env };
  const call = <T>(method: string, input: unknown) => callApi<T>(page, method, input);
  const settled = async (jobId: number) => {
    for (;;) {
      const job = await call<BatchJob>('batch.get', { project: projectPath, jobId });
      if (job.status !== 'running' && job.status !== 'queued') return job;
      await new Promise((r) => setTimeout(r, 200));
    }
  };

  beforeAll(async () => {
    // The COCO detector for the chain jobs; no SAM weights here, so the local segmenter is the classical one.
    process.env.VISPROMPT_MODELS_DIR = sharedPath('models');
    app = await startBrowserStudio(join(tmp.dir, 'data'));
    ({ page, errors } = await app.openPage(VIEWPORT));
    await drivingTruthProject(call, projectPath);
  });
  afterAll(async () => {
    process.env = savedEnv;
    await app?.stop();
    tmp.cleanup();
  });

  it('runs an experiment from the UI and shows its tables, charts, worst objects and report', async () => {
    const origin = new URL(app.studio.loginUrl).origin;
    await page.goto(`${origin}/#/project?path=${encodeURIComponent(projectPath)}`);
    await page.getByTestId('open-eval').click();
    await page.getByTestId('eval-screen').waitFor();
    // No experiment yet: the screen opens on a new one.
    await page.getByTestId('eval-new').waitFor();

    for (const s of ALL_STRATEGIES)
      await page.getByTestId(`eval-strategy-${s}`).setChecked([...PROMPTS, ...BASELINES].includes(s));
    await page.getByTestId('eval-engine-classical').setChecked(true);
    await page.getByTestId('eval-max-clicks').fill('5');
    await page.getByTestId('eval-name').fill('Prompts on the classical engine');
    // A value the API's schema refuses is said before anything is sent.
    await page.getByTestId('eval-max-clicks').fill('0');
    expect(await page.getByTestId('eval-start-problem').textContent()).toMatch(/maxClicks/);
    expect(await page.getByTestId('eval-start').isDisabled()).toBe(true);
    await page.getByTestId('eval-max-clicks').fill('5');
    await page.screenshot({ path: join(SHOTS, 'eval-new.png') });
    await page.getByTestId('eval-start').click();

    const item = page.getByTestId('eval-item').first();
    await item.waitFor();
    const jobId = Number(await item.getAttribute('data-job-id'));
    // While it runs, the jobs screen's card follows it.
    await page.getByTestId(`job-${jobId}`).waitFor();
    await expect.poll(() => page.getByTestId('jobs-badge').textContent()).toMatch(/Evaluating \d+%/);
    // The tables fill in as images finish.
    await page.getByTestId('eval-bucket-table').waitFor({ timeout: 300_000 });
    if ((await item.getAttribute('data-status')) === 'running')
      await page.screenshot({ path: join(SHOTS, 'eval-running.png') });
    await expect
      .poll(() => item.getAttribute('data-status'), { timeout: 300_000, interval: 500 })
      .toBe('done');

    // The size-bucket table: every masked object, one row per engine and strategy.
    await expect
      .poll(() => page.getByTestId('eval-count-all').textContent())
      .toContain(`(${MASKED_OBJECTS})`);
    expect(await page.getByTestId('eval-objects').textContent()).toContain(`${MASKED_OBJECTS} objects`);
    const rows = page.getByTestId('eval-bucket-table').getByTestId('eval-row');
    const shown = await rows.evaluateAll((els) =>
      els.map((el) => `${el.getAttribute('data-engine')}/${el.getAttribute('data-strategy')}`),
    );
    expect(shown.sort()).toEqual(
      [...BASELINES.map((s) => `baseline/${s}`), ...PROMPTS.map((s) => `classical/${s}`)].sort(),
    );
    const summary = await call<{
      table: { engine: string; strategy: string; bucket: string; miou: number }[];
    }>('eval.summary', { project: projectPath, jobId });
    const boxAll = summary.table.find(
      (r) => r.engine === 'classical' && r.strategy === 'box' && r.bucket === 'all',
    )!;
    const boxRow = page.locator('[data-testid="eval-row"][data-engine="classical"][data-strategy="box"]');
    expect(await boxRow.textContent()).toContain(boxAll.miou.toFixed(2));
    expect(await boxRow.textContent()).toMatch(/\d+ %/); // the shape-guess share
    // The clicks table: NoC@85 / NoC@90 and mIoU up to the 5 clicks asked (10 and 20 are dashes).
    const clicks = page.getByTestId('eval-clicks-row');
    expect(await clicks.count()).toBe(1);
    const cells = await clicks.locator('td').allTextContents();
    expect(cells[0]).toBe('classical');
    expect(cells.slice(-2)).toEqual(['-', '-']);
    // The problems: KITTI's truth is boxes only.
    expect(await page.getByTestId('eval-problems').textContent()).toMatch(/box/);
    // The charts, drawn as SVG.
    const charts = page.getByTestId('eval-chart');
    await expect.poll(() => charts.locator('svg').count()).toBe(4);
    // The whole screen in one picture: a viewport as tall as the page, cut where the page ends.
    await page.setViewportSize({ width: 1440, height: 2400 });
    await page.waitForTimeout(400);
    const bottom = await page.locator('.eval-grid').evaluate((el) => el.getBoundingClientRect().bottom);
    await page.screenshot({
      path: join(SHOTS, 'eval-results.png'),
      clip: { x: 0, y: 0, width: 1440, height: Math.ceil(bottom) + 24 },
    });
    // The light theme: the charts take its colours too.
    await call('settings.update', { theme: 'light' });
    await page.reload();
    await expect.poll(() => charts.locator('svg').count()).toBe(4);
    await page.waitForTimeout(400);
    await page.screenshot({
      path: join(SHOTS, 'eval-results-light.png'),
      clip: { x: 0, y: 0, width: 1440, height: 1400 },
    });
    await call('settings.update', { theme: 'dark' });
    await page.reload();
    await expect.poll(() => charts.locator('svg').count()).toBe(4);
    await page.setViewportSize(VIEWPORT);

    // A row -> its worst objects -> the first drawn with truth and prediction.
    await boxRow.click();
    const worst = page.getByTestId('eval-worst');
    await worst.waitFor();
    const first = worst.getByTestId('eval-worst-item').first();
    await first.waitFor();
    const worstIou = (await first.locator('.eval-worst-iou').textContent())!;
    const results = await call<{ results: { id: number; iou: number }[] }>('eval.results', {
      project: projectPath,
      jobId,
      engine: 'classical',
      strategy: 'box',
      limit: 1,
    });
    expect(worstIou).toBe(results.results[0]!.iou.toFixed(2));
    await first.click();
    const overlay = page.getByTestId('eval-overlay');
    await expect.poll(() => overlay.getAttribute('data-result-id')).toBe(String(results.results[0]!.id));
    expect(await page.getByTestId('eval-overlay-iou').textContent()).toBe(`IoU ${worstIou}`);
    // J / K walk the list (actions of the evaluation screen), back to the worst.
    const second = await worst.getByTestId('eval-worst-item').nth(1).getAttribute('data-result-id');
    await page.keyboard.press('j');
    await expect.poll(() => overlay.getAttribute('data-result-id')).toBe(second);
    await page.keyboard.press('k');
    await expect.poll(() => overlay.getAttribute('data-result-id')).toBe(String(results.results[0]!.id));
    await overlay.getByTestId('eval-overlay-canvas').locator('canvas').first().waitFor();
    await page.waitForTimeout(500); // the image decodes
    // The prediction's pink and the truth's green are both on the canvas.
    const colours = await overlay
      .locator('canvas')
      .first()
      .evaluate((canvas: HTMLCanvasElement) => {
        const ctx = canvas.getContext('2d')!;
        const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
        let pink = 0;
        let green = 0;
        for (let i = 0; i < data.length; i += 4) {
          const [r, g, b] = [data[i]!, data[i + 1]!, data[i + 2]!];
          if (r > 200 && g < 140 && b > 110) pink++;
          if (g > 190 && r < 120 && b < 170) green++;
        }
        return { pink, green };
      });
    expect(colours.pink).toBeGreaterThan(20);
    expect(colours.green).toBeGreaterThan(20);
    await worst.scrollIntoViewIfNeeded();
    await page.mouse.move(0, 0);
    await worst.screenshot({ path: join(SHOTS, 'eval-overlay.png') });

    // The report: its files listed and on disk; results.csv has a row per scored object and strategy.
    await page.getByTestId('eval-export-open').click();
    const folder = join(tmp.dir, 'report');
    await page.getByTestId('eval-report-folder').fill(folder);
    await page.getByTestId('eval-report-write').click();
    await page.getByTestId('eval-report-files').waitFor({ timeout: 60_000 });
    const listed = await page.getByTestId('eval-report-file').allTextContents();
    expect(listed).toEqual(expect.arrayContaining(['report.md', 'summary.csv', 'results.csv']));
    for (const f of listed) expect(existsSync(join(folder, f)), f).toBe(true);
    expect(readdirSync(join(folder, 'charts')).filter((f) => f.endsWith('.png')).length).toBe(4);
    const csvRows = readFileSync(join(folder, 'results.csv'), 'utf8').trim().split('\n').length - 1;
    expect(csvRows).toBeGreaterThanOrEqual(MASKED_OBJECTS * (PROMPTS.length + BASELINES.length));
    expect(readFileSync(join(folder, 'report.md'), 'utf8')).toContain(`all (${MASKED_OBJECTS})`);

    // A report into a path that is a file: the reason in the screen.
    const blocker = join(tmp.dir, 'not-a-folder');
    writeFileSync(blocker, 'x');
    await page.getByTestId('eval-report-folder').fill(blocker);
    await page.getByTestId('eval-report-write').click();
    await page.getByTestId('eval-report-error').waitFor();

    // Open in editor: the object's image in the editor, its truth annotation selected.
    const opened = (
      await call<{ results: { imageId: number; truthId: number }[] }>('eval.results', {
        project: projectPath,
        jobId,
        engine: 'classical',
        strategy: 'box',
        limit: 1,
      })
    ).results[0]!;
    await page.getByTestId('eval-open-editor').click();
    await expect.poll(() => page.url()).toContain(`/project/image/${opened.imageId}`);
    await page.locator('[data-testid="image-stage"][data-ready="true"]').waitFor({ timeout: 30_000 });
    await expect
      .poll(() =>
        page
          .locator(`[data-testid="annotation-row"][data-id="${opened.truthId}"]`)
          .getAttribute('aria-selected'),
      )
      .toBe('true');
    await page.goBack();
    await page.getByTestId('eval-screen').waitFor();
    // Back on the screen the list is where it was; Esc closes it.
    await worst.waitFor();
    await page.keyboard.press('Escape');
    await worst.waitFor({ state: 'detached' });
    expect(errors).toEqual([]);
  });

  it('says so when an experiment has no truth it can score', async () => {
    const images = await call<ImagePage>('images.list', { project: projectPath, limit: 100 });
    const kitti = images.items.find((i) => i.path.endsWith('000000.png'))!;
    const job = await call<BatchJob>('batch.create', {
      project: projectPath,
      kind: 'eval',
      name: 'Boxes only',
      spec: { strategies: ['filled-box'] },
      images: { imageIds: [kitti.id] },
    });
    await settled(job.id);
    await page.locator(`[data-testid="eval-item"][data-job-id="${job.id}"]`).click();
    await page.getByTestId('eval-no-truth').waitFor();
    expect(await page.getByTestId('eval-problems').textContent()).toMatch(/box/);
    expect(await page.getByTestId('eval-export-open').isDisabled()).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'eval-no-truth.png') });
  });

  it('scores two chain runs against the truth side by side, on the labels picked', async () => {
    const detect = { op: 'detect-class', classes: ['car'] };
    const imageIds = (await call<ImagePage>('images.list', { project: projectPath, limit: 100 })).items.map(
      (i) => i.id,
    );
    const run = async (name: string, steps: unknown[]) => {
      const { jobId, runId } = await call<{ jobId: string; runId: number }>('chains.run', {
        project: projectPath,
        name,
        chain: { steps },
        imageIds,
      });
      await jobResult(call, jobId);
      return runId;
    };
    const boxes = await run('Cars, boxes', [detect]);
    const masks = await run('Cars, masks', [detect, { op: 'boxes-to-prompts' }, { op: 'segment' }]);
    // A chain job is offered too (its proposals skip what repeats the truth).
    const job = await call<BatchJob>('batch.create', {
      project: projectPath,
      chain: { steps: [detect] },
      images: { all: true },
    });
    expect((await settled(job.id)).status).toBe('done');

    await page.reload();
    await page.getByTestId('eval-chains-open').click();
    await page.getByTestId(`eval-chain-${job.id}`).waitFor();
    await page.getByTestId(`eval-run-${boxes}`).check();
    await page.getByTestId(`eval-run-${masks}`).check();
    await page.getByTestId('eval-chains-label-car').check();
    await page.getByTestId('eval-chains-score').click();
    const table = page.getByTestId('eval-chain-table');
    await table.waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('eval-chain-head').allTextContents()).toEqual([
      `Cars, boxes run ${boxes}`,
      `Cars, masks run ${masks}`,
    ]);
    const scores = await call<{ overall: { ap: number }; byClass: { label: string }[] }[]>(
      'eval.scoreChains',
      { project: projectPath, runIds: [boxes, masks], labels: ['car'] },
    );
    expect(scores.every((s) => s.overall.ap > 0)).toBe(true);
    const apRow = await table.locator('tr', { hasText: /^AP\d/ }).first().locator('td').allTextContents();
    expect(apRow).toEqual(['AP', ...scores.map((s) => s.overall.ap.toFixed(3))]);
    // Only the label picked is scored.
    const classRows = await table
      .locator('tr')
      .evaluateAll((rows) => rows.map((r) => r.firstElementChild?.textContent ?? ''));
    expect(classRows.slice(classRows.indexOf('AP by class') + 1)).toEqual(['car']);
    await page.screenshot({ path: join(SHOTS, 'eval-chains.png') });
    expect(errors).toEqual([]);
  });
});
