// A new user's first minutes (issue 19) in real Chromium against the built browser-mode studio started with
// --data-dir and no models: the New project dialog and its folder picker.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecentProject } from '../../shared/domain';
import { makeFolderOfImages } from '../helpers/images';
import { callApi, startBrowserStudio, type BrowserStudio } from '../helpers/studio-page';
import { makeTempDir } from '../helpers/temp-dir';

const SHOTS = join('test-results', 'screenshots');

describe('a first run in browser mode', () => {
  const tmp = makeTempDir('vps-e2e-first-');
  const dataDir = join(tmp.dir, 'data');
  const folder = join(tmp.dir, 'drive');
  let app: BrowserStudio;
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    await makeFolderOfImages(folder, 4, { perFolder: 10 });
    // No models folder from the environment: the studio starts with the empty one in its data dir.
    delete process.env.VISPROMPT_MODELS_DIR;
    app = await startBrowserStudio(dataDir);
  });
  afterAll(async () => {
    process.env = savedEnv;
    await app?.stop();
    tmp.cleanup();
  });

  it('Enter or Go in the folder picker only picks the folder; the project is made by its own button, in the data dir', async () => {
    const { page, errors } = await app.openPage({ width: 1280, height: 800 });
    await page.getByTestId('new-project').click();
    await page.getByTestId('project-name-input').fill('Drive');
    // The project file goes to the data dir's projects folder, not the home folder's.
    const expected = join(dataDir, 'projects', 'Drive.vpstudio');
    expect(await page.getByTestId('project-path-input').inputValue()).toBe(expected);

    // Browse for the images: type the folder and press Enter, then Go: the picker goes there and stays open.
    await page
      .getByTestId('image-folder-input')
      .locator('..')
      .getByRole('button', { name: /Browse/ })
      .click();
    const picker = page.getByTestId('folder-browser');
    await picker.waitFor();
    await page.getByTestId('folder-browser-path').fill(tmp.dir);
    await page.getByTestId('folder-browser-path').press('Enter');
    await expect
      .poll(() => picker.locator('[data-testid="folder-entry"]').allTextContents())
      .toContain('drive');
    await page.getByTestId('folder-browser-path').fill(join(folder, 'set-00'));
    await picker.getByRole('button', { name: 'Go', exact: true }).click();
    await expect.poll(() => page.getByTestId('folder-image-count').textContent()).toMatch(/4 images/);
    await page.screenshot({ path: join(SHOTS, 'first-run-picker.png') });
    expect(await callApi<RecentProject[]>(page, 'projects.recent', {})).toEqual([]);
    expect(existsSync(expected)).toBe(false);
    expect(await page.getByTestId('new-project-dialog').count()).toBe(1);

    // Choosing the folder fills the field; only Create makes the project, with its images.
    await page.getByTestId('folder-browser-choose').click();
    await picker.waitFor({ state: 'detached' });
    expect(await page.getByTestId('image-folder-input').inputValue()).toBe(join(folder, 'set-00'));
    await page.getByTestId('create-project').click();
    await expect.poll(() => page.getByTestId('image-card').count(), { timeout: 30_000 }).toBe(4);
    expect(existsSync(expected)).toBe(true);
    expect((await callApi<RecentProject[]>(page, 'projects.recent', {})).map((r) => r.path)).toEqual([
      expected,
    ]);
    expect(errors).toEqual([]);
  });
});
