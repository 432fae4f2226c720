// A chain run step by step and a running chain cancelled (issue 19 item 8), in real Chromium against the built
// browser-mode studio, with the real PicoDet and the built-in classical segmenter on real driving frames.
import { copyFileSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChainRun, ChainRunImage } from '../../shared/chains/runs';
import { hasSharedAssets, sharedPath } from '../helpers/shared-assets';
import { callApi, createProject, startBrowserStudio, type BrowserStudio } from '../helpers/studio-page';
import { makeTempDir } from '../helpers/temp-dir';
import { DRIVING_IMAGES } from '../integration/chains-fixtures';

const SHOTS = join('test-results', 'screenshots');

async function setChain(page: Page, chain: unknown) {
  await page.getByTestId('chain-json').fill(JSON.stringify(chain, null, 2));
  await expect.poll(() => page.getByTestId('chain-check').textContent()).toMatch(/Valid chain/);
}

describe.skipIf(!hasSharedAssets)('chain runs step by step in browser mode', () => {
  const tmp = makeTempDir('vps-e2e-chain-steps-');
  const folder = join(tmp.dir, 'drive');
  const project = join(tmp.dir, 'Steps.vpstudio');
  let app: BrowserStudio;
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    mkdirSync(folder);
    for (const path of DRIVING_IMAGES) copyFileSync(path, join(folder, basename(path)));
    process.env.VISPROMPT_MODELS_DIR = sharedPath('models');
    app = await startBrowserStudio(join(tmp.dir, 'data'));
  });
  afterAll(async () => {
    process.env = savedEnv;
    await app?.stop();
    tmp.cleanup();
  });

  it("shows each step's boxes, points and masks of a run, and cancels a running chain", async () => {
    const { page, errors } = await app.openPage({ width: 1600, height: 1000 });
    await createProject(page, { name: 'Steps', path: project, folder, images: 3 });
    await page.getByTestId('open-chains').click();
    await page.getByTestId('chains-screen').waitFor();
    await expect.poll(() => page.getByTestId('chain-engines').textContent()).toMatch(/picodet-s-320-coco/);

    const chain = {
      steps: [
        { op: 'detect-class', classes: ['car'], minScore: 0.4 },
        { op: 'boxes-to-points' },
        { op: 'segment' },
      ],
    };
    await setChain(page, chain);
    await page.getByTestId('chain-run-image').click();
    await page.getByTestId('chain-steps-1').waitFor({ timeout: 60_000 });
    await page.getByTestId('chain-steps-1').click();

    // One view per step, each with what the studio recorded for it: boxes, then the same with prompt points,
    // then masks; every view drawn with its regions.
    const outputs = page.getByTestId('chain-step-output');
    await expect.poll(() => outputs.count()).toBe(3);
    const [record] = await callApi<ChainRunImage[]>(page, 'chains.runImages', { project, runId: 1 });
    expect(await outputs.evaluateAll((els) => els.map((e) => e.getAttribute('data-op')))).toEqual([
      'detect-class',
      'boxes-to-points',
      'segment',
    ]);
    const counts = record!.steps.map((s) => String(s.outCount));
    expect(await outputs.evaluateAll((els) => els.map((e) => e.getAttribute('data-count')))).toEqual(counts);
    expect(record!.steps[0]!.outCount).toBeGreaterThan(0);
    expect(record!.steps[1]!.regions.every((r) => r.prompt && 'point' in r.prompt)).toBe(true);
    expect(record!.steps[2]!.regions.every((r) => r.rle)).toBe(true);
    for (let k = 0; k < 3; k++)
      await expect
        .poll(() => page.getByTestId(`chain-step-view-${k}`).getAttribute('data-drawn'), { timeout: 30_000 })
        .toBe(counts[k]);
    expect(await outputs.nth(0).textContent()).toMatch(/detect-class.*\d+ in → \d+ regions? out · \d+ ms/s);
    await page.getByTestId('chain-steps-card').screenshot({ path: join(SHOTS, 'chain-steps.png') });

    // A slow chain on every image (many low-score regions, each segmented): Cancel stops it part-way; the
    // images done are kept and the run can be resumed.
    await setChain(page, {
      steps: [
        { op: 'detect-class', classes: ['car', 'person', 'traffic light'], minScore: 0.05 },
        { op: 'boxes-to-points' },
        { op: 'segment' },
      ],
    });
    await page.getByTestId('chain-run-all').click();
    await page.getByTestId('chain-cancel').click();
    await expect
      .poll(() => page.locator('.toast-text').allTextContents(), { timeout: 60_000 })
      .toContainEqual(expect.stringMatching(/^Chain run 2 on 3 images cancelled/));
    const run = await callApi<ChainRun>(page, 'chains.getRun', { project, runId: 2 });
    expect(run.status).toBe('partial');
    expect(run.done).toBeLessThan(3);
    await expect.poll(() => page.getByTestId('chain-run-2').textContent()).toMatch(/partial.*Resume/);
    expect(await page.getByTestId('chain-cancel').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
