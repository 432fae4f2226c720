// `npm run screenshots`: regenerates the README's screenshots from the real driving sample (../shared/data), in
// the built browser-mode studio driven by Chromium. Needs `npm run build` first.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from '../test/helpers/chromium';
import { DRIVING_SAMPLE, hasSharedAssets } from '../test/helpers/shared-assets';
import { startStudioProcess } from '../test/helpers/studio-process';
import { makeTempDir } from '../test/helpers/temp-dir';

const OUT = join('docs', 'screenshots');

async function main() {
  if (!hasSharedAssets)
    throw new Error(`The driving sample is not at ${DRIVING_SAMPLE} (set VISPROMPT_SHARED).`);
  mkdirSync(OUT, { recursive: true });
  const tmp = makeTempDir('vps-shots-');
  const studio = await startStudioProcess(join(tmp.dir, 'data'));
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(studio.loginUrl);
    await page.getByTestId('new-project').click();
    await page.getByTestId('project-name-input').fill('Driving sample');
    await page.getByTestId('project-path-input').fill(join(tmp.dir, 'Driving sample.vpstudio'));
    await page.getByTestId('image-folder-input').fill(DRIVING_SAMPLE);
    await page.getByTestId('create-project').click();
    await page.getByTestId('image-card').nth(8).waitFor({ timeout: 60_000 });
    for (const name of ['car', 'pedestrian', 'traffic light']) {
      await page.getByTestId('label-add').click();
      await page.getByTestId('label-name-input').fill(name);
      await page.getByTestId('label-name-input').press('Enter');
    }
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
  } finally {
    await browser.close();
    await studio.stop();
    tmp.cleanup();
  }
}

await main();
