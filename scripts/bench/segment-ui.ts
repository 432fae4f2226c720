// `npx tsx scripts/bench/segment-ui.ts` (after `npm run build`): a click as the user waits for it, in real
// Chromium against the built browser-mode studio, on the real BDD100K frames of ../shared/data with the engine
// that ships without downloads (classical): from the click's prompt reaching the segment wiring to the mask in
// the editor, the engine's share of it, what the service adds, and what HTTP + the renderer add. Also the first
// click on an image opened cold versus on the next image, prepared in the background. Prints one JSON object.
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Page } from 'playwright-core';
import type { ImageRecord, Point, Rle } from '../../shared/domain';
import { rleArea } from '../../shared/geometry';
import { objectClick } from '../../test/helpers/object-click';
import { DRIVING_SAMPLE, sharedPath } from '../../test/helpers/shared-assets';
import {
  callApi,
  createProject,
  imagePoint,
  openImage,
  startBrowserStudio,
} from '../../test/helpers/studio-page';
import { makeTempDir } from '../../test/helpers/temp-dir';
import { median, p95 } from './lib/stats';
import { exitUnlessSharedAssets } from './lib/shared-assets';

exitUnlessSharedAssets();

const FRAMES = ['00091078-875c1f73-0000166', '00091078-875c1f73-0000167'];
const round = (v: number) => Math.round(v * 10) / 10;

/** The clicks of a frame: every ground-truth object of at least 0.11 % of the image (medium and large). */
function clicks(frame: string): Point[] {
  const labels = (
    JSON.parse(readFileSync(join(DRIVING_SAMPLE, 'bdd100k_mots', `${frame}.json`), 'utf8')) as {
      labels: { rle?: Rle }[];
    }[]
  )[0]!.labels;
  return labels.flatMap((l) => (l.rle && rleArea(l.rle) >= 0.0011 * 1280 * 720 ? [objectClick(l.rle)] : []));
}

/** Clicks as a new prompt and waits for its mask; returns the panel's round trip and the engine's time. */
async function click(page: Page, at: Point): Promise<{ ms: number; serverMs: number; engineMs: number }> {
  await page.keyboard.press('n');
  await page.locator('[data-testid="segment-activity"][data-state="idle"]').waitFor();
  await page.mouse.click(...(await imagePoint(page, ...at)));
  const done = page.locator('[data-testid="segment-activity"][data-state="done"]');
  await done.waitFor({ timeout: 30_000 });
  return {
    ms: Number(await done.getAttribute('data-ms')),
    serverMs: Number(await done.getAttribute('data-server-ms')),
    engineMs: Number(await done.getAttribute('data-engine-ms')),
  };
}

const tmp = makeTempDir('vps-bench-segment-ui-');
const folder = join(tmp.dir, 'drive');
mkdirSync(folder);
for (const f of FRAMES)
  copyFileSync(join(DRIVING_SAMPLE, 'bdd100k_mots', `${f}.jpg`), join(folder, `${f}.jpg`));
process.env.VISPROMPT_MODELS_DIR = sharedPath('models');
const app = await startBrowserStudio(join(tmp.dir, 'data'));
try {
  const { page } = await app.openPage({ width: 1440, height: 900 });
  const project = join(tmp.dir, 'Bench.vpstudio');
  await createProject(page, { name: 'Bench', path: project, folder, images: FRAMES.length });
  const { items } = await callApi<{ items: ImageRecord[] }>(page, 'images.list', { project });
  const byFrame = (f: string) => items.find((i) => basename(i.path) === `${f}.jpg`)!;

  await openImage(page, byFrame(FRAMES[0]!).id);
  await page.keyboard.press('p');
  const [first, ...rest] = clicks(FRAMES[0]!);
  const cold = await click(page, first!);
  const warm = [];
  for (const at of rest) warm.push(await click(page, at));

  // The next frame was prepared while the first was open.
  await page.keyboard.press('d');
  await page.locator(`[data-testid="image-view"][data-image-id="${byFrame(FRAMES[1]!).id}"]`).waitFor();
  await page.locator('[data-testid="image-stage"][data-ready="true"]').waitFor({ timeout: 30_000 });
  const [nextFirst, ...nextRest] = clicks(FRAMES[1]!);
  const prepared = await click(page, nextFirst!);
  for (const at of nextRest) warm.push(await click(page, at));

  const ms = warm.map((w) => w.ms);
  const service = warm.map((w) => w.serverMs - w.engineMs);
  const transport = warm.map((w) => w.ms - w.serverMs);
  console.log(
    JSON.stringify({
      engine: 'classical',
      clicks: warm.length,
      roundTripMs: { median: round(median(ms)), p95: round(p95(ms)) },
      engineMs: { median: round(median(warm.map((w) => w.engineMs))) },
      serviceMs: { median: round(median(service)), p95: round(p95(service)) },
      httpAndRendererMs: { median: round(median(transport)), p95: round(p95(transport)) },
      firstClickMs: { coldSession: round(cold.ms), preparedNextImage: round(prepared.ms) },
    }),
  );
} finally {
  await app.stop();
  tmp.cleanup();
}
