// The annotation canvas in real Chromium against the built browser-mode studio: draw a box, a polygon and a
// brush mask, see refusals, undo, redo, reload the page, and find the same annotations in the UI and the store.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Annotation, Prompt } from '../../shared/domain';
import { createMask, maskToRle } from '../../shared/geometry';
import { makeImage } from '../helpers/images';
import {
  addLabels,
  callApi,
  createProject,
  imagePoint,
  startBrowserStudio,
  type BrowserStudio,
} from '../helpers/studio-page';
import { makeTempDir } from '../helpers/temp-dir';

const SHOTS = join('test-results', 'screenshots');
const VIEWPORT = { width: 1440, height: 900 };

async function drag(page: Page, from: [number, number], to: [number, number]) {
  await page.mouse.move(...(await imagePoint(page, ...from)));
  await page.mouse.down();
  const steps = 6;
  for (let k = 1; k <= steps; k++) {
    await page.mouse.move(
      ...(await imagePoint(
        page,
        from[0] + ((to[0] - from[0]) * k) / steps,
        from[1] + ((to[1] - from[1]) * k) / steps,
      )),
    );
  }
  await page.mouse.up();
}

async function click(page: Page, x: number, y: number) {
  await page.mouse.click(...(await imagePoint(page, x, y)));
}

const rows = (page: Page) => page.getByTestId('annotation-row');
const kinds = async (page: Page) =>
  (await rows(page).evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')))).sort();

describe('annotation canvas in browser mode', () => {
  const tmp = makeTempDir('vps-canvas-');
  let app: BrowserStudio;
  /** The image the first test annotates; the second edits what it left. */
  let imageId = 0;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    await makeImage(join(tmp.dir, 'drive'), 'frame.png', {
      width: 640,
      height: 360,
      format: 'png',
      texture: true,
    });
    app = await startBrowserStudio(join(tmp.dir, 'data'));
  });

  afterAll(async () => {
    await app?.stop();
    tmp.cleanup();
  });

  it('draws a box, a polygon and a mask, undoes and redoes, and keeps them across a reload', async () => {
    const { page, errors } = await app.openPage(VIEWPORT);
    await createProject(page, {
      name: 'Canvas',
      path: join(tmp.dir, 'Canvas.vpstudio'),
      folder: join(tmp.dir, 'drive'),
      images: 1,
    });
    await addLabels(page, ['car', 'person']);
    await expect.poll(() => page.getByTestId('label-row').count()).toBe(2);
    await page.getByTestId('image-card').first().click();
    await page.locator('[data-testid="image-stage"][data-ready="true"]').waitFor({ timeout: 30_000 });
    imageId = Number(await page.getByTestId('image-view').getAttribute('data-image-id'));
    const project = join(tmp.dir, 'Canvas.vpstudio');

    // Box with label 2 (hotkey), dragged from inside past the right edge: clipped, with a note.
    await page.keyboard.press('2');
    await page.keyboard.press('b');
    await drag(page, [500, 40], [700, 140]);
    await expect.poll(() => kinds(page)).toEqual(['box']);
    expect(await page.getByTestId('canvas-notice').textContent()).toMatch(/clipped/);

    // A click with the box tool is refused with its reason, and nothing is added.
    await click(page, 100, 100);
    expect(await page.getByTestId('canvas-notice').textContent()).toMatch(/no area/);
    expect(await rows(page).count()).toBe(1);

    // Polygon with label 1: four clicks, close on the first vertex.
    await page.keyboard.press('1');
    await page.keyboard.press('g');
    for (const [x, y] of [
      [60, 60],
      [200, 50],
      [220, 180],
      [80, 200],
      [60, 60],
    ] as const)
      await click(page, x, y);
    await expect.poll(() => kinds(page)).toEqual(['box', 'polygon']);

    // A self-crossing polygon is refused with the reason.
    for (const [x, y] of [
      [300, 200],
      [400, 300],
      [400, 200],
      [300, 300],
    ] as const)
      await click(page, x, y);
    await page.keyboard.press('Enter');
    expect(await page.getByTestId('canvas-notice').textContent()).toMatch(/crosses itself/);
    await page.keyboard.press('Escape');

    // Brush a mask.
    await page.keyboard.press('m');
    await drag(page, [300, 250], [420, 270]);
    await expect.poll(() => kinds(page)).toEqual(['box', 'mask', 'polygon']);

    // Undo the mask and the polygon, redo the polygon.
    await page.keyboard.press('Control+z');
    await page.keyboard.press('Control+z');
    await expect.poll(() => kinds(page)).toEqual(['box']);
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => kinds(page)).toEqual(['box', 'polygon']);
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => kinds(page)).toEqual(['box', 'mask', 'polygon']);
    await page.screenshot({ path: join(SHOTS, 'canvas-e2e.png') });

    // The store holds exactly that (autosave), with the labels picked by hotkey.
    const labels = await callApi<{ id: number; name: string }[]>(page, 'labels.list', { project });
    const labelOf = (name: string) => labels.find((l) => l.name === name)!.id;
    const stored = async () =>
      (await callApi<Annotation[]>(page, 'annotations.list', { project, imageId }))
        .map((a) => ({ kind: a.kind, labelId: a.labelId, geometry: a.geometry }))
        .sort((a, b) => a.kind.localeCompare(b.kind));
    await expect.poll(async () => (await stored()).map((a) => a.kind)).toEqual(['box', 'mask', 'polygon']);
    const before = await stored();
    expect(before[0]).toMatchObject({ labelId: labelOf('person') });
    const box = before[0]!.geometry as { box: number[] };
    expect(box.box[2]).toBe(640);
    expect(before[2]).toMatchObject({ labelId: labelOf('car'), geometry: { kind: 'polygon' } });
    expect((before[2]!.geometry as { rings: number[][][] }).rings[0]).toHaveLength(4);

    // Reload: the same annotations come back, in the UI and in the store.
    await page.reload();
    await page.locator('[data-testid="image-stage"][data-ready="true"]').waitFor({ timeout: 30_000 });
    await expect.poll(() => kinds(page)).toEqual(['box', 'mask', 'polygon']);
    expect(await stored()).toEqual(before);
    // The last tool and label are remembered.
    expect(await page.getByTestId('image-stage').getAttribute('data-tool')).toBe('brush');
    expect(Number(await page.getByTestId('active-label').inputValue())).toBe(labelOf('car'));

    // Select the polygon from the list, delete it with Del; undo brings it back after a reload too.
    await rows(page).and(page.locator('[data-kind="polygon"]')).locator('.ann-sub').click();
    await expect
      .poll(() => page.locator('[data-testid="annotation-row"][aria-selected="true"]').count())
      .toBe(1);
    await page.getByTestId('image-stage').hover();
    await page.keyboard.press('v');
    await page.keyboard.press('Delete');
    await expect.poll(() => kinds(page)).toEqual(['box', 'mask']);
    await page.keyboard.press('Control+z');
    await expect.poll(() => kinds(page)).toEqual(['box', 'mask', 'polygon']);
    await expect.poll(async () => (await stored()).map((a) => a.kind)).toEqual(['box', 'mask', 'polygon']);
    expect(await stored()).toEqual(before);

    // Point prompts: left click positive, right click negative; kept in the store as the open prompt.
    await page.keyboard.press('p');
    await click(page, 500, 300);
    await page.mouse.click(...(await imagePoint(page, 540, 320)), { button: 'right' });
    await expect
      .poll(async () => (await callApi<Prompt | null>(page, 'prompts.current', { project, imageId }))?.points)
      .toEqual([
        { point: [500, 300], positive: true },
        { point: [540, 320], positive: false },
      ]);
    const open = (await callApi<Prompt>(page, 'prompts.current', { project, imageId })).id;

    // Model candidates arrive (as the segment wiring hands them over): a mask of the wrong size is refused,
    // Tab picks the second of the others, Enter accepts it as a model mask and closes the prompt.
    const candidate = (w: number, h: number, x1: number, x2: number, score: number) => {
      const m = createMask(w, h);
      for (let y = 0; y < Math.min(h, 40); y++) m.data.fill(1, y * w + x1, y * w + x2);
      return { rle: maskToRle(m), score, modelId: 'test-sam' };
    };
    const offer = (items: ReturnType<typeof candidate>[]) =>
      page.evaluate(([id, list]) => window.visprompt!.editor.setCandidates(id, list), [
        imageId,
        items,
      ] as const);
    await offer([candidate(10, 10, 0, 5, 0.9)]);
    await page.keyboard.press('Enter');
    expect(await page.getByTestId('canvas-notice').textContent()).toMatch(
      /10x10 pixels but its image is 640x360/,
    );
    await offer([candidate(640, 360, 450, 520, 0.93), candidate(640, 360, 440, 560, 0.71)]);
    await page.keyboard.press('Tab');
    expect(await page.getByTestId('candidates').textContent()).toMatch(/Mask 2\/2.*0\.71/);
    await page.keyboard.press('Enter');
    await expect.poll(() => kinds(page)).toEqual(['box', 'mask', 'mask', 'polygon']);
    await expect
      .poll(async () => (await callApi<Annotation[]>(page, 'annotations.list', { project, imageId })).length)
      .toBe(4);
    const accepted = (await callApi<Annotation[]>(page, 'annotations.list', { project, imageId })).find(
      (a) => a.source === 'model',
    );
    expect(accepted).toMatchObject({
      kind: 'mask',
      score: 0.71,
      modelId: 'test-sam',
      promptId: open,
      area: 120 * 40,
    });
    expect(await callApi(page, 'prompts.current', { project, imageId })).toBeNull();

    // The help overlay lists the canvas shortcuts from the actions table.
    await page.keyboard.press('?');
    const help = page.getByTestId('help-overlay');
    await help.waitFor();
    for (const id of ['edit.undo', 'edit.redo', 'tool.polygon', 'tool.brush', 'label.pick', 'view.fit'])
      expect(await help.locator(`[data-action="${id}"]`).count(), id).toBe(1);
    await page.keyboard.press('?');
    expect(errors).toEqual([]);
  });
  it('reshapes with handles, moves, erases, locks, hides by label, zooms to the cursor and pans', async () => {
    const project = join(tmp.dir, 'Canvas.vpstudio');
    const { page, errors } = await app.openPage(VIEWPORT);
    await page.getByTestId('recent-project').first().click();
    await page.getByTestId('image-card').first().click();
    await page.locator('[data-testid="image-stage"][data-ready="true"]').waitFor({ timeout: 30_000 });
    await expect.poll(() => rows(page).count()).toBe(4);
    const stored = async (kind: string) =>
      (await callApi<Annotation[]>(page, 'annotations.list', { project, imageId })).filter(
        (a) => a.kind === kind && a.source === 'manual',
      );
    const ring = async () => ((await stored('polygon'))[0]!.geometry as { rings: number[][][] }).rings[0]!;
    const near = (p: number[], q: number[]) => Math.hypot(p[0]! - q[0]!, p[1]! - q[1]!) < 1.5;
    const saves = async (check: () => Promise<boolean>) => expect.poll(check, { timeout: 10_000 }).toBe(true);

    // Select the polygon by clicking inside it, then drag a vertex, an edge midpoint, and alt-click a vertex.
    await page.keyboard.press('v');
    await click(page, 120, 120);
    await expect.poll(() => page.locator('[aria-selected="true"][data-kind="polygon"]').count()).toBe(1);
    await drag(page, [220, 180], [260, 220]);
    // Only that vertex moved (a drag of the inside would have moved them all).
    await saves(async () => {
      const r = await ring();
      return r.some((p) => near(p, [260, 220])) && r.some((p) => near(p, [60, 60]));
    });
    const before = await ring();
    const a = before[0]!;
    const b = before[1]!;
    await drag(page, [(a[0]! + b[0]!) / 2, (a[1]! + b[1]!) / 2], [130, 20]);
    await saves(async () => (await ring()).length === 5);
    const withNew = await ring();
    await page.keyboard.down('Alt');
    await click(page, withNew[1]![0]!, withNew[1]![1]!);
    await page.keyboard.up('Alt');
    await saves(async () => (await ring()).length === 4);

    // Move the polygon by dragging its inside: every vertex shifts by the same amount.
    const start = await ring();
    await drag(page, [120, 120], [140, 110]);
    await saves(async () =>
      (await ring()).every((p, i) => near(p, [start[i]![0]! + 20, start[i]![1]! - 10])),
    );

    // The box's corner handle resizes it.
    await click(page, 560, 90);
    await drag(page, [500, 140], [480, 160]);
    await saves(async () => {
      const g = (await stored('box'))[0]!.geometry as { box: number[] };
      return near(g.box.slice(0, 2), [480, 40]) && near(g.box.slice(2), [640, 160]);
    });

    // The eraser takes pixels from the selected mask.
    await click(page, 360, 260);
    const area = (await stored('mask'))[0]!.area;
    await page.keyboard.press('e');
    await drag(page, [360, 230], [360, 290]);
    await saves(async () => (await stored('mask'))[0]!.area < area);

    // A locked annotation refuses deletion, with the reason.
    await page.keyboard.press('v');
    await click(page, 560, 90);
    await page.locator('[aria-selected="true"][data-kind="box"]').getByTestId('annotation-lock').click();
    await page.keyboard.press('Delete');
    expect(await page.getByTestId('canvas-notice').textContent()).toMatch(/locked/);
    expect(await stored('box')).toHaveLength(1);

    // Hiding the box's label takes it off the canvas: a click there now selects nothing.
    await page.keyboard.press('Escape');
    await page
      .getByTestId('legend-row')
      .filter({ hasText: 'person' })
      .getByTestId('legend-visibility')
      .click();
    await click(page, 560, 90);
    expect(await page.locator('[data-testid="annotation-row"][aria-selected="true"]').count()).toBe(0);

    // Hide the hand-drawn mask too. Reload: the lock and the hide (saved with the annotations) and the hidden
    // label (kept per project by the browser) are all still there.
    const mask = (await stored('mask'))[0]!;
    const row = (id: number) => rows(page).and(page.locator(`[data-id="${id}"]`));
    await row(mask.id).getByTestId('annotation-hide').click();
    await saves(async () => (await stored('mask'))[0]!.hidden && (await stored('box'))[0]!.locked);
    const boxId = (await stored('box'))[0]!.id;
    await page.reload();
    await page.locator('[data-testid="image-stage"][data-ready="true"]').waitFor({ timeout: 30_000 });
    await expect.poll(() => rows(page).count()).toBe(4);
    expect(await row(boxId).getByTestId('annotation-lock').getAttribute('aria-pressed')).toBe('true');
    expect(await row(mask.id).getByTestId('annotation-hide').getAttribute('aria-pressed')).toBe('true');
    expect(await row(mask.id).getAttribute('class')).toMatch(/is-hidden/);
    const personVisibility = page
      .getByTestId('legend-row')
      .filter({ hasText: 'person' })
      .getByTestId('legend-visibility');
    expect(await personVisibility.getAttribute('aria-pressed')).toBe('true');
    await click(page, 560, 90);
    await click(page, 360, 260);
    expect(await page.locator('[data-testid="annotation-row"][aria-selected="true"]').count()).toBe(0);
    // Shown again, the box is still locked; showing the mask is an undoable edit like hiding it.
    await personVisibility.click();
    await click(page, 560, 90);
    await page.keyboard.press('Delete');
    expect(await page.getByTestId('canvas-notice').textContent()).toMatch(/locked/);
    await row(mask.id).getByTestId('annotation-hide').click();
    await saves(async () => !(await stored('mask'))[0]!.hidden);
    await page.keyboard.press('Control+z');
    await saves(async () => (await stored('mask'))[0]!.hidden);

    // Wheel zooms about the cursor: the image point under it stays there. F fits again.
    const view = async () =>
      (await page.getByTestId('image-stage').getAttribute('data-view'))!.split(' ').map(Number);
    const fitted = await view();
    const cursor = await imagePoint(page, 320, 180);
    await page.mouse.move(...cursor);
    await page.mouse.wheel(0, -300);
    await expect.poll(async () => (await view())[0]).toBeGreaterThan(fitted[0]! * 1.5);
    const [s1, x1, y1] = await view();
    const box = (await page.getByTestId('image-stage').boundingBox())!;
    expect((cursor[0] - box.x - x1!) / s1!).toBeCloseTo(320, 0);
    expect((cursor[1] - box.y - y1!) / s1!).toBeCloseTo(180, 0);
    // Middle-button drag pans by exactly the drag.
    await page.mouse.down({ button: 'middle' });
    await page.mouse.move(cursor[0] + 60, cursor[1] + 25, { steps: 4 });
    await page.mouse.up({ button: 'middle' });
    const [, x2, y2] = await view();
    expect([x2! - x1!, y2! - y1!]).toEqual([60, 25]);
    await page.keyboard.press('f');
    expect(await view()).toEqual(fitted);
    expect(errors).toEqual([]);
  });
});
