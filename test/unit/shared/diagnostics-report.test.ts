// The diagnostics report as a pure function of its facts: every section there, and no credential in it even when
// the settings and the log lines hold some (a line an older version wrote unredacted, say).
import { describe, expect, it } from 'vitest';
import { buildDiagnostics, projectVersions, type DiagnosticsFacts } from '../../../shared/diagnostics/report';

const TOKEN = 'Zq3kP9vXr2LmN8sT4wY6bH1cJ5dF7gA0';
const SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const KEY_ID = 'AKIAIOSFODNN7EXAMPLE';

const facts = (over: Partial<DiagnosticsFacts> = {}): DiagnosticsFacts => ({
  generatedAt: '2026-12-04T10:00:00.000Z',
  version: '0.1.0',
  mode: 'browser',
  os: { platform: 'linux', release: '6.1', arch: 'x64' },
  versions: { node: '20.20.2', electron: null, chrome: null },
  cpus: { count: 2, model: 'AMD EPYC' },
  memory: { totalBytes: 8 * 1024 ** 3, freeBytes: 2 * 1024 ** 3, processRssBytes: 150 * 1024 ** 2 },
  dataDir: '/home/ana/.visprompt-studio',
  modelsDir: '/home/ana/.visprompt-studio/models',
  models: [
    {
      id: 'picodet',
      name: 'PicoDet',
      installed: true,
      files: [{ file: 'p.onnx', sizeBytes: 4152664, expectedBytes: 4152664, checksum: 'ok' }],
    },
  ],
  settings: {
    theme: 'dark',
    endpoints: {
      awsProfile: 'labeling',
      endpointUrl: `https://${KEY_ID}:${SECRET_KEY}@sagemaker.local`,
      s3EndpointUrl: `http://s3.local/?X-Amz-Security-Token=FwoGZXIvYXdzEJr`,
      samEndpoint: 'sam-vit-h',
    },
    awsSecretAccessKey: SECRET_KEY,
  },
  bedrock: { modelId: 'anthropic.claude', profile: null },
  endpoints: [{ role: 'SAM', name: 'sam-vit-h' }],
  projects: [
    { schemaVersion: 12, problem: null },
    { schemaVersion: 12, problem: null },
    { schemaVersion: 11, problem: null },
    { schemaVersion: null, problem: 'gone' },
  ],
  schemaVersion: 12,
  logLines: [
    `{"event":"old","fields":{"url":"http://127.0.0.1:5178/?token=${TOKEN}"}}`,
    `{"event":"old","fields":{"note":"key ${KEY_ID} secret ${SECRET_KEY} token ${TOKEN}"}}`,
  ],
  ...over,
});

describe('buildDiagnostics', () => {
  it('has every section: versions, machine, data dir as ~, models, endpoints, projects, log lines', () => {
    const { text, report } = buildDiagnostics(facts(), { homeDir: '/home/ana', secrets: [TOKEN] });
    for (const part of [
      'VisPrompt Studio 0.1.0 diagnostics',
      'Mode:        browser',
      'OS:          linux 6.1 (x64)',
      'Node:        20.20.2',
      'CPUs:        2 x AMD EPYC',
      'Memory:      8.0 GiB total, 2.0 GiB free, studio 150.0 MiB',
      'Data dir:    ~/.visprompt-studio',
      'Projects:    4 recent (v12 x2, v11 x1, gone x1; this version writes v12)',
      '✓ PicoDet (picodet): p.onnx 4.0 MiB, checksum ok',
      'SAM: sam-vit-h',
      '"awsProfile": "labeling"',
      'Last 2 log lines',
    ])
      expect(text).toContain(part);
    expect(report).toMatchObject({ dataDir: '~/.visprompt-studio', projects: { count: 4 } });
    expect(text).not.toContain('/home/ana');
  });

  it('holds no token, key id or secret key, in the text or the JSON', () => {
    const { text, report } = buildDiagnostics(facts(), { homeDir: '/home/ana', secrets: [TOKEN] });
    const json = JSON.stringify(report);
    for (const secret of [TOKEN, SECRET_KEY, KEY_ID, 'FwoGZXIvYXdzEJr']) {
      expect(text).not.toContain(secret);
      expect(json).not.toContain(secret);
    }
    expect(text).toContain('"awsSecretAccessKey": "[redacted]"');
  });

  it.each([
    [[], 'none'],
    [[{ schemaVersion: 9, problem: null }], 'v9 x1'],
    [
      [
        { schemaVersion: null, problem: 'not a project' },
        { schemaVersion: null, problem: null },
      ],
      'not a project x1, unreadable x1',
    ],
  ])('counts the projects by schema version: %j', (projects, expected) => {
    expect(projectVersions(projects)).toBe(expected);
  });
});
