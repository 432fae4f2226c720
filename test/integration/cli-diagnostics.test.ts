// `visprompt diagnostics` as a person asked for a report runs it: a real process on a data dir whose settings,
// token file and log hold secrets; the report says what it should (versions, models with their checksum state,
// the projects' schema versions, the last log lines) and none of the secrets.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ProjectStore } from '../../electron/store/project-store';
import { SCHEMA_VERSION } from '../../electron/store/migrations';
import { makeTempDir } from '../helpers/temp-dir';
import { visprompt } from '../helpers/visprompt-cli';

const TOKEN = 'Zq3kP9vXr2LmN8sT4wY6bH1cJ5dF7gA0';
const SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const PASSWORD = 'hunter2-is-my-password';

describe('visprompt diagnostics', () => {
  const tmp = makeTempDir('vps-diag-');
  afterAll(tmp.cleanup);
  const dataDir = join(tmp.dir, 'data');
  const models = join(tmp.dir, 'models');

  it('prints the report without the token, keys or passwords the data dir holds', () => {
    mkdirSync(join(dataDir, 'logs'), { recursive: true });
    writeFileSync(join(dataDir, 'browser-token'), `${TOKEN}\n`, { mode: 0o600 });
    writeFileSync(
      join(dataDir, 'settings.json'),
      JSON.stringify({
        theme: 'light',
        thumbnailSize: 192,
        projectsDir: join(tmp.dir, 'projects'),
        maxImageMegapixels: 100,
        endpoints: {
          awsProfile: 'labeling',
          awsRegion: 'eu-west-1',
          endpointUrl: `https://ana:${PASSWORD}@sagemaker.local:8443`,
          samEndpoint: 'sam-vit-h',
          groundedSamEndpoint: '',
          embeddingMode: true,
          requestTimeoutSec: 60,
        },
      }),
    );
    // A line as an older version (or a bug) might have written it, unredacted.
    writeFileSync(
      join(dataDir, 'logs', 'studio.log'),
      `${JSON.stringify({
        time: '2026-12-01T00:00:00.000Z',
        level: 'info',
        component: 'server',
        event: 'login',
        pid: 1,
        fields: { url: `/?token=${TOKEN}`, aws_secret_access_key: SECRET_KEY, note: `key ${SECRET_KEY}` },
      })}\n`,
    );
    // PicoDet with the right size and the wrong bytes: present, checksum mismatch.
    mkdirSync(join(models, 'picodet-s-320-coco'), { recursive: true });
    writeFileSync(join(models, 'picodet-s-320-coco', 'picodet_s_320_coco.onnx'), Buffer.alloc(4152664));
    const project = join(tmp.dir, 'drive.vpstudio');
    ProjectStore.create(project, { name: 'drive' }).close();
    writeFileSync(
      join(dataDir, 'recent-projects.json'),
      JSON.stringify([
        { path: project, name: 'drive', openedAt: '2026-12-01T00:00:00.000Z' },
        { path: join(tmp.dir, 'gone.vpstudio'), name: 'gone', openedAt: '2026-11-01T00:00:00.000Z' },
      ]),
    );

    const out = visprompt(['diagnostics', '--data-dir', dataDir], { VISPROMPT_MODELS_DIR: models });
    expect(out.status, out.stderr).toBe(0);
    const text = out.stdout;
    expect(text).toMatch(/^VisPrompt Studio \S+ diagnostics/);
    expect(text).toContain(`Node:        ${process.versions.node}`);
    expect(text).toMatch(/CPUs: +\d+ x /);
    expect(text).toContain(`Projects:    2 recent (v${SCHEMA_VERSION} x1, gone x1;`);
    expect(text).toMatch(/picodet_s_320_coco\.onnx 4\.0 MiB, checksum mismatch/);
    expect(text).toContain('SAM: sam-vit-h');
    expect(text).toContain('"awsProfile": "labeling"');
    expect(text).toContain('"event":"login"'); // the old line is there, its secrets are not
    expect(text).toMatch(/"component":"studio","event":"started"/);
    for (const secret of [TOKEN, SECRET_KEY, PASSWORD]) expect(text).not.toContain(secret);

    const json = visprompt(['diagnostics', '--json', '--data-dir', dataDir], {
      VISPROMPT_MODELS_DIR: models,
    });
    expect(json.status, json.stderr).toBe(0);
    expect(json.json()).toMatchObject({
      mode: 'browser',
      projects: { count: 2 },
      schemaVersion: SCHEMA_VERSION,
    });
    for (const secret of [TOKEN, SECRET_KEY, PASSWORD]) expect(json.stdout).not.toContain(secret);
  }, 120_000);
});
