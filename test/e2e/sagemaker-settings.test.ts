// Settings > Model endpoints in real Chromium against the built browser-mode studio: the user types an
// endpoint, a profile and the emulator's URL, presses Test connection and sees the endpoint answer (the studio
// process finds the profile's credentials in its AWS credentials file), then saves and finds the values again.
// With the endpoint made permanently slow, a click fails after the click deadline set there, and the segment
// panel says why.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImagePage } from '../../shared/api';
import { formatRoute } from '../../renderer/src/routing/routes';
import { callApi, imagePoint, startBrowserStudio, type BrowserStudio } from '../helpers/studio-page';
import { useEmulatorProfile } from '../helpers/aws-env';
import { makeImage } from '../helpers/images';
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
    expect(await page.getByTestId('settings-ep-clickDeadlineSec').inputValue()).toBe('8');
    expect(errors).toEqual([]);
  });

  it('a click on a permanently slow endpoint fails after the click deadline, and the panel says so', async () => {
    const { page, errors } = await app.openPage(VIEWPORT);
    await page.evaluate(() => (location.hash = '#/settings'));
    await page.getByTestId('settings-ep-clickDeadlineSec').fill('0');
    await page.getByTestId('settings-save').click();
    await expect
      .poll(async () => (await page.getByTestId('settings-endpoints').textContent()) ?? '')
      .toMatch(/Click deadline \(whole seconds, 1-120\)/);
    await page.getByTestId('settings-ep-clickDeadlineSec').fill('2');
    await page.getByTestId('settings-save').click();
    await expect
      .poll(() => callApi(page, 'settings.get', {}))
      .toMatchObject({ endpoints: { clickDeadlineSec: 2 } });

    const folder = join(tmp.dir, 'photos');
    await makeImage(folder, 'frame.png', { width: 320, height: 240, format: 'png', pattern: 'quadrant' });
    const { path } = await callApi<{ path: string }>(page, 'projects.create', {
      path: join(tmp.dir, 'slow'),
      name: 'slow',
    });
    const { jobId } = await callApi<{ jobId: string }>(page, 'images.importFolder', {
      project: path,
      folder,
    });
    await expect
      .poll(async () => (await callApi<{ state: string }>(page, 'jobs.get', { jobId })).state)
      .toBe('done');
    const [image] = (await callApi<ImagePage>(page, 'images.list', { project: path })).items;
    const route = formatRoute({ name: 'image', path, imageId: image!.id });
    await page.evaluate((hash) => (location.hash = hash), route);
    await page.locator('[data-testid="image-stage"][data-ready="true"]').waitFor({ timeout: 30_000 });
    await expect
      .poll(() => page.getByTestId('segment-engine').getAttribute('data-engine'))
      .toBe('sagemaker-sam');
    expect(await page.getByTestId('segment-reason').textContent()).toMatch(/a click waits at most 2 s/);

    endpoint.emulator.faults.set('sam-vit-h', { latencyMs: 600_000 });
    await page.keyboard.press('p');
    const started = Date.now();
    await page.mouse.click(...(await imagePoint(page, 80, 60)));
    const failed = page.locator('[data-testid="segment-activity"][data-state="error"]');
    await failed.waitFor({ timeout: 15_000 });
    const seconds = (Date.now() - started) / 1000;
    endpoint.emulator.faults.clear();
    expect(await failed.textContent()).toMatch(/Endpoint 'sam-vit-h' did not answer within 2 s/);
    expect(seconds).toBeGreaterThan(1.9);
    expect(seconds).toBeLessThan(6);
    await page.getByTestId('segment-panel').screenshot({ path: join(SHOTS, 'segment-click-deadline.png') });
    expect(errors).toEqual([]);
  });
});
