// The datasets screen in real Chromium against the real browser-mode studio: import the BDD100K detection
// sample, preview and export LLaVA region data, and see the counts. The screenshot lands in test-results
// (docs/screenshots/datasets.png is a copy of one, made on purpose rather than by every run).
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DRIVING_SAMPLE } from '../helpers/shared-assets';
import { createProject, startBrowserStudio, type BrowserStudio } from '../helpers/studio-page';
import { makeTempDir } from '../helpers/temp-dir';

const SHOTS = join('test-results', 'screenshots');
const VIEWPORT = { width: 1280, height: 1400 };

describe.skipIf(!existsSync(DRIVING_SAMPLE))('datasets screen in browser mode', () => {
  const tmp = makeTempDir('vps-e2e-datasets-');
  const projectPath = join(tmp.dir, 'projects', 'Drive.vpstudio');
  const target = join(tmp.dir, 'llava-export');
  let app: BrowserStudio;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    app = await startBrowserStudio(join(tmp.dir, 'data'));
  });

  afterAll(async () => {
    await app?.stop();
    tmp.cleanup();
  });

  it('imports BDD100K labels, previews and exports LLaVA regions with a manifest', async () => {
    const { page, errors } = await app.openPage(VIEWPORT);
    await createProject(page, { name: 'Drive', path: projectPath });
    await page.getByTestId('open-datasets').click();

    // A bad label path first: the error is shown, nothing imported.
    await page.getByTestId('import-format').selectOption('bdd100k');
    await page.getByTestId('import-labels').fill(join(DRIVING_SAMPLE, 'bdd100k_det', 'missing.json'));
    await page.getByTestId('import-images').fill(join(DRIVING_SAMPLE, 'bdd100k_det'));
    await page.getByTestId('import-start').click();
    await expect.poll(() => page.getByTestId('import-result').textContent()).toContain('No label file');

    await page
      .getByTestId('import-labels')
      .fill(join(DRIVING_SAMPLE, 'bdd100k_det', '12305469-7a4947e7.json'));
    await page.getByTestId('import-start').click();
    await expect
      .poll(() => page.getByTestId('import-result').textContent())
      .toContain('Imported 10 annotations');

    await page.getByTestId('export-format').selectOption('llava');
    await page.getByTestId('export-template').selectOption('region');
    await page.getByTestId('split-train').fill('1');
    await page.getByTestId('split-val').fill('0');
    await page.getByTestId('split-test').fill('0');
    await page.getByTestId('export-target').fill(target);
    await page.getByTestId('export-preview').click();
    const preview = page.getByTestId('export-preview-records');
    await expect.poll(() => preview.textContent()).toContain('What is the object in the region');

    await page.getByTestId('export-start').click();
    await expect
      .poll(() => page.getByTestId('export-result').textContent(), { timeout: 30_000 })
      .toContain('Wrote');
    expect(await page.getByTestId('export-result').textContent()).toContain('traffic sign');

    const manifest = JSON.parse(readFileSync(join(target, 'manifest.json'), 'utf8'));
    expect(manifest.counts.train).toMatchObject({ images: 1, annotations: 10 });
    const records = JSON.parse(readFileSync(join(target, 'llava_train.json'), 'utf8'));
    expect(records[0].conversations).toHaveLength(20);
    await page.screenshot({ path: join(SHOTS, 'datasets.png'), fullPage: true });

    // Replacing it asks first, saying what goes; the project's own folder is refused, and stays.
    const files = readdirSync(target, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    await page.getByLabel('Replace an existing folder').check();
    await page.getByTestId('export-start').click();
    const confirm = page.getByTestId('confirm-dialog');
    await expect
      .poll(() => confirm.textContent())
      .toContain(`holds an earlier export: ${files.length} files`);
    await page.screenshot({ path: join(SHOTS, 'datasets-replace-confirm.png') });
    await page.getByTestId('confirm-ok').click();
    await expect.poll(() => page.getByTestId('export-result').textContent()).toContain('Wrote');
    expect(existsSync(join(target, 'manifest.json'))).toBe(true);

    await page.getByTestId('export-target').fill(dirname(projectPath));
    await page.getByTestId('export-start').click();
    await expect
      .poll(() => page.getByTestId('export-result').textContent())
      .toContain('holds the open project (Drive.vpstudio)');
    expect(await confirm.count()).toBe(0);
    expect(existsSync(projectPath)).toBe(true);
    expect(errors).toEqual([]);
  });
});
