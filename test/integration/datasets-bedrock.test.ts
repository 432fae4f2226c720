// Exports whose questions come from Bedrock: the real SDK client against the local Bedrock Runtime emulator
// (SigV4, Converse), through the datasets API of a real studio.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Studio } from '../../electron/studio/create-studio';
import type { DatasetExportReport } from '../../shared/api/datasets';
import { startBedrockEmulator, type BedrockEmulator } from '../../scripts/emulators/bedrock/server';
import { useEmulatorKeys } from '../helpers/aws-env';
import { DRIVING_SAMPLE } from '../helpers/shared-assets';
import { createTestStudio, studioCaller } from '../helpers/studio-server';
import { makeTempDir } from '../helpers/temp-dir';

describe.skipIf(!existsSync(DRIVING_SAMPLE))('dataset export with Bedrock questions', () => {
  const tmp = makeTempDir('vps-datasets-bedrock-');
  const saved = { ...process.env };
  let emulator: BedrockEmulator;
  let studio: Studio;
  const project = join(tmp.dir, 'p.vpstudio');
  const { call, result } = studioCaller(() => studio);

  beforeAll(async () => {
    useEmulatorKeys();
    emulator = await startBedrockEmulator();
    studio = createTestStudio(tmp.dir, {});
    await call('projects.create', { path: project, name: 'p' });
    const folder = join(DRIVING_SAMPLE, 'bdd100k_det');
    const { jobId } = await call<{ jobId: string }>('datasets.import', {
      project,
      format: 'bdd100k',
      labels: join(folder, '12305469-7a4947e7.json'),
      images: folder,
    });
    await result(jobId);
    await call('chains.updateBedrockSettings', {
      modelId: 'anthropic.claude-3-5-sonnet-20240620-v1:0',
      endpoint: emulator.url,
    });
  });
  afterAll(async () => {
    process.env = saved;
    await studio?.close();
    await emulator?.close();
    tmp.cleanup();
  });

  it('writes the pairs Bedrock wrote about each image into BLIP-2 rows', async () => {
    const target = join(tmp.dir, 'blip2');
    const { jobId } = await call<{ jobId: string }>('datasets.export', {
      project,
      format: 'blip2',
      questions: 'bedrock',
      target,
      split: { ratios: { train: 1, val: 0, test: 0 } },
    });
    const report = await result<DatasetExportReport>(jobId);
    expect(report.manifest.counts.train.images).toBe(1);
    const rows = readFileSync(join(target, 'blip2_train.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { question: string });
    // Counting questions come from the template; "Where is the largest ..." only from the model.
    expect(rows.some((r) => r.question.startsWith('Where is the largest'))).toBe(true);
    expect(emulator.calls.some((c) => c.status === 200)).toBe(true);
  });
});
