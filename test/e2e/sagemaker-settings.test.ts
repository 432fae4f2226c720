// Settings > Model endpoints in real Chromium against the built browser-mode studio: the user types an
// endpoint, a profile and the emulator's URL, presses Test connection and sees the endpoint answer (the studio
// process finds the profile's credentials in its AWS credentials file), then saves and finds the values again.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserStudio, type BrowserStudio } from '../helpers/studio-page';
import { useEmulatorProfile } from '../helpers/aws-env';
import { startSamEndpoint, type SamEndpoint } from '../helpers/sam-endpoint';
import { makeTempDir } from '../helpers/temp-dir';

const SHOTS = join('test-results', 'screenshots');
const VIEWPORT = { width: 1280, height: 900 };

describe('model endpoint settings in the browser', () => {
  const tmp = makeTempDir('vps-e2e-sm-');
  const saved = { ...process.env };
  let endpoint: SamEndpoint;
  let app: BrowserStudio;

  beforeAll(async () => {
    endpoint = await startSamEndpoint({ dir: tmp.dir, region: 'eu-west-1' });
    // The studio process inherits these, as it would a user's environment.
    useEmulatorProfile(tmp.dir);
    app = await startBrowserStudio(join(tmp.dir, 'data'));
  });

  afterAll(async () => {
    process.env = saved;
    await app?.stop();
    await endpoint?.close();
    tmp.cleanup();
  });

  it('tests the connection with unsaved values, then saves them', async () => {
    const { page, errors } = await app.openPage(VIEWPORT);
    await page.evaluate(() => (location.hash = '#/settings'));
    await page.getByTestId('settings-endpoints').waitFor();
    await page.getByTestId('settings-ep-samEndpoint').fill('sam-vit-h');
    await page.getByTestId('settings-ep-awsProfile').fill('emulator');
    await page.getByTestId('settings-ep-awsRegion').fill('eu-west-1');
    await page.getByTestId('settings-ep-endpointUrl').fill(endpoint.emulator.url);
    await page.getByTestId('settings-ep-embedding').uncheck();
    await page.getByTestId('settings-ep-test').click();
    const results = page.getByTestId('settings-ep-results');
    await results.waitFor({ timeout: 30_000 });
    expect(await results.textContent()).toMatch(/sam-vit-h \(sam\): answered in \d+ ms \(model mobile-sam\)/);

    mkdirSync(SHOTS, { recursive: true });
    await page.getByTestId('settings-endpoints').screenshot({ path: join(SHOTS, 'settings-endpoints.png') });

    await page.getByTestId('settings-ep-awsProfile').fill('nobody');
    await page.getByTestId('settings-ep-test').click();
    await expect
      .poll(async () => (await results.textContent()) ?? '', { timeout: 30_000 })
      .toMatch(/sam-vit-h \(sam\): .*(credentials|profile)/i);

    await page.getByTestId('settings-ep-awsProfile').fill('emulator');
    await page.getByTestId('settings-save').click();
    await page.reload();
    await page.getByTestId('settings-endpoints').waitFor();
    expect(await page.getByTestId('settings-ep-samEndpoint').inputValue()).toBe('sam-vit-h');
    expect(await page.getByTestId('settings-ep-endpointUrl').inputValue()).toBe(endpoint.emulator.url);
    expect(errors).toEqual([]);
  });
});
