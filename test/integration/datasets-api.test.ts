// The datasets API over the real HTTP transport: import the BDD100K detection sample as a job, preview, export
// LLaVA and BLIP-2 as jobs with progress events, and the validation of inputs at the transport.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  DatasetExportReport,
  DatasetImportReport,
  DatasetValidationReport,
  ExportPreview,
} from '../../shared/api/datasets';
import type { StudioEvent } from '../../shared/domain';
import { DRIVING_SAMPLE } from '../helpers/shared-assets';
import { startTestServer, type TestServer } from '../helpers/studio-server';

describe.skipIf(!existsSync(DRIVING_SAMPLE))('datasets API', () => {
  let t: TestServer;
  let project: string;
  const events: StudioEvent[] = [];

  beforeAll(async () => {
    t = await startTestServer();
    t.studio.events.subscribe((e) => events.push(e));
    project = join(t.dir, 'api.vpstudio');
    await t.ok('projects.create', { path: project, name: 'API' });
  });
  afterAll(() => t.stop());

  it('imports, previews and exports through jobs', async () => {
    const folder = join(DRIVING_SAMPLE, 'bdd100k_det');
    const { jobId } = await t.ok<{ jobId: string }>('datasets.import', {
      project,
      format: 'bdd100k',
      labels: join(folder, '12305469-7a4947e7.json'),
      images: folder,
    });
    const imported = await t.result<DatasetImportReport>(jobId);
    expect(imported).toMatchObject({ imagesAdded: 1, annotations: 10 });
    expect(events.some((e) => e.type === 'job.progress' && e.jobId === jobId)).toBe(true);

    const preview = await t.ok<ExportPreview>('datasets.preview', {
      project,
      format: 'llava',
      llavaTemplate: 'region',
      limit: 1,
    });
    expect(preview.records).toHaveLength(1);
    expect(preview.records[0]).toMatchObject({
      file: 'llava_train.json',
      kind: 'json',
      record: { id: '12305469-7a4947e7', image: 'images/12305469-7a4947e7.jpg' },
    });

    const target = join(t.dir, 'llava-out');
    const exported = await t.result<DatasetExportReport>(
      (
        await t.ok<{ jobId: string }>('datasets.export', {
          project,
          format: 'llava',
          target,
          split: { ratios: { train: 1, val: 0, test: 0 } },
        })
      ).jobId,
    );
    expect(exported.manifest.counts.train).toMatchObject({ images: 1, annotations: 10 });
    expect(exported.manifest).toMatchObject({
      format: 'llava',
      studioVersion: 'test',
      sourceProject: { name: 'API' },
    });
    const records = JSON.parse(readFileSync(join(target, 'llava_train.json'), 'utf8'));
    expect(records[0].conversations[1].value).toBe(
      'The image shows 4 traffic signs, 3 traffic lights, 2 cars and 1 bus.',
    );
    expect(JSON.parse(readFileSync(join(target, 'manifest.json'), 'utf8'))).toEqual(exported.manifest);

    const valid = await t.ok<DatasetValidationReport>('datasets.validate', { format: 'llava', path: target });
    expect(valid).toMatchObject({ format: 'llava', files: ['llava_train.json'], valid: true });
    const wrong = await t.ok<DatasetValidationReport>('datasets.validate', {
      format: 'sharegpt',
      path: target,
    });
    expect(wrong).toMatchObject({ valid: false });
    expect(wrong.issues.items[0]).toMatchObject({ where: 'llava_train.json: [0]: messages' });
  });

  it('refuses questions from Bedrock when no Bedrock model is configured', async () => {
    const { body } = await t.call('datasets.export', {
      project,
      format: 'blip2',
      questions: 'bedrock',
      target: join(t.dir, 'qa'),
    });
    expect(body).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(JSON.stringify(body)).toContain('need a Bedrock model configured');
    expect(existsSync(join(t.dir, 'qa'))).toBe(false);
  });

  it('refuses bad inputs at the transport with invalid_input', async () => {
    const { status, body } = await t.call('datasets.export', { project, format: 'yolo', target: '/tmp/x' });
    expect(status).toBe(400);
    expect(body).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const jobId = (
      await t.ok<{ jobId: string }>('datasets.export', {
        project,
        format: 'coco',
        target: join(t.dir, 'z'),
        split: { ratios: { train: 0, val: 0, test: 0 } },
      })
    ).jobId;
    await expect(t.result(jobId)).rejects.toThrow(/above 0/);
  });
});
