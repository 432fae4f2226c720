// The labeler's second-by-second loop (issue 19) in real Chromium against the built browser-mode studio, on a
// real BDD100K frame: what is on screen after undo/redo of prompt clicks, the project header's counts, brush
// strokes that join the mask under them, the mask colours, and detection over the library.
import { copyFileSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchJob } from '../../shared/api/batch';
import type { Annotation, ImageRecord, Rle } from '../../shared/domain';
import { rleIou, rleToMask } from '../../shared/geometry';
import sharp from 'sharp';
import { deltaE, labOf } from '../helpers/color-contrast';
import { DRIVING_SAMPLE, hasSharedAssets, sharedPath } from '../helpers/shared-assets';
import { groundTruth, MOTS, MOTS_FRAME, MOTS_NEXT, spill } from '../helpers/mots-truth';
import { objectClick } from '../helpers/object-click';
import {
  addLabels,
  callApi,
  createProject,
  imagePoint as at,
  openImage,
  startBrowserStudio,
  type BrowserStudio,
} from '../helpers/studio-page';
import { makeTempDir } from '../helpers/temp-dir';

const SHOTS = join('test-results', 'screenshots');
const IMAGES = [
  join(MOTS, MOTS_FRAME),
  join(MOTS, MOTS_NEXT),
  join(DRIVING_SAMPLE, 'bdd100k_ins_seg', '620a7840-33cada02.jpg'),
];

const editorState = (page: Page) => page.evaluate(() => window.visprompt!.editor.state());

/** Waits for the model's answer to the prompt just placed and returns its candidates' masks. */
async function answer(page: Page) {
  await page.locator('[data-testid="segment-activity"][data-state="done"]').waitFor({ timeout: 30_000 });
  await expect.poll(async () => (await editorState(page))?.candidates?.items.length ?? 0).toBeGreaterThan(0);
  return (await editorState(page))!.candidates!.items.map((c) => c.rle);
}

describe.skipIf(!hasSharedAssets)('the labeling loop in browser mode', () => {
  const tmp = makeTempDir('vps-e2e-loop-');
  const folder = join(tmp.dir, 'drive');
  const project = join(tmp.dir, 'Loop.vpstudio');
  let app: BrowserStudio;
  let page: Page;
  let errors: string[];
  let images: ImageRecord[];
  const savedEnv = { ...process.env };
  const stored = (imageId: number) => callApi<Annotation[]>(page, 'annotations.list', { project, imageId });
  const frameId = () => images.find((i) => basename(i.path) === MOTS_FRAME)!.id;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    mkdirSync(folder);
    for (const path of IMAGES) copyFileSync(path, join(folder, basename(path)));
    // PicoDet is found there, SAM weights are not: the classical engine answers clicks.
    process.env.VISPROMPT_MODELS_DIR = sharedPath('models');
    app = await startBrowserStudio(join(tmp.dir, 'data'));
    ({ page, errors } = await app.openPage({ width: 1440, height: 900 }));
    await createProject(page, { name: 'Loop', path: project, folder, images: 3 });
    await addLabels(page, ['car', 'person']);
    await page.getByTestId('label-row').nth(1).waitFor();
    images = (await callApi<{ items: ImageRecord[] }>(page, 'images.list', { project })).items;
  });
  afterAll(async () => {
    process.env = savedEnv;
    await app?.stop();
    tmp.cleanup();
  });

  it('undo of a negative click brings back the masks of the prompt before it, and Enter saves that one', async () => {
    await openImage(page, frameId());
    await page.keyboard.press('1');
    await page.keyboard.press('p');
    const truth = groundTruth(MOTS_FRAME, '1218');
    const click = objectClick(truth);
    await page.mouse.click(...(await at(page, ...click)));
    const first = await answer(page);

    // A negative click where the mask spilled over (else below the car): a different answer.
    const negative = spill(first[0]!, truth, click) ?? [click[0], click[1] + 40];
    await page.mouse.click(...(await at(page, ...negative)), { button: 'right' });
    await expect.poll(async () => (await editorState(page))!.prompt.points.length).toBe(2);
    const refined = await answer(page);
    expect(rleIou(refined[0]!, first[0]!)).toBeLessThan(1);

    // Undo: one point again, and the masks on screen are that prompt's, not the negative click's.
    await page.keyboard.press('Control+z');
    await expect.poll(async () => (await editorState(page))!.prompt.points.length).toBe(1);
    await expect
      .poll(async () => (await editorState(page))!.candidates?.items.map((c) => c.rle.counts))
      .toEqual(first.map((r) => r.counts));
    expect(await page.getByTestId('segment-activity').getAttribute('data-state')).toBe('restored');
    await page.mouse.move(10, 10);
    await page.screenshot({ path: join(SHOTS, 'loop-undo-restored.png') });
    // Redo brings the negative click's masks back; undo again, then Enter accepts the first answer.
    await page.keyboard.press('Control+Shift+z');
    await expect
      .poll(async () => (await editorState(page))!.candidates?.items.map((c) => c.rle.counts))
      .toEqual(refined.map((r) => r.counts));
    await page.keyboard.press('Control+z');
    await expect.poll(async () => (await editorState(page))!.prompt.points.length).toBe(1);
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await stored(frameId())).length).toBe(1);
    expect((await stored(frameId()))[0]!.rle!.counts).toBe(first[0]!.counts);
    expect(errors).toEqual([]);
  });
  it('the project header counts follow every save, with no reload', async () => {
    const before = (await callApi<{ counts: { annotations: number } }>(page, 'projects.info', { project }))
      .counts.annotations;
    const counts = page.getByTestId('project-counts');
    await page.getByTestId('image-back').click();
    await expect.poll(() => counts.textContent()).toContain(`${before} annotation`);

    // Two boxes drawn by hand: the header says so on the way back, without a reload.
    await openImage(page, frameId());
    await page.keyboard.press('b');
    for (const [x, y] of [
      [100, 400],
      [300, 420],
    ] as const) {
      await page.mouse.move(...(await at(page, x, y)));
      await page.mouse.down();
      await page.mouse.move(...(await at(page, x + 80, y + 60)), { steps: 4 });
      await page.mouse.up();
    }
    await expect.poll(async () => (await stored(frameId())).length).toBe(before + 2);
    await page.getByTestId('image-back').click();
    await expect.poll(() => counts.textContent()).toContain(`${before + 2} annotations`);
    await page.screenshot({ path: join(SHOTS, 'loop-header-counts.png') });

    // Deleting one in the image view: the header follows.
    await openImage(page, frameId());
    await page.keyboard.press('v');
    await page.mouse.click(...(await at(page, 140, 430)));
    await expect.poll(async () => (await editorState(page))!.selection.length).toBe(1);
    await page.keyboard.press('Delete');
    await expect.poll(async () => (await stored(frameId())).length).toBe(before + 1);
    await page.getByTestId('image-back').click();
    await expect.poll(() => counts.textContent()).toContain(`${before + 1} annotation`);
    expect(errors).toEqual([]);
  });
  it('brush strokes on one object make one mask; Shift starts a new one; a stroke over a mask joins it', async () => {
    const street = images.find((i) => basename(i.path) === basename(IMAGES[2]!))!.id;
    await openImage(page, street);
    await page.keyboard.press('1');
    await page.keyboard.press('m');
    const paint = async (from: [number, number], to: [number, number], shift = false) => {
      if (shift) await page.keyboard.down('Shift');
      await page.mouse.move(...(await at(page, ...from)));
      await page.mouse.down();
      await page.mouse.move(...(await at(page, ...to)), { steps: 6 });
      await page.mouse.up();
      if (shift) await page.keyboard.up('Shift');
    };
    const masks = async () => (await stored(street)).filter((a) => a.kind === 'mask');
    await paint([200, 500], [300, 520]);
    await expect.poll(async () => (await masks()).length).toBe(1);
    const firstArea = (await masks())[0]!.area;
    // A second stroke away from the first goes on with the mask just painted (it stays selected).
    await paint([200, 600], [300, 610]);
    await expect.poll(async () => (await masks())[0]!.area).toBeGreaterThan(firstArea);
    expect(await masks()).toHaveLength(1);
    // Shift-drag: a new mask.
    await paint([800, 500], [950, 520], true);
    await expect.poll(async () => (await masks()).length).toBe(2);
    // Nothing selected: a stroke over the first mask joins it rather than making a third.
    await page.keyboard.press('Escape');
    await expect.poll(async () => (await editorState(page))!.selection).toEqual([]);
    const [first] = await masks();
    await paint([250, 505], [250, 580]);
    await expect
      .poll(async () => (await masks()).find((a) => a.id === first!.id)!.area)
      .toBeGreaterThan(first!.area);
    expect(await masks()).toHaveLength(2);
    // Each stroke was one undo step: undo takes the last one back off the first mask.
    await page.keyboard.press('Control+z');
    await expect.poll(async () => (await masks()).find((a) => a.id === first!.id)!.area).toBe(first!.area);
    await page.mouse.move(...(await at(page, 600, 560)));
    await page.screenshot({ path: join(SHOTS, 'loop-brush.png') });
    expect(errors).toEqual([]);
  });
  it('detect cars from the library on the selection, then on all images as a job, with no stacked copies; accept all on an image', async () => {
    await page.getByTestId('image-back').click();
    const frames = images.filter((i) => basename(i.path) !== basename(IMAGES[2]!));
    for (const f of frames)
      await page
        .locator(`[data-testid="image-card"][data-image-id="${f.id}"]`)
        .click({ modifiers: ['Control'] });
    await expect.poll(() => page.getByTestId('selection-bar').textContent()).toMatch(/2 selected/);
    const jobs = () => callApi<BatchJob[]>(page, 'batch.list', { project });
    const finished = async (n: number) => {
      await expect
        .poll(async () => (await jobs()).filter((j) => j.status === 'done').length, { timeout: 60_000 })
        .toBe(n);
      return (await jobs()).find((j) => j.status === 'done' && !seen.has(j.id))!;
    };
    const seen = new Set<number>();
    await page.getByTestId('library-detect-cars').click();
    const first = await finished(1);
    seen.add(first.id);
    expect(first).toMatchObject({ name: 'Detect cars', total: 2 });
    expect(first.proposals).toBeGreaterThanOrEqual(4);
    const proposals = async () =>
      (await Promise.all(images.map((i) => stored(i.id)))).flat().filter((a) => a.reviewState === 'proposed');
    const afterFirst = (await proposals()).length;
    expect(afterFirst).toBe(first.proposals);

    // Again on all three images: the two frames' cars are there already, so only the street's are new.
    await page.getByTestId('selection-bar').getByRole('button', { name: /Clear/ }).click();
    await page
      .getByTestId('library-detect')
      .getByText(/in all 3/)
      .waitFor();
    await page.screenshot({ path: join(SHOTS, 'loop-library-detect.png') });
    await page.getByTestId('library-detect-cars').click();
    const second = await finished(2);
    expect(second.total).toBe(3);
    const street = images.find((i) => basename(i.path) === basename(IMAGES[2]!))!.id;
    const streetProposals = (await stored(street)).filter((a) => a.reviewState === 'proposed').length;
    expect(second.proposals).toBe(streetProposals);
    expect((await proposals()).length).toBe(afterFirst + streetProposals);
    // The job says what it left out: the first job's proposals, detected again on the two frames.
    expect(second.repeats).toBe(first.proposals);
    const library = page.url();
    expect(library).toContain('#/project?');
    await page.goto(library.replace('#/project?', '#/project/jobs?'));
    await expect
      .poll(() => page.getByTestId('job-repeats').first().textContent())
      .toBe(` · ${first.proposals} repeats skipped`);
    await page.goto(library);

    // Accept all on one frame: every proposal there becomes accepted, in one undoable step.
    await openImage(page, frameId());
    const here = (await stored(frameId())).filter((a) => a.reviewState === 'proposed').length;
    expect(here).toBeGreaterThanOrEqual(2);
    await page.getByTestId('accept-all-proposals').click();
    await expect
      .poll(async () => (await stored(frameId())).filter((a) => a.reviewState === 'proposed').length)
      .toBe(0);
    await page.keyboard.press('Control+z');
    await expect
      .poll(async () => (await stored(frameId())).filter((a) => a.reviewState === 'proposed').length)
      .toBe(here);
    await page.keyboard.press('Shift+Enter');
    await expect
      .poll(async () => (await stored(frameId())).filter((a) => a.reviewState === 'proposed').length)
      .toBe(0);
    expect(errors).toEqual([]);
  });
  it('masks stand out on the road: vivid label colours, a haloed outline, a visible hover preview; fill/outline setting', async () => {
    const street = images.find((i) => basename(i.path) === basename(IMAGES[2]!))!.id;
    await page.getByTestId('image-back').click();
    await openImage(page, street);
    await page.keyboard.press('v');
    await page.mouse.move(5, 5);
    const all = await stored(street);
    const mask = all.find((a) => a.kind === 'mask')!;
    // Detector boxes cross the mask here and there: their lines are not the mask's.
    const boxes = all.filter((a) => a.kind === 'box').map((a) => (a.geometry as { box: number[] }).box);
    const nearBox = (x: number, y: number) =>
      boxes.some(([x1, y1, x2, y2]) => x >= x1! - 6 && x <= x2! + 6 && y >= y1! - 6 && y <= y2! + 6);
    const m = rleToMask(mask.rle!);
    const inMask = (x: number, y: number) =>
      x >= 0 && y >= 0 && x < m.width && y < m.height && m.data[y * m.width + x] === 1;
    // Pixels on the mask's edge, and pixels well inside it (6 px from any edge).
    const edge: [number, number][] = [];
    const inside: [number, number][] = [];
    for (let y = 0; y < m.height; y += 2)
      for (let x = 0; x < m.width; x += 2) {
        if (!inMask(x, y) || nearBox(x, y)) continue;
        if (!inMask(x - 1, y) || !inMask(x + 1, y) || !inMask(x, y - 1) || !inMask(x, y + 1))
          edge.push([x, y]);
        else if ([-6, 6].every((d) => inMask(x + d, y) && inMask(x, y + d))) inside.push([x, y]);
      }
    expect(edge.length).toBeGreaterThan(20);
    expect(inside.length).toBeGreaterThan(20);
    const shot = async () => {
      const png = await page.screenshot();
      const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
      return async (points: [number, number][]) =>
        Promise.all(
          points.map(async ([x, y]) => {
            const [sx, sy] = (await at(page, x + 0.5, y + 0.5)).map(Math.floor) as [number, number];
            const k = (sy * info.width + sx) * 3;
            return labOf(data[k]!, data[k + 1]!, data[k + 2]!);
          }),
        );
    };
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const contrast = async (
      points: [number, number][],
      shown: Awaited<ReturnType<typeof shot>>,
      bare: Awaited<ReturnType<typeof shot>>,
    ) => {
      const [a, b] = await Promise.all([shown(points), bare(points)]);
      return mean(a.map((p, k) => deltaE(p, b[k]!)));
    };
    const carLegend = page.getByTestId('legend-row').filter({ hasText: 'car' });
    const hideCars = async () => {
      await carLegend.getByTestId('legend-visibility').click();
      await page.mouse.move(5, 5);
    };

    const display = page.getByTestId('mask-display');
    expect(await display.inputValue()).toBe('fill-outline');
    const both = await shot();
    await hideCars();
    await page.waitForTimeout(200);
    const bare = await shot();
    await hideCars();
    // The outline reads against the asphalt under it, and so does the fill.
    expect(await contrast(edge, both, bare)).toBeGreaterThan(45);
    expect(await contrast(inside, both, bare)).toBeGreaterThan(20);
    await page.screenshot({ path: join(SHOTS, 'loop-masks.png') });

    // Outline only: the pixels inside are the image's own; the edge still stands out. Fill only: no outline.
    await display.selectOption('outline');
    await page.waitForTimeout(200);
    const outline = await shot();
    expect(await contrast(inside, outline, bare)).toBeLessThan(3);
    expect(await contrast(edge, outline, bare)).toBeGreaterThan(45);
    await page.screenshot({ path: join(SHOTS, 'loop-masks-outline.png') });
    await display.selectOption('fill');
    await page.waitForTimeout(200);
    const fill = await shot();
    expect(await contrast(inside, fill, bare)).toBeGreaterThan(20);
    expect(await contrast(edge, fill, bare)).toBeLessThan(await contrast(edge, both, bare));
    await display.selectOption('fill-outline');

    // The hover preview (forced on) over the car ahead, with the cars hidden: it stands out too.
    await hideCars();
    await page.keyboard.press('p');
    await page.getByTestId('segment-hover-mode').getByRole('radio', { name: 'On' }).click();
    const car = all.find((a) => a.kind === 'box' && a.score === Math.max(...all.map((b) => b.score ?? 0)))!;
    const [x1, y1, x2, y2] = (car.geometry as { box: number[] }).box as [number, number, number, number];
    const hovered = page.waitForResponse(
      (r) =>
        r.url().endsWith('/api/segment.run') &&
        (r.request().postDataJSON() as { preview?: boolean }).preview === true,
    );
    const [hx, hy] = await at(page, Math.round((x1 + x2) / 2), Math.round((y1 + y2) / 2));
    await page.mouse.move(hx + 2, hy);
    await page.mouse.move(hx, hy);
    const answer = (await (await hovered).json()) as { result: { candidates: { rle: Rle }[] } };
    await page.waitForTimeout(300);
    const preview = rleToMask(answer.result.candidates[0]!.rle);
    const under: [number, number][] = [];
    for (let y = 0; y < preview.height; y += 2)
      for (let x = 0; x < preview.width; x += 2) if (preview.data[y * preview.width + x]) under.push([x, y]);
    const hover = await shot();
    expect(await contrast(under, hover, bare)).toBeGreaterThan(38);
    await page.screenshot({ path: join(SHOTS, 'loop-hover-preview.png') });
    await page.getByTestId('segment-hover-mode').getByRole('radio', { name: 'Auto' }).click();
    await hideCars();

    // The choice is remembered for the next image.
    await display.selectOption('fill');
    await page.keyboard.press('a');
    await page.locator('[data-testid="image-stage"][data-ready="true"]').waitFor();
    await expect.poll(() => display.inputValue()).toBe('fill');
    await display.selectOption('fill-outline');
    expect(errors).toEqual([]);
  });
});
