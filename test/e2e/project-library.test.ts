import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeFolderOfImages, makeTruncated } from '../helpers/images';
import { addLabels, createProject, startBrowserStudio, type BrowserStudio } from '../helpers/studio-page';
import { makeTempDir } from '../helpers/temp-dir';

const SHOTS = join('test-results', 'screenshots');
const VIEWPORT = { width: 1440, height: 900 };

async function thumbnailsLoaded(page: Page): Promise<number> {
  return page.$$eval(
    '[data-testid="image-thumb"]',
    (imgs) => (imgs as HTMLImageElement[]).filter((img) => img.complete && img.naturalWidth > 0).length,
  );
}

describe('image library in browser mode', () => {
  const tmp = makeTempDir('vps-e2e-');
  const dataDir = join(tmp.dir, 'data');
  const folder = join(tmp.dir, 'drive');
  const projectPath = join(tmp.dir, 'projects', 'Drive.vpstudio');
  let app: BrowserStudio;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const paths = await makeFolderOfImages(folder, 9);
    await makeTruncated(paths[8]!);
    app = await startBrowserStudio(dataDir);
  });

  afterAll(async () => {
    await app?.stop();
    tmp.cleanup();
  });

  it('creates a project from a folder, shows thumbnails and the skipped file, and survives a restart', async () => {
    const { page, errors } = await app.openPage(VIEWPORT);

    await createProject(page, { name: 'Drive', path: projectPath, folder });

    await expect.poll(() => page.getByTestId('image-card').count(), { timeout: 30_000 }).toBe(8);
    const report = page.getByTestId('import-report');
    await report.waitFor();
    expect(await report.textContent()).toMatch(/8/);
    expect(await page.getByTestId('skipped-file').count()).toBe(1);
    expect(await page.getByTestId('skipped-file').textContent()).toContain(join(folder, ''));
    await expect.poll(() => thumbnailsLoaded(page), { timeout: 30_000 }).toBe(8);
    await page.screenshot({ path: join(SHOTS, 'image-grid.png') });

    // A label, to check it survives the restart too.
    await addLabels(page, ['car']);
    await expect.poll(() => page.getByTestId('label-row').count()).toBe(1);

    // The image view opens and keyboard navigation moves to the next image.
    await page.getByTestId('image-card').first().click();
    await page.getByTestId('image-view').waitFor();
    const firstUrl = page.url();
    await page.keyboard.press('d');
    await expect.poll(() => page.url()).not.toBe(firstUrl);
    await page.screenshot({ path: join(SHOTS, 'image-view.png') });
    expect(errors).toEqual([]);

    await app.restart();
    const { page: again } = await app.openPage(VIEWPORT);
    await again.getByTestId('recent-project').first().click();
    await expect.poll(() => again.getByTestId('image-card').count(), { timeout: 30_000 }).toBe(8);
    await expect.poll(() => thumbnailsLoaded(again), { timeout: 30_000 }).toBe(8);
    expect(await again.getByTestId('label-row').count()).toBe(1);
    await again.screenshot({ path: join(SHOTS, 'after-restart.png') });
  });
});
