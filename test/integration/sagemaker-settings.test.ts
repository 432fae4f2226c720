// Settings > Model endpoints through the studio's own API: saved with the other settings (old settings files
// get the defaults), and 'test connection' calls each configured endpoint of the emulator with the real SDK
// client, whose credentials come from an AWS profile in a shared credentials file, as on a user's machine.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/studio/dispatch';
import { createStudio, type Studio } from '../../electron/studio/create-studio';
import { DEFAULT_ENDPOINT_SETTINGS, type EndpointCheck } from '../../shared/api/endpoints';
import type { AppSettings } from '../../shared/domain';
import { TEST_CREDENTIALS } from '../../scripts/emulators/sagemaker/sigv4';
import { useEmulatorProfile } from '../helpers/aws-env';
import { studioCaller } from '../helpers/studio-server';
import { startSamEndpoint, type SamEndpoint } from '../helpers/sam-endpoint';
import { makeTempDir } from '../helpers/temp-dir';

describe('endpoint settings and test connection', () => {
  const tmp = makeTempDir('vps-sm-settings-');
  let endpoint: SamEndpoint;
  let studio: Studio;
  const saved = { ...process.env };

  const { call } = studioCaller(() => studio);

  beforeAll(async () => {
    endpoint = await startSamEndpoint({ dir: tmp.dir, region: 'eu-central-1', embedding: true });
    // An AWS profile as `aws configure --profile` writes it; the studio only ever names the profile.
    useEmulatorProfile(
      tmp.dir,
      `[wrong]\naws_access_key_id = ${TEST_CREDENTIALS.accessKeyId}\naws_secret_access_key = not-the-secret\n`,
    );
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
    delete process.env.AWS_PROFILE;
    // A settings file from before endpoints existed.
    writeFileSync(
      join(tmp.dir, 'settings.json'),
      JSON.stringify({ theme: 'light', thumbnailSize: 160, projectsDir: tmp.dir, maxImageMegapixels: 100 }),
    );
    studio = createStudio({ dataDir: tmp.dir, mode: 'browser', version: 'test', homeDir: tmp.dir });
  });

  afterAll(async () => {
    process.env = saved;
    await studio?.close();
    await endpoint?.close();
    tmp.cleanup();
  });

  it('an older settings file gets the endpoint defaults and keeps its own values', async () => {
    const s = await call<AppSettings>('settings.get', {});
    expect(s.theme).toBe('light');
    expect(s.endpoints).toMatchObject({
      samEndpoint: '',
      awsRegion: 'us-east-1',
      embeddingMode: true,
      clickDeadlineSec: 8,
    });
  });

  it('saves endpoint settings and refuses invalid ones with the field named', async () => {
    const endpoints = {
      awsProfile: 'emulator',
      awsRegion: 'eu-central-1',
      endpointUrl: endpoint.emulator.url,
      samEndpoint: 'sam-vit-h',
      groundedSamEndpoint: '',
      embeddingMode: true,
      requestTimeoutSec: 30,
      clickDeadlineSec: 5,
      jobConcurrency: 16,
    };
    const s = await call<AppSettings>('settings.update', { endpoints });
    expect(s.endpoints).toEqual({ ...DEFAULT_ENDPOINT_SETTINGS, ...endpoints });
    const bad = await dispatch(studio.handlers, 'settings.update', {
      endpoints: { ...endpoints, awsRegion: 'mars' },
    });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.message).toMatch(/endpoints\.awsRegion: a region like us-east-1/);
  });

  it('test connection calls the configured endpoint with the profile credentials (embedding mode)', async () => {
    const before = endpoint.emulator.invocations.length;
    const [check] = await call<EndpointCheck[]>('endpoints.testConnection', {});
    expect(check).toMatchObject({
      role: 'sam',
      endpoint: 'sam-vit-h',
      ok: true,
      model: 'mobile-sam',
      error: null,
    });
    expect(endpoint.emulator.invocations.slice(before).map((i) => i.status)).toEqual([200]);
  });

  it('tests unsaved values: masks mode, an unknown endpoint and a profile with the wrong secret', async () => {
    const [masks] = await call<EndpointCheck[]>('endpoints.testConnection', {
      settings: { embeddingMode: false },
    });
    expect(masks!.ok).toBe(true);
    const [unknown] = await call<EndpointCheck[]>('endpoints.testConnection', {
      settings: { samEndpoint: 'nope' },
    });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'endpoint_failed' } });
    expect(unknown!.error!.message).toMatch(/Endpoint nope of account \d+ not found/);
    const [wrong] = await call<EndpointCheck[]>('endpoints.testConnection', {
      settings: { awsProfile: 'wrong' },
    });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(JSON.stringify(wrong)).not.toContain('not-the-secret');
  });

  it('nothing configured: nothing to test', async () => {
    expect(await call('endpoints.testConnection', { settings: { samEndpoint: '' } })).toEqual([]);
  });
});
