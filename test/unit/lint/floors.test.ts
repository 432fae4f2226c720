// The floors lint rule (eslint.config.js + lint/floors.js), run through ESLint itself with the repo's config:
// for each floor an import that points up is refused with a message naming the floor, and one that stays on or
// below it passes.
import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..', '..');
let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

/** The floors rule's messages for `code` as if it were the file at `file` (a repo path). */
async function floorMessages(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(root, file) });
  return result!.messages.filter((m) => m.ruleId === 'floors/imports').map((m) => m.message);
}

const importing = (source: string) => `import * as m from '${source}';\nexport { m };\n`;

// [floor, file, an import up the floors, an import the floor may make]
const cases: [string, string, string, string][] = [
  ['shared/', 'shared/geometry/new.ts', 'node:fs', '../domain'],
  ['shared/', 'shared/geometry/new.ts', 'fs', 'zod'],
  ['shared/', 'shared/geometry/new.ts', 'better-sqlite3', '../errors'],
  ['shared/', 'shared/geometry/new.ts', 'sharp', './mask'],
  ['shared/', 'shared/geometry/new.ts', 'onnxruntime-node', '../api/kit'],
  ['shared/', 'shared/geometry/new.ts', 'ws', 'zod'],
  ['shared/', 'shared/geometry/new.ts', '@aws-sdk/client-sagemaker-runtime', 'zod'],
  ['shared/', 'shared/geometry/new.ts', 'electron', 'zod'],
  ['shared/', 'shared/geometry/new.ts', '../../electron/store/types', '../domain'],
  ['shared/', 'shared/geometry/new.ts', '../../renderer/src/lib/format', '../domain'],
  ['the ground floor', 'electron/store/new.ts', '../segment/segment-service', './types'],
  ['the ground floor', 'electron/media/new.ts', '../chains/run-chain', '../fs/atomic-write'],
  ['the ground floor', 'electron/fs/new.ts', '../engines/engine-registry', '../../shared/errors'],
  ['the ground floor', 'electron/jobs/new.ts', '../inference/segmenter', './event-bus'],
  ['the ground floor', 'electron/settings/new.ts', '../studio/context', '../fs/json-file'],
  ['the ground floor', 'electron/store/new.ts', '../server/http-server', 'better-sqlite3'],
  ['inference/', 'electron/inference/sagemaker/new.ts', '../../engines/engine-choice', '../segmenter'],
  ['inference/', 'electron/inference/new.ts', '../segment/segment-service', '../settings/models-dir'],
  ['inference/', 'electron/inference/new.ts', '../chains/run-chain', '../media/read-image'],
  [
    'inference/',
    'electron/inference/new.ts',
    '../datasets/export-dataset',
    '../../resources/models/manifest.json',
  ],
  ['inference/', 'electron/inference/new.ts', '../eval/metrics', '../jobs/job-runner'],
  ['inference/', 'electron/inference/new.ts', '../studio/context', 'onnxruntime-node'],
  ['inference/', 'electron/inference/new.ts', '../server/http-server', '../store/types'],
  ['inference/', 'electron/inference/new.ts', '../cli/datasets', '../../shared/geometry'],
  ['engines/', 'electron/engines/new.ts', '../segment/segment-service', '../inference/segmenter'],
  ['engines/', 'electron/engines/new.ts', '../chains/chain-service', './engine-registry'],
  ['engines/', 'electron/engines/new.ts', '../datasets/export-dataset', '../settings/models-dir'],
  ['engines/', 'electron/engines/new.ts', '../eval/metrics', '../inference/models/manifest'],
  ['engines/', 'electron/engines/new.ts', '../studio/context', '../media/disk-cache'],
  ['a feature', 'electron/segment/new.ts', '../studio/context', '../engines/engine-registry'],
  ['a feature', 'electron/chains/new.ts', '../server/http-server', '../jobs/job-runner'],
  ['a feature', 'electron/datasets/new.ts', '../cli/datasets', '../store/project-store'],
  ['a feature', 'electron/eval/new.ts', '../studio/dispatch', '../inference/segmenter'],
  ['studio/', 'electron/studio/new.ts', '../server/http-server', '../chains/create-chains'],
  ['studio/', 'electron/studio/new.ts', '../ipc', '../../package.json'],
  ['a transport', 'electron/server/new.ts', '../../renderer/src/App', '../studio/dispatch'],
  ['renderer/', 'renderer/src/lib/new.ts', '../../../electron/studio/context', '../../../shared/domain'],
  ['scripts/', 'scripts/bench/new.ts', '../../test/unit/geometry/rle.test', '../../test/helpers/temp-dir'],
];

describe('floors lint rule', () => {
  it.each(cases)('%s (%s) refuses %s and takes %s', async (floor, file, bad, good) => {
    const refused = await floorMessages(file, importing(bad));
    expect(refused).toHaveLength(1);
    expect(refused[0]).toContain(`${floor}`);
    expect(refused[0]).toContain(`'${bad}'`);
    expect(await floorMessages(file, importing(good))).toEqual([]);
  });

  it('names the floor, the folder the import reaches and what the floor may import', async () => {
    expect(
      await floorMessages('electron/inference/sagemaker/new.ts', importing('../../segment/view-crop')),
    ).toEqual([
      "inference/ may not import electron/segment/view-crop ('../../segment/view-crop'): it may import only " +
        'shared, electron/store, electron/media, electron/fs, electron/jobs, electron/settings, electron/logs, ' +
        'electron/inference, ' +
        'resources. See docs/ARCHITECTURE.md, Floors.',
    ]);
  });

  it.each([
    [
      'a type-only import',
      "import type { Chosen } from '../engines/engine-choice';\nexport type C = Chosen;\n",
    ],
    ['a re-export', "export { EngineRegistry } from '../engines/engine-registry';\n"],
    ['a re-export of everything', "export * from '../engines/engine-registry';\n"],
    ['a dynamic import', "export const load = () => import('../engines/engine-registry');\n"],
  ])('counts %s', async (_kind, code) => {
    expect(await floorMessages('electron/inference/new.ts', code)).toHaveLength(1);
  });
});
