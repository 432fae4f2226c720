// `npx tsx scripts/bench/canvas.ts`: the annotation canvas in Chromium (playwright-core) on the built
// browser-mode studio. Needs `npm run build` first. Prints one JSON object.
//  - frame: a 3840x2160 image with 300 polygons and 100 masks; each sample pans or zooms the view and times the
//    React update plus a full synchronous Konva draw of every layer (the CPU work one frame needs; vsync waits
//    and compositing excluded).
//  - maskArrival: a 1280x720 image; each sample hands the editor a new 1280x720 candidate mask (a fresh RLE,
//    so no cache hit) and times it until the prompt layer has drawn it: RLE decode, bitmap, outline, draw.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { AnnotationInput, JobInfo } from '../../shared/api';
import type { ImageRecord, Point, Rle } from '../../shared/domain';
import { createMask, maskToRle, rleToBox } from '../../shared/geometry';
import { launchChromium } from '../../test/helpers/chromium';
import { makeImage } from '../../test/helpers/images';
import { callApi } from '../../test/helpers/studio-page';
import { startStudioProcess } from '../../test/helpers/studio-process';
import { makeTempDir } from '../../test/helpers/temp-dir';
import { prng } from '../../test/helpers/mask-fixtures';

const rand = prng(7);

/** A star-shaped ring (never self-crossing): `n` vertices at sorted angles with a wavy radius. */
function starRing(cx: number, cy: number, r: number, n: number): Point[] {
  return Array.from({ length: n }, (_, i) => {
    const a = (2 * Math.PI * i) / n;
    const rr = r * (0.65 + 0.35 * rand());
    return [Math.round((cx + rr * Math.cos(a)) * 10) / 10, Math.round((cy + rr * Math.sin(a)) * 10) / 10];
  });
}

/** An object-sized blob mask (wavy ellipse) on a full-size canvas, as RLE. */
function blobRle(w: number, h: number, cx: number, cy: number, rx: number, ry: number): Rle {
  const m = createMask(w, h);
  const phase = rand() * 6;
  for (let y = Math.max(0, Math.floor(cy - ry * 1.2)); y < Math.min(h, cy + ry * 1.2); y++) {
    for (let x = Math.max(0, Math.floor(cx - rx * 1.2)); x < Math.min(w, cx + rx * 1.2); x++) {
      const a = Math.atan2(y - cy, x - cx);
      const k = 1 + 0.15 * Math.sin(5 * a + phase);
      if (((x - cx) / (rx * k)) ** 2 + ((y - cy) / (ry * k)) ** 2 <= 1) m.data[y * w + x] = 1;
    }
  }
  return maskToRle(m);
}

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  const r = (v: number) => Number(v.toFixed(2));
  return { samples: s.length, medianMs: r(q(0.5)), p95Ms: r(q(0.95)), maxMs: r(s[s.length - 1]!) };
};

async function openImage(page: Page, project: string, imageId: number, count: number) {
  await page.evaluate(([p, id]) => (location.hash = `#/project/image/${id}?path=${encodeURIComponent(p)}`), [
    project,
    imageId,
  ] as const);
  await page.locator(`[data-testid="image-view"][data-image-id="${imageId}"]`).waitFor();
  await page.locator('[data-testid="image-stage"][data-ready="true"]').waitFor({ timeout: 60_000 });
  await page.waitForFunction((n) => window.visprompt?.editor.state()?.annotations.length === n, count, {
    timeout: 60_000,
  });
}

async function main() {
  const tmp = makeTempDir('vps-bench-canvas-');
  const folder = join(tmp.dir, 'imgs');
  await makeImage(folder, 'a-4k.jpg', { width: 3840, height: 2160, format: 'jpeg', texture: true });
  await makeImage(folder, 'b-720p.jpg', { width: 1280, height: 720, format: 'jpeg', texture: true });
  const studio = await startStudioProcess(join(tmp.dir, 'data'));
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    // tsx keeps function names with an __name helper that the page does not have.
    await page.addInitScript({ content: 'window.__name = (f) => f;' });
    await page.goto(studio.loginUrl);
    const project = (
      await callApi<{ path: string }>(page, 'projects.create', { path: join(tmp.dir, 'b'), name: 'b' })
    ).path;
    const { jobId } = await callApi<{ jobId: string }>(page, 'images.importFolder', { project, folder });
    for (let job: JobInfo | null = null; !job || job.state === 'running';) {
      await new Promise((r) => setTimeout(r, 100));
      job = await callApi<JobInfo>(page, 'jobs.get', { jobId });
    }
    const images = (await callApi<{ items: ImageRecord[] }>(page, 'images.list', { project })).items;
    const big = images.find((i) => i.width === 3840)!;
    const small = images.find((i) => i.width === 1280)!;
    const labels: number[] = [];
    for (const name of ['car', 'person', 'truck', 'sign'])
      labels.push(
        (await callApi<{ id: number }>(page, 'labels.create', { project, name, color: undefined })).id,
      );

    // 300 polygons and 100 masks on the 4K image, saved through the API like any client would.
    const [W, H] = [3840, 2160];
    const polygons: AnnotationInput[] = Array.from({ length: 300 }, (_, i) => ({
      labelId: labels[i % labels.length]!,
      kind: 'polygon',
      geometry: {
        kind: 'polygon',
        rings: [
          starRing(
            150 + rand() * (W - 300),
            150 + rand() * (H - 300),
            30 + rand() * 110,
            16 + Math.floor(rand() * 24),
          ),
        ],
      },
    }));
    const masks: AnnotationInput[] = Array.from({ length: 100 }, (_, i) => {
      const rle = blobRle(
        W,
        H,
        300 + rand() * (W - 600),
        300 + rand() * (H - 600),
        40 + rand() * 220,
        40 + rand() * 200,
      );
      return {
        labelId: labels[i % labels.length]!,
        kind: 'mask',
        geometry: { kind: 'mask', box: rleToBox(rle) },
        rle,
      };
    });
    for (let i = 0; i < 400; i += 50) {
      const upserts = [...polygons, ...masks].slice(i, i + 50);
      await callApi(page, 'annotations.save', { project, imageId: big.id, upserts });
    }

    await openImage(page, project, big.id, 400);
    // Wait for the first full draw (mask bitmaps built) before sampling.
    await page.waitForTimeout(500);
    const frames = await page.evaluate(async () => {
      const auto = window.visprompt!;
      const stage = (
        window as unknown as { Konva: { stages: { x(): number; scaleX(): number; draw(): void }[] } }
      ).Konva.stages[0]!;
      const nextFrame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      const times: number[] = [];
      const reactTimes: number[] = [];
      let missed = 0;
      const steps: (() => void)[] = [];
      for (let i = 0; i < 60; i++)
        steps.push(() => auto.view.pan(i % 20 < 10 ? 23 : -23, i % 7 < 3 ? 11 : -9));
      for (let i = 0; i < 60; i++)
        steps.push(() =>
          auto.view.zoom(i % 12 < 6 ? 1.1 : 1 / 1.1, [400 + 20 * (i % 9), 300 + 15 * (i % 7)]),
        );
      for (const step of steps) {
        await nextFrame();
        const t0 = performance.now();
        step();
        const { x, scale } = auto.view.get();
        // React commits the new view in a microtask or two; the stage then carries it.
        for (let k = 0; k < 50 && (stage.x() !== x || stage.scaleX() !== scale); k++) await Promise.resolve();
        if (stage.x() !== x || stage.scaleX() !== scale) missed++;
        const t1 = performance.now();
        stage.draw();
        times.push(performance.now() - t0);
        reactTimes.push(t1 - t0);
      }
      if (missed > 0) throw new Error(`${missed} view changes were not committed in time`);
      return { times, reactTimes };
    });

    await openImage(page, project, small.id, 0);
    const candidates = Array.from({ length: 30 }, () => ({
      rle: blobRle(1280, 720, 300 + rand() * 680, 200 + rand() * 320, 80 + rand() * 160, 60 + rand() * 120),
      score: 0.9,
      modelId: 'bench',
    }));
    const arrivals = await page.evaluate(
      async ([imageId, list]) => {
        const auto = window.visprompt!;
        type Node = { getClassName(): string; find(sel: string): { attrs: { image?: unknown } }[] };
        const stage = (
          window as unknown as { Konva: { stages: { getLayers(): (Node & { draw(): void })[] }[] } }
        ).Konva.stages[0]!;
        // Layer order (AnnotationCanvas): image, masks, shapes, prompt + candidate, tool overlay.
        const promptLayer = stage.getLayers()[3]!;
        const shown = () => promptLayer.find('Image')[0]?.attrs.image;
        const nextFrame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        const times: number[] = [];
        for (const c of list) {
          await nextFrame();
          const before = shown();
          const t0 = performance.now();
          auto.editor.setCandidates(imageId, [c]);
          for (let k = 0; k < 50 && shown() === before; k++) await Promise.resolve();
          promptLayer.draw();
          times.push(performance.now() - t0);
        }
        return times;
      },
      [small.id, candidates] as const,
    );

    console.log(
      JSON.stringify({
        image: '3840x2160',
        polygons: 300,
        masks: 100,
        frame: {
          panZoom: stats(frames.times),
          pan: stats(frames.times.slice(0, 60)),
          zoom: stats(frames.times.slice(60)),
          reactUpdateOnly: stats(frames.reactTimes),
        },
        maskArrival1280x720: stats(arrivals),
        targets: { frameMedianMs: 16, maskArrivalMs: 10 },
      }),
    );
  } finally {
    await browser.close();
    await studio.stop();
    tmp.cleanup();
  }
}

await main();
