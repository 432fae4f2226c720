// `npm run screenshots`: regenerates the README's screenshots from the real driving sample (../shared/data), in
// the built browser-mode studio driven by Chromium. Needs `npm run build` first.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { AnnotationInput } from '../shared/api';
import type { ImageRecord, Label, Point, Rle } from '../shared/domain';
import { rleToBox } from '../shared/geometry';
import { formatRoute } from '../renderer/src/routing/routes';
import { DRIVING_SAMPLE, hasSharedAssets, sharedPath } from '../test/helpers/shared-assets';
import {
  addLabels,
  callApi,
  createProject,
  imagePoint,
  startBrowserStudio,
} from '../test/helpers/studio-page';
import { makeTempDir } from '../test/helpers/temp-dir';

const OUT = join('docs', 'screenshots');

async function main() {
  if (!hasSharedAssets)
    throw new Error(`The driving sample is not at ${DRIVING_SAMPLE} (set VISPROMPT_SHARED).`);
  mkdirSync(OUT, { recursive: true });
  const tmp = makeTempDir('vps-shots-');
  // The detector for the segment picture (the studio process inherits this).
  process.env.VISPROMPT_MODELS_DIR ??= sharedPath('models');
  const app = await startBrowserStudio(join(tmp.dir, 'data'));
  try {
    const { page } = await app.openPage({ width: 1440, height: 900 });
    await createProject(page, {
      name: 'Driving sample',
      path: join(tmp.dir, 'Driving sample.vpstudio'),
      folder: DRIVING_SAMPLE,
      images: 9,
    });
    await addLabels(page, ['car', 'pedestrian', 'traffic light']);
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll<HTMLImageElement>('[data-testid="image-thumb"]')].every(
          (img) => img.complete && img.naturalWidth > 0,
        ),
      undefined,
      { timeout: 60_000 },
    );
    await page.screenshot({ path: join(OUT, 'image-grid.png') });
    console.log(`Wrote ${join(OUT, 'image-grid.png')}`);
    await canvasShot(page, join(tmp.dir, 'Driving sample.vpstudio'));
    console.log(`Wrote ${join(OUT, 'canvas.png')}`);
    await segmentShot(page, join(tmp.dir, 'Driving sample.vpstudio'));
    console.log(`Wrote ${join(OUT, 'segment.png')}`);
  } finally {
    await app.stop();
    tmp.cleanup();
  }
}

interface ScalabelLabel {
  category: string;
  box2d: { x1: number; y1: number; x2: number; y2: number };
  poly2d: { vertices: Point[] }[];
  rle: { counts: string; size: [number, number] };
}

/**
 * The canvas on the BDD100K instance-segmentation frame with its ground truth: the larger cars as masks (from
 * the RLE file), the rest as polygons, one car as a model proposal waiting for review, the first mask selected,
 * and a prompt of a positive and a negative point; zoomed in on the objects.
 */
async function canvasShot(page: Page, project: string) {
  const frame = 'bdd100k_ins_seg/620a7840-33cada02';
  const images = await callApi<{ items: ImageRecord[] }>(page, 'images.list', {
    project,
    filter: { search: '620a7840' },
  });
  const image = images.items[0]!;
  const labels = await callApi<Label[]>(page, 'labels.list', { project });
  const labelId = (name: string) => labels.find((l) => l.name === name)!.id;
  const gt = (
    JSON.parse(readFileSync(join(DRIVING_SAMPLE, `${frame}.rle.json`), 'utf8')) as {
      frames: { labels: ScalabelLabel[] }[];
    }
  ).frames[0]!.labels;
  const upserts: AnnotationInput[] = gt.map((l, i) => {
    const category = l.category === 'pedestrian' ? 'pedestrian' : 'car';
    const area = (l.box2d.x2 - l.box2d.x1) * (l.box2d.y2 - l.box2d.y1);
    if (i === 2) {
      const { x1, y1, x2, y2 } = l.box2d;
      return {
        labelId: labelId(category),
        kind: 'box',
        geometry: { kind: 'box', box: [x1, y1, x2, y2] },
        source: 'model',
        modelId: 'picodet-s-320-coco',
        score: 0.87,
        reviewState: 'proposed',
      };
    }
    if (area > 1200) {
      const rle: Rle = { size: l.rle.size, counts: l.rle.counts };
      return {
        labelId: labelId(category),
        kind: 'mask',
        geometry: { kind: 'mask', box: rleToBox(rle) },
        rle,
      };
    }
    return {
      labelId: labelId(category),
      kind: 'polygon',
      geometry: { kind: 'polygon', rings: l.poly2d.map((p) => p.vertices) },
    };
  });
  await callApi(page, 'annotations.save', { project, imageId: image.id, upserts });
  await callApi(page, 'prompts.setCurrent', {
    project,
    imageId: image.id,
    prompt: {
      points: [
        { point: [1088, 370], positive: true },
        { point: [1070, 330], positive: false },
      ],
      box: null,
    },
  });
  await page.evaluate(
    (hash) => (location.hash = hash),
    formatRoute({ name: 'image', path: project, imageId: image.id }),
  );
  const stage = page.locator('[data-testid="image-stage"][data-ready="true"]');
  await stage.waitFor({ timeout: 30_000 });
  await page
    .getByTestId('annotation-row')
    .nth(gt.length - 1)
    .waitFor();
  // Zoom in around the cars (wheel zooms to the cursor), then select the big car in front.
  const [scale, vx, vy] = (await stage.getAttribute('data-view'))!.split(' ').map(Number) as [
    number,
    number,
    number,
  ];
  const box = (await stage.boundingBox())!;
  const screen = (x: number, y: number) => [box.x + vx + x * scale, box.y + vy + y * scale] as const;
  await page.mouse.move(...screen(1000, 440));
  for (let i = 0; i < 3; i++) await page.mouse.wheel(0, -100);
  await page.keyboard.press('v');
  await page
    .getByTestId('annotation-row')
    .and(page.locator('[data-kind="mask"]'))
    .last()
    .locator('.ann-sub')
    .click();
  // The open prompt goes to the segmenter: show its answer, not the spinner.
  await page
    .locator(
      '[data-testid="segment-activity"][data-state="done"], [data-testid="segment-activity"][data-state="error"]',
    )
    .waitFor({ timeout: 30_000 })
    .catch(() => undefined);
  await page.locator('.iv-panel').evaluate((el) => (el.scrollTop = 0));
  await page.mouse.move(box.x + box.width - 40, box.y + 40);
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(OUT, 'canvas.png') });
}

/**
 * Segmenting by clicks on a BDD100K MOTS frame with the engine that needs no download: a car clicked and
 * accepted with Enter, the detector's car proposals, and the mask of a new click on another car.
 */
async function segmentShot(page: Page, project: string) {
  const images = await callApi<{ items: ImageRecord[] }>(page, 'images.list', {
    project,
    filter: { search: '0000166' },
  });
  await page.evaluate(
    (hash) => (location.hash = hash),
    formatRoute({ name: 'image', path: project, imageId: images.items[0]!.id }),
  );
  await page.locator('[data-testid="image-stage"][data-ready="true"]').waitFor({ timeout: 30_000 });
  const done = page.locator('[data-testid="segment-activity"][data-state="done"]');
  await page.keyboard.press('1');
  await page.keyboard.press('p');
  await page.mouse.click(...(await imagePoint(page, 795, 417)));
  await done.waitFor({ timeout: 30_000 });
  await page.keyboard.press('Enter');
  await page.getByTestId('detect-cars').click();
  await page.getByTestId('detect-outcome').waitFor({ timeout: 30_000 });
  await page.mouse.click(...(await imagePoint(page, 366, 428)));
  await done.waitFor({ timeout: 30_000 });
  await page.mouse.move(10, 10);
  await page.screenshot({ path: join(OUT, 'segment.png') });
}

await main();
