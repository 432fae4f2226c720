// Settings > About and support in real Chromium against the built browser-mode studio: Copy diagnostics puts the
// redacted report on the clipboard (no token, no key from the settings), and where the clipboard is refused the
// report is shown selected instead.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserStudio, type BrowserStudio } from '../helpers/studio-page';
import { makeTempDir } from '../helpers/temp-dir';

const SHOTS = join('test-results', 'screenshots');
const VIEWPORT = { width: 1280, height: 900 };
const PASSWORD = 'hunter2-is-my-password';

describe('copy diagnostics', () => {
  const tmp = makeTempDir('vps-e2e-diag-');
  const dataDir = join(tmp.dir, 'data');
  let app: BrowserStudio;

  beforeAll(async () => {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(
      join(dataDir, 'settings.json'),
      JSON.stringify({
        theme: 'dark',
        thumbnailSize: 192,
        projectsDir: join(tmp.dir, 'projects'),
        maxImageMegapixels: 100,
        endpoints: {
          awsProfile: 'labeling',
          awsRegion: 'us-east-1',
          endpointUrl: `https://ana:${PASSWORD}@sagemaker.local:8443`,
          samEndpoint: 'sam-vit-h',
          groundedSamEndpoint: '',
          embeddingMode: true,
          requestTimeoutSec: 60,
        },
      }),
    );
    app = await startBrowserStudio(dataDir);
  });

  afterAll(async () => {
    await app?.stop();
    tmp.cleanup();
  });

  it('copies the redacted report to the clipboard', async () => {
    const { page, errors } = await app.openPage(VIEWPORT);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: new URL(app.studio.loginUrl).origin,
    });
    await page.evaluate(() => (location.hash = '#/settings'));
    const card = page.getByTestId('settings-support');
    await card.scrollIntoViewIfNeeded();
    await expect.poll(() => page.getByTestId('support-version').textContent()).toMatch(/browser mode/);
    await page.getByTestId('support-copy-diagnostics').click();
    await page.getByText('Diagnostics copied').waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toMatch(/^VisPrompt Studio \S+ diagnostics/);
    expect(copied).toContain('SAM: sam-vit-h');
    expect(copied).toContain('Last ');
    expect(copied).not.toContain(PASSWORD);
    expect(copied).not.toContain(new URL(app.studio.loginUrl).searchParams.get('token'));
    mkdirSync(SHOTS, { recursive: true });
    await card.screenshot({ path: join(SHOTS, 'settings-support.png') });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows the report selected when the clipboard is refused', async () => {
    const { page, errors } = await app.openPage(VIEWPORT);
    await page.addInitScript(() => {
      Object.defineProperty(navigator, 'clipboard', {
        value: {
          writeText: () => Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError')),
        },
      });
    });
    await page.reload();
    await page.evaluate(() => (location.hash = '#/settings'));
    await page.getByTestId('support-copy-diagnostics').click();
    const area = page.getByTestId('support-diagnostics-text');
    await area.waitFor();
    const text = await area.inputValue();
    expect(text).toMatch(/^VisPrompt Studio \S+ diagnostics/);
    expect(text).not.toContain(PASSWORD);
    await expect
      .poll(() => area.evaluate((el: HTMLTextAreaElement) => el.selectionEnd - el.selectionStart))
      .toBe(text.length);
    await page
      .getByTestId('settings-support')
      .screenshot({ path: join(SHOTS, 'settings-support-fallback.png') });
    expect(errors).toEqual([]);
    await page.close();
  });
});
