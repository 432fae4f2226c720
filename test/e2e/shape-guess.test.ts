// The classical engine says when its answer is a shape guess: a box prompt whose cut fails the engine's checks is
// answered with the box's likely shape, and the segment panel marks that candidate "shape guess"; a box whose cut
// holds is answered with the cut, unmarked (issue 12: the honest classical engine).
import { copyFileSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Box, ImageRecord } from '../../shared/domain';
import { rleToBox } from '../../shared/geometry';
import { groundTruth, MOTS, MOTS_FRAME } from '../helpers/mots-truth';
import { hasSharedAssets } from '../helpers/shared-assets';
import {
  callApi,
  createProject,
  imagePoint as at,
  openImage,
  startBrowserStudio,
  type BrowserStudio,
} from '../helpers/studio-page';
import { makeTempDir } from '../helpers/temp-dir';

const SHOTS = join('test-results', 'screenshots');
const editorState = (page: Page) => page.evaluate(() => window.visprompt!.editor.state());

/** A new prompt (N) of one box, dragged with the point tool, and its answer. */
async function boxPrompt(page: Page, box: Box): Promise<void> {
  await page.keyboard.press('n');
  await page.keyboard.press('p');
  await page.mouse.move(...(await at(page, box[0], box[1])));
  await page.mouse.down();
  await page.mouse.move(...(await at(page, box[2], box[3])), { steps: 5 });
  await page.mouse.up();
  await page.locator('[data-testid="segment-activity"][data-state="done"]').waitFor({ timeout: 30_000 });
  await expect.poll(async () => (await editorState(page))?.candidates?.items.length ?? 0).toBeGreaterThan(0);
}

describe.skipIf(!hasSharedAssets)('shape guesses of the classical engine', () => {
  const tmp = makeTempDir('vps-e2e-guess-');
  const folder = join(tmp.dir, 'drive');
  let app: BrowserStudio;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    mkdirSync(folder);
    copyFileSync(join(MOTS, MOTS_FRAME), join(folder, MOTS_FRAME));
    app = await startBrowserStudio(join(tmp.dir, 'data'));
  });
  afterAll(async () => {
    await app?.stop();
    tmp.cleanup();
  });

  it('marks the candidate that is the box’s likely shape, and not the one that is a cut', async () => {
    const { page, errors } = await app.openPage({ width: 1440, height: 900 });
    const project = join(tmp.dir, 'Guess.vpstudio');
    await createProject(page, { name: 'Guess', path: project, folder, images: 1 });
    const images = await callApi<{ items: ImageRecord[] }>(page, 'images.list', { project });
    await openImage(page, images.items.find((i) => basename(i.path) === MOTS_FRAME)!.id);

    // The dark car on the right: its GrabCut cut fails the checks, the engine draws the box's shape.
    await boxPrompt(page, rleToBox(groundTruth(MOTS_FRAME, '1218')));
    const note = page.getByTestId('segment-shape-guess');
    await expect.poll(() => note.isVisible()).toBe(true);
    expect(await note.textContent()).toMatch(/shape guess.*likely\s+shape/);
    expect((await editorState(page))!.candidates!.items[0]!.shapeGuess).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'shape-guess.png') });

    // The small car left of centre: its cut holds, no note.
    await boxPrompt(page, rleToBox(groundTruth(MOTS_FRAME, '43794')));
    await expect.poll(() => note.count()).toBe(0);
    expect((await editorState(page))!.candidates!.items[0]!.shapeGuess).toBeUndefined();
    expect(errors).toEqual([]);
  });
});
