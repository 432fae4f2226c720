// A new user's first minutes (issue 19) in real Chromium against the built browser-mode studio started with
// --data-dir and no models, offline: the New project dialog and its folder picker, and the first-run prompt.
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecentProject } from '../../shared/domain';
import { makeFolderOfImages } from '../helpers/images';
import { hasSharedAssets, PICODET_MODEL } from '../helpers/shared-assets';
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
    // No models folder from the environment: the studio starts with the empty one in its data dir. Offline:
    // downloads go to a mirror nobody listens on.
    delete process.env.VISPROMPT_MODELS_DIR;
    process.env.VISPROMPT_MODELS_MIRROR = 'http://127.0.0.1:9';
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
  it.skipIf(!hasSharedAssets)(
    'says masks come from the fallback engine, offers the models with their sizes, and when offline names the files to put by hand',
    async () => {
      const { page, errors } = await app.openPage({ width: 1280, height: 900 });
      const prompt = page.getByTestId('first-run');
      await prompt.waitFor();
      expect(await prompt.getAttribute('data-engine')).toBe('classical');
      expect(await prompt.textContent()).toMatch(/Masks come from the fallback engine/);
      expect(await prompt.textContent()).toMatch(/classical engine .*OpenCV GrabCut/);
      // MobileSAM and the detector, each with its download size from the manifest.
      const row = (id: string) => prompt.locator(`[data-testid="model-row"][data-model="${id}"]`);
      for (const [id, size] of [
        ['mobile-sam', /Download 42\.6 MB/],
        ['picodet-s-320-coco', /Download 4\.0 MB/],
      ] as const)
        expect(await row(id).getByTestId('model-download').textContent()).toMatch(size);

      // MobileSAM's files have no published checksum: downloading them asks for consent first.
      expect(await row('mobile-sam').getByTestId('model-download').isDisabled()).toBe(true);
      await row('mobile-sam').getByRole('checkbox').check();
      // Offline: both downloads fail, each says why, and the exact files and folder are named.
      for (const id of ['mobile-sam', 'picodet-s-320-coco'])
        await row(id).getByTestId('model-download').click();
      await expect.poll(() => prompt.getByTestId('model-error').count(), { timeout: 60_000 }).toBe(2);
      const models = join(dataDir, 'models');
      await expect
        .poll(() => page.getByTestId('manual-path').allTextContents())
        .toEqual([
          join(models, 'mobile-sam', 'mobile_sam.encoder.onnx'),
          join(models, 'mobile-sam', 'sam_vit_h_4b8939.decoder.onnx'),
          join(models, 'picodet-s-320-coco', 'picodet_s_320_coco.onnx'),
        ]);
      await page.screenshot({ path: join(SHOTS, 'first-run-prompt.png') });

      // The detector put there by hand: Check again finds it, and the studio uses it.
      mkdirSync(join(models, 'picodet-s-320-coco'), { recursive: true });
      copyFileSync(PICODET_MODEL, join(models, 'picodet-s-320-coco', 'picodet_s_320_coco.onnx'));
      await row('picodet-s-320-coco').getByTestId('models-recheck').click();
      await expect.poll(() => row('picodet-s-320-coco').getAttribute('data-installed')).toBe('true');
      expect(await page.getByTestId('manual-path').allTextContents()).toEqual([
        join(models, 'mobile-sam', 'mobile_sam.encoder.onnx'),
        join(models, 'mobile-sam', 'sam_vit_h_4b8939.decoder.onnx'),
      ]);
      expect(
        (await callApi<{ detector: { engine: string | null } }>(page, 'segment.status', {})).detector.engine,
      ).not.toBeNull();

      // Not now: gone, and still gone after a reload.
      await page.getByTestId('first-run-dismiss').click();
      await prompt.waitFor({ state: 'detached' });
      await page.reload();
      await page.getByTestId('new-project').waitFor();
      expect(await prompt.count()).toBe(0);
      expect(errors).toEqual([]);
    },
  );
});
