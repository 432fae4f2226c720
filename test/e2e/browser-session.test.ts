// Browser mode across closed tabs, a browser restart and a studio restart (issue 19 item 9), in real Chromium
// against the built studio process: the printed link and the bare address find the same studio, while a
// browser that never had the link still gets nothing; and the datasets screen lists past exports with their
// manifests after all of that.
import { statSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImageRecord } from '../../shared/domain';
import { BROWSER_TOKEN_FILE as TOKEN_FILE } from '../../shared/transport';
import { makeFolderOfImages } from '../helpers/images';
import {
  addLabels,
  callApi,
  createProject,
  startBrowserStudio,
  type BrowserStudio,
} from '../helpers/studio-page';
import { makeTempDir } from '../helpers/temp-dir';

const SHOTS = join('test-results', 'screenshots');
const VIEWPORT = { viewport: { width: 1280, height: 1100 } };

/** A browser "restarted": a new profile holding only the cookies that outlive a browser session. */
async function restartedBrowser(browser: Browser, old: BrowserContext): Promise<BrowserContext> {
  const state = await old.storageState();
  const kept = state.cookies.filter((c) => c.expires > 0);
  await old.close();
  return browser.newContext({ ...VIEWPORT, storageState: { cookies: kept, origins: [] } });
}

describe('a browser-mode session outlives its tab, the browser and the studio', () => {
  const tmp = makeTempDir('vps-e2e-session-');
  const dataDir = join(tmp.dir, 'data');
  const project = join(tmp.dir, 'Drive.vpstudio');
  let app: BrowserStudio;

  beforeAll(async () => {
    await makeFolderOfImages(join(tmp.dir, 'drive'), 3, { perFolder: 10 });
    // One port for every run, as `npm start` has (5178): the origin the cookie belongs to stays the same.
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((r) => probe.close(r));
    app = await startBrowserStudio(dataDir, { args: ['--port', String(port)] });
  });
  afterAll(async () => {
    await app?.stop();
    tmp.cleanup();
  });

  it('reopens from the bare address and the printed link; lists past exports with their manifests', async () => {
    const bare = new URL(app.studio.loginUrl).origin + '/';
    let context = await app.browser.newContext(VIEWPORT);
    let page = await context.newPage();
    await page.goto(app.studio.loginUrl);
    await createProject(page, { name: 'Drive', path: project, folder: join(tmp.dir, 'drive'), images: 3 });
    await addLabels(page, ['car']);
    await page.getByTestId('label-row').waitFor();
    const [car] = await callApi<{ id: number }[]>(page, 'labels.list', { project });
    const images = (await callApi<{ items: ImageRecord[] }>(page, 'images.list', { project })).items;
    for (const image of images)
      await callApi(page, 'annotations.save', {
        project,
        imageId: image.id,
        upserts: [{ labelId: car!.id, kind: 'box', geometry: { kind: 'box', box: [4, 4, 30, 30] } }],
      });

    // The cookie the link set: HttpOnly, SameSite=Strict, for this origin's port, kept beyond the session.
    const [cookie] = (await context.cookies()).filter((c) => c.name.startsWith('vps_token'));
    expect(cookie).toMatchObject({
      name: `vps_token_${new URL(bare).port}`,
      domain: '127.0.0.1',
      httpOnly: true,
      sameSite: 'Strict',
    });
    expect(cookie!.expires * 1000 - Date.now()).toBeGreaterThan(7 * 24 * 3600 * 1000);
    // The token the link carries is kept in the data dir, readable by its owner only.
    expect(statSync(join(dataDir, TOKEN_FILE)).mode & 0o777).toBe(0o600);

    // An export, made through the screen.
    await page.getByTestId('open-datasets').click();
    await page.getByTestId('export-format').selectOption('coco');
    const target = join(tmp.dir, 'exports', 'coco');
    await page.getByTestId('export-target').fill(target);
    await page.getByTestId('export-start').click();
    await expect
      .poll(() => page.getByTestId('export-result').textContent(), { timeout: 30_000 })
      .toContain('Wrote');
    await expect.poll(() => page.getByTestId('past-export').count()).toBe(1);

    // The tab closed, another opened on the bare address: the same studio, no login.
    await page.close();
    page = await context.newPage();
    await page.goto(bare);
    await page.getByTestId('recent-project').first().waitFor();

    // The browser restarted (session cookies gone): the bare address still opens it.
    context = await restartedBrowser(app.browser, context);
    page = await context.newPage();
    await page.goto(bare);
    await page.getByTestId('recent-project').first().waitFor();

    // The studio restarted: the same link is printed, and the bare address still opens it, with the past
    // export and its manifest on the datasets screen.
    const link = app.studio.loginUrl;
    await page.close();
    await app.restart();
    expect(new URL(app.studio.loginUrl).searchParams.get('token')).toBe(
      new URL(link).searchParams.get('token'),
    );
    page = await context.newPage();
    expect(new URL(app.studio.loginUrl).origin + '/').toBe(bare);
    await page.goto(bare);
    await page.getByTestId('recent-project').first().click();
    await page.getByTestId('open-datasets').click();
    const past = page.getByTestId('past-export');
    await past.waitFor();
    expect(await past.getAttribute('data-format')).toBe('coco');
    expect(await past.textContent()).toContain(target);
    expect(await past.getByTestId('past-export-counts').textContent()).toMatch(
      /^train \d+ images?, \d+ annotations?/,
    );
    await past.getByTestId('past-export-manifest-toggle').click();
    const manifest = JSON.parse((await past.getByTestId('past-export-manifest').textContent())!) as {
      format: string;
      sourceProject: { path: string };
    };
    expect(manifest).toMatchObject({ format: 'coco', sourceProject: { path: project } });
    await page.getByTestId('past-exports').screenshot({ path: join(SHOTS, 'past-exports.png') });

    // A browser that never had the link gets the "private" page, and so does a wrong token.
    const stranger = await app.browser.newContext(VIEWPORT);
    const door = await stranger.newPage();
    const denied = await door.goto(new URL(app.studio.loginUrl).origin + '/');
    expect(denied!.status()).toBe(401);
    expect((await door.goto(new URL(app.studio.loginUrl).origin + '/?token=nope'))!.status()).toBe(401);
    await stranger.close();
    await context.close();
  });
});
