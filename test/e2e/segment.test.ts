// The main job in real Chromium against the built browser-mode studio, on real BDD100K frames: open a folder,
// click a car, get its mask from the active engine (classical: no SAM weights here) in well under a second,
// refine it with a negative click, accept it with Enter (saved with the label, prompt closed and cleared),
// and let the local detector propose the cars.
import { copyFileSync, createReadStream, mkdirSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Annotation, Box, ImageRecord, Point, Prompt, Rle } from '../../shared/domain';
import { pointInMask, rleIou, rleToBox, rleToMask } from '../../shared/geometry';
import { boxIou } from '../../shared/geometry/nms';
import { DRIVING_SAMPLE, hasSharedAssets, sharedPath } from '../helpers/shared-assets';
import {
  callApi,
  createProject,
  imagePoint as at,
  openImage,
  startBrowserStudio,
  type BrowserStudio,
} from '../helpers/studio-page';
import { makeTempDir } from '../helpers/temp-dir';
import { objectClick } from '../helpers/object-click';
import { groundTruth, MOTS, MOTS_FRAME, MOTS_NEXT, spill } from '../helpers/mots-truth';

const SHOTS = join('test-results', 'screenshots');
const FRAME = MOTS_FRAME;
const NEXT = MOTS_NEXT;
const IMAGES = [
  join(MOTS, FRAME),
  join(MOTS, NEXT),
  join(DRIVING_SAMPLE, 'bdd100k_ins_seg', '620a7840-33cada02.jpg'),
];

const editorState = (page: Page) => page.evaluate(() => window.visprompt!.editor.state());
const activity = (page: Page) => page.getByTestId('segment-activity');

/** Waits for the answer to the prompt just placed; returns the round trip the panel measured. */
async function answered(page: Page): Promise<number> {
  await page.locator('[data-testid="segment-activity"][data-state="done"]').waitFor({ timeout: 30_000 });
  await expect.poll(async () => (await editorState(page))?.candidates?.items.length ?? 0).toBeGreaterThan(0);
  return Number(await activity(page).getAttribute('data-ms'));
}

describe.skipIf(!hasSharedAssets)('segmenting by clicks in browser mode', () => {
  const tmp = makeTempDir('vps-e2e-segment-');
  const folder = join(tmp.dir, 'drive');
  const project = join(tmp.dir, 'Drive.vpstudio');
  let app: BrowserStudio;
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    mkdirSync(folder);
    for (const path of IMAGES) copyFileSync(path, join(folder, basename(path)));
    // The studio process inherits this: PicoDet is found there, SAM weights are not (classical answers).
    process.env.VISPROMPT_MODELS_DIR = sharedPath('models');
    app = await startBrowserStudio(join(tmp.dir, 'data'));
  });
  afterAll(async () => {
    process.env = savedEnv;
    await app?.stop();
    tmp.cleanup();
  });

  it('click a car, refine with a negative click, accept with Enter; detect cars proposes boxes', async () => {
    const { page, errors } = await app.openPage({ width: 1440, height: 900 });
    await createProject(page, { name: 'Drive', path: project, folder, images: 3 });
    for (const name of ['car', 'person']) {
      await page.getByTestId('label-add').click();
      await page.getByTestId('label-name-input').fill(name);
      await page.getByTestId('label-name-input').press('Enter');
    }
    await expect.poll(() => page.getByTestId('label-row').count()).toBe(2);
    const labels = await callApi<{ id: number; name: string }[]>(page, 'labels.list', { project });
    const car = labels.find((l) => l.name === 'car')!.id;

    const images = await callApi<{ items: ImageRecord[] }>(page, 'images.list', { project });
    const frame = images.items.find((i) => basename(i.path) === FRAME)!;
    const next = images.items.find((i) => basename(i.path) === NEXT)!;
    await openImage(page, frame.id);
    const imageId = frame.id;

    // The badge says which engine answers and why: no SAM weights in the shared models folder.
    const engine = page.getByTestId('segment-engine');
    await expect.poll(() => engine.getAttribute('data-engine')).toBe('classical');
    expect(await page.getByTestId('segment-reason').textContent()).toMatch(/mobile-sam|MobileSAM/i);

    // Label 1 (car), point tool, click the middle of the car on the right. The first click of the session
    // also starts the engine (a worker, OpenCV) unless the background preparation has done so already.
    await page.keyboard.press('1');
    await page.keyboard.press('p');
    const truth = groundTruth(FRAME, '1218');
    const click = objectClick(truth);
    await page.mouse.click(...(await at(page, ...click)));
    const coldMs = await answered(page);
    expect(coldMs).toBeLessThan(5000);
    const first = (await editorState(page))!.candidates!.items[0]!;
    expect(first.modelId).toMatch(/classical/);
    // The classical engine's point prompts are modest (floors in classical-quality.test.ts): this car is a fair one.
    expect(rleIou(first.rle, truth)).toBeGreaterThan(0.4);

    // A negative click where the mask spilled over the car (else on the road below it): the answer refines the
    // previous one, leaves that place out, and comes well under a second.
    // With several candidates, the user Tabs to the one that fits the car best; the next click refines that one.
    const items = (await editorState(page))!.candidates!.items;
    const ious = items.map((c) => rleIou(c.rle, truth));
    const best = ious.indexOf(Math.max(...ious));
    for (let k = 0; k < best; k++) await page.keyboard.press('Tab');
    expect((await editorState(page))!.candidates!.active).toBe(best);
    const chosen = items[best]!;
    const runs: { selected: number }[] = [];
    // Clicks only: hover previews (when the last click was fast) are runs too.
    page.on('request', (r) => {
      const body = r.url().endsWith('/api/segment.run') ? (r.postDataJSON() as { preview?: boolean }) : null;
      if (body && !body.preview) runs.push(body as { selected: number });
    });
    const negative = spill(chosen.rle, truth, click) ?? [click[0], Math.min(719, rleToBox(truth)[3] + 12)];
    await page.mouse.click(...(await at(page, ...negative)), { button: 'right' });
    await expect.poll(() => runs.length).toBe(1);
    expect(runs[0]!.selected).toBe(best);
    await expect.poll(() => activity(page).textContent()).toMatch(/refined/);
    expect(await answered(page)).toBeLessThan(1000);
    const refined = (await editorState(page))!.candidates!;
    const shown = refined.items[refined.active]!;
    expect(pointInMask(rleToMask(shown.rle), negative)).toBe(false);
    expect(rleIou(shown.rle, truth)).toBeGreaterThan(0.4);

    // The prompt (one point each way, where the mouse went: within a pixel) is the open prompt in the store.
    const open = (await callApi<Prompt>(page, 'prompts.current', { project, imageId })).points;
    expect(open.map((p) => p.positive)).toEqual([true, false]);
    open.forEach((p, k) =>
      p.point.forEach((v, axis) => expect(Math.abs(v - [click, negative][k]![axis]!)).toBeLessThanOrEqual(1)),
    );

    // Enter accepts the mask on screen with the car label; the prompt is closed and no points are left.
    await page.keyboard.press('Enter');
    const stored = async () => callApi<Annotation[]>(page, 'annotations.list', { project, imageId });
    await expect.poll(async () => (await stored()).length).toBe(1);
    expect((await stored())[0]).toMatchObject({
      kind: 'mask',
      labelId: car,
      source: 'model',
      modelId: shown.modelId,
      reviewState: 'accepted',
      rle: shown.rle,
    });
    expect(await callApi(page, 'prompts.current', { project, imageId })).toBeNull();
    const after = (await editorState(page))!;
    expect(after.prompt).toEqual({ points: [], box: null });
    expect(after.candidates).toBeNull();
    expect(await activity(page).getAttribute('data-state')).toBe('idle');

    // Hover preview, forced on: moving the point tool over another car asks for the mask a click there would
    // give, as a preview; nothing is placed, no prompt opens, and the next click still starts afresh.
    await page.getByTestId('segment-hover-mode').getByRole('radio', { name: 'On' }).click();
    await page.waitForSelector('[data-testid="segment-hover"][data-on="true"]');
    const hoverAt = objectClick(groundTruth(FRAME, '43794'));
    const near = ([x, y]: Point) => Math.abs(x - hoverAt[0]) + Math.abs(y - hoverAt[1]) <= 2;
    const lastPoint = (body: unknown) =>
      (body as { prompt: { points: { point: Point }[] } }).prompt.points.at(-1)!.point;
    const preview = page.waitForResponse((r) => {
      if (!r.url().endsWith('/api/segment.run')) return false;
      const body = r.request().postDataJSON() as { preview?: boolean };
      return body.preview === true && near(lastPoint(body));
    });
    let previewed = false;
    void preview.then(() => (previewed = true));
    // In full-suite runs on the loaded 2-core machine the first preview has asked for a spot ~500 px off the car
    // (the cursor mapped before the view settled); the newest position wins, so move again until it is asked.
    for (let tries = 0; tries < 10 && !previewed; tries++) {
      const [x, y] = await at(page, ...hoverAt);
      await page.mouse.move(x + 1, y);
      await page.mouse.move(x, y);
      await page.waitForTimeout(300);
    }
    const response = await preview;
    const hovered = lastPoint(response.request().postDataJSON());
    expect(near(hovered)).toBe(true);
    const answer = (await response.json()) as { result: { candidates: { rle: Rle }[] } };
    expect(pointInMask(rleToMask(answer.result.candidates[0]!.rle), hovered)).toBe(true);
    expect((await editorState(page))!.prompt).toEqual({ points: [], box: null });
    expect(await callApi(page, 'prompts.current', { project, imageId })).toBeNull();
    expect(await activity(page).getAttribute('data-state')).toBe('idle');
    await page.getByTestId('segment-hover-mode').getByRole('radio', { name: 'Auto' }).click();

    // Detect cars: the detector's boxes become proposals labelled car, saved, in one undoable step.
    await page.getByTestId('detect-cars').click();
    await expect.poll(() => page.getByTestId('detect-outcome').textContent()).toMatch(/cars? proposed/);
    const proposed = async () => (await stored()).filter((a) => a.reviewState === 'proposed');
    await expect.poll(async () => (await proposed()).length).toBeGreaterThanOrEqual(2);
    const proposals = await proposed();
    expect(proposals.every((a) => a.kind === 'box' && a.labelId === car && a.source === 'model')).toBe(true);
    // The big car in front is among them.
    const front = rleToBox(groundTruth(FRAME, '609'));
    expect(proposals.some((a) => boxIou((a.geometry as { box: Box }).box, front) > 0.7)).toBe(true);

    // Another car by a click, its mask on screen for the picture; Esc drops it and keeps the prompt.
    await page.mouse.click(...(await at(page, ...objectClick(groundTruth(FRAME, '43794')))));
    await answered(page);
    await page.mouse.move(10, 10);
    await page.screenshot({ path: join(SHOTS, 'segment.png') });
    await page.keyboard.press('Escape');
    await expect.poll(async () => (await editorState(page))?.candidates ?? null).toBeNull();
    expect((await editorState(page))!.prompt.points).toHaveLength(1);

    // Asking again adds nothing: those boxes are already there.
    await page.getByTestId('detect-cars').click();
    await expect.poll(() => page.getByTestId('detect-outcome').textContent()).toMatch(/already on the image/);
    expect(await proposed()).toHaveLength(proposals.length);
    // A text prompt needs the Grounded-SAM endpoint of Settings: without one, the panel says so.
    await page.getByTestId('detect-text').fill('silver car');
    await page.getByTestId('detect-text-submit').click();
    await expect
      .poll(() => page.getByTestId('detect-outcome').textContent())
      .toMatch(/Grounded-SAM endpoint.*Settings/);

    // The next frame was prepared in the background while this one was open: its first click is quick too.
    await page.keyboard.press('d');
    await expect
      .poll(() => page.getByTestId('image-view').getAttribute('data-image-id'))
      .toBe(String(next.id));
    await page.locator('[data-testid="image-stage"][data-ready="true"]').waitFor({ timeout: 30_000 });
    await expect.poll(() => activity(page).getAttribute('data-state')).toBe('idle');
    const nextTruth = groundTruth(NEXT, '1218');
    await page.mouse.click(...(await at(page, ...objectClick(nextTruth))));
    expect(await answered(page)).toBeLessThan(1000);
    expect(rleIou((await editorState(page))!.candidates!.items[0]!.rle, nextTruth)).toBeGreaterThan(0.3);

    // Segment in view, forced on (Auto is for SAM engines): zoomed in on the car, a click sends the visible
    // region, and the mask comes back in the frame's pixels, at the click, inside that region. (No quality
    // floor here: the classical engine cuts worse from a crop the car fills, IoU 0.02 against 0.71 from the
    // whole frame for this car, which is why Auto leaves it off.)
    await page.keyboard.press('n');
    await page.getByTestId('segment-inView-mode').getByRole('radio', { name: 'On' }).click();
    const car2 = objectClick(nextTruth);
    await page.mouse.move(...(await at(page, ...car2)));
    await page.mouse.wheel(0, -300);
    await page.mouse.wheel(0, -300);
    await expect.poll(() => page.getByTestId('segment-in-view').getAttribute('data-on')).toBe('true');
    const clicks: { view?: Box }[] = [];
    page.on('request', (r) => {
      const body = r.url().endsWith('/api/segment.run')
        ? (r.postDataJSON() as { preview?: boolean; view?: Box })
        : null;
      if (body && !body.preview) clicks.push(body);
    });
    await page.mouse.click(...(await at(page, ...car2)));
    await answered(page);
    const sent = clicks.at(-1)!.view!;
    expect(sent[2] - sent[0]).toBeLessThan(0.6 * 1280);
    expect(sent[0] <= car2[0] && car2[0] <= sent[2] && sent[1] <= car2[1] && car2[1] <= sent[3]).toBe(true);
    const inView = (await editorState(page))!.candidates!.items[0]!.rle;
    expect(inView.size).toEqual([720, 1280]);
    expect(pointInMask(rleToMask(inView), car2)).toBe(true);
    const [mx1, my1, mx2, my2] = rleToBox(inView);
    expect(mx1 >= sent[0] && my1 >= sent[1] && mx2 <= sent[2] && my2 <= sent[3]).toBe(true);
    expect(await activity(page).textContent()).toMatch(/in view/);
    expect(errors).toEqual([]);
  });
});

/** A models mirror as VISPROMPT_MODELS_MIRROR expects it: <url>/<model id>/<file>, from the shared models. */
async function startMirror(): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const [id, file] = decodeURIComponent(new URL(req.url!, 'http://x').pathname).split('/').slice(1);
    const path =
      id && file && !id.includes('..') && !file.includes('..') ? sharedPath('models', id, file) : '';
    try {
      res.writeHead(200, { 'content-length': statSync(path).size });
      createReadStream(path).pipe(res);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe.skipIf(!hasSharedAssets)('models from the engine badge in browser mode', () => {
  const tmp = makeTempDir('vps-e2e-models-');
  const folder = join(tmp.dir, 'drive');
  let app: BrowserStudio;
  let mirror: { url: string; server: Server };
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    mkdirSync(folder);
    copyFileSync(IMAGES[0]!, join(folder, FRAME));
    mirror = await startMirror();
    // No models folder from the environment: the studio starts with an empty one and downloads from the mirror.
    delete process.env.VISPROMPT_MODELS_DIR;
    process.env.VISPROMPT_MODELS_MIRROR = mirror.url;
    app = await startBrowserStudio(join(tmp.dir, 'data'));
  });
  afterAll(async () => {
    process.env = savedEnv;
    await app?.stop();
    mirror?.server.close();
    tmp.cleanup();
  });

  it('shows why detection is off, downloads the detector with progress, then detect cars works', async () => {
    const { page, errors } = await app.openPage({ width: 1440, height: 900 });
    await createProject(page, {
      name: 'Models',
      path: join(tmp.dir, 'Models.vpstudio'),
      folder,
      images: 1,
    });
    await page.getByTestId('image-card').first().click();
    await page.locator('[data-testid="image-stage"][data-ready="true"]').waitFor({ timeout: 30_000 });

    // Nothing in the models folder: clicks still work (classical), the detector buttons say why they are off.
    await expect.poll(() => page.getByTestId('segment-engine').getAttribute('data-engine')).toBe('classical');
    expect(await page.getByTestId('detect-cars').isDisabled()).toBe(true);
    expect(await page.getByTestId('detector-reason').textContent()).toMatch(/picodet/i);

    // The badge opens the models: PicoDet is missing, its file named; Download fetches it with a progress bar.
    await page.getByTestId('segment-models-link').click();
    const row = page.locator('[data-testid="model-row"][data-model="picodet-s-320-coco"]');
    await expect.poll(() => row.getAttribute('data-installed')).toBe('false');
    expect(await row.textContent()).toMatch(/picodet_s_320_coco\.onnx/);
    await row.getByTestId('model-download').click();
    await expect.poll(() => row.getAttribute('data-installed'), { timeout: 30_000 }).toBe('true');
    await page.screenshot({ path: join(SHOTS, 'segment-models.png') });
    await page.keyboard.press('Escape');
    await page.getByTestId('models-dialog').waitFor({ state: 'detached' });

    // The studio chose its detector again: detect cars proposes boxes.
    await expect.poll(() => page.getByTestId('detect-cars').isEnabled()).toBe(true);
    await page.getByTestId('detect-cars').click();
    await expect.poll(() => page.getByTestId('detect-outcome').textContent()).toMatch(/cars? proposed/);
    expect(errors).toEqual([]);
  });
});
