// Visual prompt chains in the built browser-mode studio, driven in Chromium: plan from a request (offline
// planner), edit the chain, run it on one image and on the folder with the real PicoDet and the built-in
// classical segmenter, compare two chains side by side, ask a question. Writes test-results/screenshots/chains.png
// (docs/screenshots/chains.png is a copy of one, made on purpose rather than by every run).
import { copyFileSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useEmulatorKeys } from '../helpers/aws-env';
import { hasSharedAssets, sharedPath } from '../helpers/shared-assets';
import { createProject, startBrowserStudio, type BrowserStudio } from '../helpers/studio-page';
import { makeTempDir } from '../helpers/temp-dir';
import { startBedrockEmulator, type BedrockEmulator } from '../../scripts/emulators/bedrock/server';
import { DRIVING_IMAGES } from '../integration/chains-fixtures';

const SHOT = join('test-results', 'screenshots', 'chains.png');
const VIEWPORT = { width: 1600, height: 1000 };

async function setChain(page: Page, chain: unknown) {
  await page.getByTestId('chain-json').fill(JSON.stringify(chain, null, 2));
  await expect.poll(() => page.getByTestId('chain-check').textContent()).toMatch(/Valid chain/);
}

async function runRows(page: Page) {
  return page
    .locator('[data-testid^="chain-run-"]')
    .evaluateAll((rows) =>
      rows
        .filter((r) => r.tagName === 'TR')
        .map((r) => [...r.querySelectorAll('td')].slice(2, 5).map((td) => td.textContent!.trim())),
    );
}

describe.skipIf(!hasSharedAssets)('visual prompt chains in browser mode', () => {
  const tmp = makeTempDir('vps-e2e-chains-');
  const folder = join(tmp.dir, 'drive');
  let app: BrowserStudio;
  let bedrock: BedrockEmulator;
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    mkdirSync(folder);
    for (const path of DRIVING_IMAGES) copyFileSync(path, join(folder, basename(path)));
    // The studio process inherits this: PicoDet is found in the shared models folder.
    process.env.VISPROMPT_MODELS_DIR = sharedPath('models');
    // ...and signs Bedrock requests with the emulator's test credentials.
    useEmulatorKeys();
    bedrock = await startBedrockEmulator();
    app = await startBrowserStudio(join(tmp.dir, 'data'));
  });
  afterAll(async () => {
    process.env = savedEnv;
    await app?.stop();
    await bedrock?.close();
    tmp.cleanup();
  });

  it('plans, edits, runs on an image and on the folder, compares two chains and answers a question', async () => {
    const { page, errors } = await app.openPage(VIEWPORT);
    await createProject(page, { name: 'Drive', path: join(tmp.dir, 'Drive.vpstudio'), folder });
    await expect.poll(() => page.getByTestId('image-card').count(), { timeout: 30_000 }).toBe(3);

    await page.getByTestId('open-chains').click();
    await page.getByTestId('chains-screen').waitFor();
    await expect.poll(() => page.getByTestId('chain-engines').textContent()).toMatch(/picodet-s-320-coco/);

    // A request goes to the offline planner; its chain shows as steps and as editable JSON.
    await page.getByTestId('chain-request').fill('Segment all cars and people');
    await page.getByTestId('chain-plan').click();
    await page.getByTestId('plan-outcome').waitFor();
    expect(await page.getByTestId('plan-route').textContent()).toBe('Chain');
    expect(await page.getByTestId('plan-answered-by').textContent()).toBe('offline planner');
    await expect
      .poll(() => page.getByTestId('chain-steps').textContent())
      .toContain('detect-class (classes: car, person');
    expect(JSON.parse(await page.getByTestId('chain-json').inputValue())).toMatchObject({
      steps: [
        { op: 'detect-class', classes: ['car', 'person'] },
        { op: 'boxes-to-prompts' },
        { op: 'segment' },
        { op: 'dedupe' },
      ],
    });

    // Broken edits are named, not run.
    await page.getByTestId('chain-json').fill('{ "steps": [ { "op": "teleport" } ] }');
    await expect
      .poll(() => page.getByTestId('chain-check').textContent())
      .toContain("asks for 'teleport', which is not a step");
    expect(await page.getByTestId('chain-run-all').isDisabled()).toBe(true);

    const byBox = {
      steps: [
        { op: 'detect-class', classes: ['car'], minScore: 0.4 },
        { op: 'boxes-to-prompts' },
        { op: 'segment' },
      ],
    };
    await setChain(page, byBox);
    await page.getByTestId('chain-name').fill('cars by box');
    await page.getByTestId('chain-save').click();
    await expect.poll(() => page.getByTestId('chain-saved').textContent()).toContain('cars by box');

    await page.getByTestId('chain-run-image').click();
    await expect.poll(() => runRows(page), { timeout: 60_000 }).toEqual([['#1 cars by box', 'done', '1/1']]);
    await page.getByTestId('chain-run-all').click();
    await expect
      .poll(async () => (await runRows(page))[0], { timeout: 90_000 })
      .toEqual(['#2 cars by box', 'done', '3/3']);

    await setChain(page, { ...byBox, steps: [byBox.steps[0], { op: 'boxes-to-points' }, { op: 'segment' }] });
    await page.getByTestId('chain-name').fill('cars by centre point');
    await page.getByTestId('chain-run-all').click();
    await expect
      .poll(async () => (await runRows(page))[0], { timeout: 90_000 })
      .toEqual(['#3 cars by centre point', 'done', '3/3']);

    // The two newest runs are compared: box prompts (A) vs centre points (B), masks side by side.
    await page.getByTestId('chain-compare').waitFor();
    await expect
      .poll(() => page.getByTestId('compare-summary').textContent())
      .toMatch(/^3 images · regions A \d+, B \d+/);
    expect(await page.getByTestId('chain-compare').textContent()).toContain('Run #2 (A) vs #3 (B)');
    await page.getByTestId('compare-image-1').click();
    await expect
      .poll(() => page.getByTestId('compare-view-a').getAttribute('data-drawn'), { timeout: 30_000 })
      .toMatch(/^[1-9]\d*$/);
    await expect
      .poll(() => page.getByTestId('compare-view-b').getAttribute('data-drawn'), { timeout: 30_000 })
      .toMatch(/^[1-9]\d*$/);
    await page.screenshot({ path: SHOT, fullPage: true });

    // The box run's masks go to the review queue as proposals.
    await page.getByTestId('chain-propose-2').click();
    await expect
      .poll(() => page.locator('.toast-text').allTextContents())
      .toContainEqual(expect.stringMatching(/^Run 2: [1-9]\d* proposals on 3 images for review/));

    // A question goes to the vision-language path; offline, a template over the detector answers and says so.
    await page.getByTestId('chain-request').fill('How many cars are there?');
    await page.getByTestId('chain-plan').click();
    await expect
      .poll(() => page.getByTestId('plan-route').textContent())
      .toBe('Question for the vision-language model');
    expect(await page.getByTestId('plan-answered-by').textContent()).toBe('offline template');
    expect(await page.getByTestId('plan-answer').textContent()).toMatch(/^\d+ cars?\.$/);
    expect(errors).toEqual([]);
  });

  it('plans and answers through Bedrock once its settings point at the emulator', async () => {
    const { page, errors } = await app.openPage(VIEWPORT);
    await page.getByTestId('recent-project').first().click();
    await page.getByTestId('open-chains').click();
    await page.getByTestId('bedrock-toggle').click();
    const model = 'anthropic.claude-3-5-sonnet-20240620-v1:0';
    await page.getByTestId('bedrock-modelId').fill(model);
    await page.getByTestId('bedrock-endpoint').fill(bedrock.url);
    await page.getByTestId('bedrock-save').click();
    await expect
      .poll(() => page.getByTestId('chain-engines').textContent())
      .toContain(`Planner: Bedrock ${model}`);

    await page.getByTestId('chain-request').fill('Mask every bus and truck');
    await page.getByTestId('chain-plan').click();
    await expect.poll(() => page.getByTestId('plan-answered-by').textContent()).toBe(model);
    expect(await page.getByTestId('plan-outcome').textContent()).toContain(
      'Bedrock emulator: no language model ran.',
    );
    await expect
      .poll(() => page.getByTestId('chain-steps').textContent())
      .toContain('detect-class (classes: bus, truck');

    await page.getByTestId('chain-request').fill('Is there a person in this picture?');
    await page.getByTestId('chain-plan').click();
    await expect
      .poll(() => page.getByTestId('plan-route').textContent())
      .toBe('Question for the vision-language model');
    expect(await page.getByTestId('plan-answered-by').textContent()).toBe(model);
    expect(await page.getByTestId('plan-answer').textContent()).toMatch(/^(Yes|No)\b[\s\S]*Bedrock emulator/);
    expect(bedrock.calls.map((c) => c.kind)).toEqual(['plan', 'ask']);
    expect(errors).toEqual([]);
  });
});
