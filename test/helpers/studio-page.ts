// Driving the browser-mode studio from Playwright like a user, shared by the e2e tests and the UI benchmarks:
// the built studio with a Chromium, the studio API with the page's session, image pixels to page coordinates,
// a project and labels made through the UI.
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './chromium';
import { startStudioProcess, type StudioProcess, type StudioProcessOptions } from './studio-process';

export interface BrowserStudio {
  /** The running studio process (a new one after restart). */
  studio: StudioProcess;
  browser: Browser;
  /** A new page signed in through the studio's link, collecting the page's uncaught errors (tests expect none). */
  openPage(viewport: { width: number; height: number }): Promise<{ page: Page; errors: string[] }>;
  /** Stops the studio process and starts a new one on the same data dir, as a user reopening it would. */
  restart(): Promise<void>;
  /** Kills the studio process with SIGKILL (no shutdown of any kind) and starts a new one on the same data dir. */
  crash(): Promise<void>;
  /** Closes the browser, then stops the studio. */
  stop(): Promise<void>;
}

/**
 * The built studio as a process with its data in `dataDir`, and a Chromium to drive it; `options` (a fixed
 * port, more arguments) hold for every restart too.
 */
export async function startBrowserStudio(
  dataDir: string,
  options: StudioProcessOptions = {},
): Promise<BrowserStudio> {
  const studio = await startStudioProcess(dataDir, options);
  const browser = await launchChromium().catch(async (e: unknown) => {
    await studio.stop();
    throw e;
  });
  const app: BrowserStudio = {
    studio,
    browser,
    async openPage(viewport) {
      const page = await browser.newPage({ viewport });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(app.studio.loginUrl);
      return { page, errors };
    },
    async restart() {
      await app.studio.stop();
      app.studio = await startStudioProcess(dataDir, options);
    },
    async crash() {
      const { child } = app.studio;
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((done) => child.once('exit', done));
        child.kill('SIGKILL');
        await exited;
      }
      app.studio = await startStudioProcess(dataDir, options);
    },
    async stop() {
      await browser.close();
      await app.studio.stop();
    },
  };
  return app;
}

/** Calls the studio API from the page, with the page's session. */
export async function callApi<T>(page: Page, method: string, input: unknown): Promise<T> {
  const body = await page.evaluate(
    async ([m, i]) => {
      const res = await fetch(`/api/${m}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(i),
      });
      return res.json();
    },
    [method, input] as const,
  );
  if (!body.ok) throw new Error(`${method}: ${body.error.message}`);
  return body.result as T;
}

/** Page coordinates of an image pixel, from the view the canvas publishes. */
export async function imagePoint(page: Page, x: number, y: number): Promise<[number, number]> {
  const stage = page.getByTestId('image-stage');
  const [scale, vx, vy] = (await stage.getAttribute('data-view'))!.split(' ').map(Number) as [
    number,
    number,
    number,
  ];
  const box = (await stage.boundingBox())!;
  return [box.x + vx + x * scale, box.y + vy + y * scale];
}

/**
 * Creates a project through the New project dialog, of one image folder if given; with `images`, waits until
 * that many image cards are shown.
 */
export async function createProject(
  page: Page,
  project: { name: string; path: string; folder?: string; images?: number },
): Promise<void> {
  await page.getByTestId('new-project').click();
  await page.getByTestId('project-name-input').fill(project.name);
  await page.getByTestId('project-path-input').fill(project.path);
  if (project.folder !== undefined) await page.getByTestId('image-folder-input').fill(project.folder);
  await page.getByTestId('create-project').click();
  if (project.images)
    await page
      .getByTestId('image-card')
      .nth(project.images - 1)
      .waitFor({ timeout: 60_000 });
}

/** Adds labels through the labels panel, as a user types them. */
export async function addLabels(page: Page, names: readonly string[]): Promise<void> {
  for (const name of names) {
    await page.getByTestId('label-add').click();
    await page.getByTestId('label-name-input').fill(name);
    await page.getByTestId('label-name-input').press('Enter');
  }
}

/** Opens an image of the library and waits until its canvas and editor are ready. */
export async function openImage(page: Page, imageId: number): Promise<void> {
  await page.locator(`[data-testid="image-card"][data-image-id="${imageId}"]`).click();
  await page.locator('[data-testid="image-stage"][data-ready="true"]').waitFor({ timeout: 30_000 });
}

/** Polls `what` every 100 ms until it gives a value (not undefined, null or false); throws after `ms`. */
export async function until<T>(what: () => Promise<T | undefined | null | false>, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await what();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Opens an image of a project by its route (any image, not only one on the library's page) and waits for it. */
export async function openImageAt(page: Page, project: string, imageId: number): Promise<void> {
  await page.evaluate(
    ([p, id]) => (location.hash = `#/project/image/${id}?${new URLSearchParams({ path: p as string })}`),
    [project, imageId] as const,
  );
  await page.locator('[data-testid="image-stage"][data-ready="true"]').waitFor({ timeout: 30_000 });
}
