// The segment API over the real browser-mode transport: a real studio (models folder from ../shared/models via
// VISPROMPT_MODELS_DIR), a real HTTP server, a real project importing the real driving frames.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImagePage, JobInfo } from '../../shared/api';
import type { DetectResult, SegmentRunResult, SegmentStatus } from '../../shared/api/segment';
import type { Annotation, ProjectInfo } from '../../shared/domain';
import type { Envelope } from '../../shared/transport';
import { startServer, type RunningServer } from '../../electron/server/http-server';
import { createStudio, type Studio } from '../../electron/studio/create-studio';
import { hasSharedAssets, sharedPath } from '../helpers/shared-assets';
import { makeTempDir } from '../helpers/temp-dir';
import { FillSegmenter } from '../unit/segment/fill-segmenter';

describe.skipIf(!hasSharedAssets)('segment API over HTTP', () => {
  const tmp = makeTempDir('vps-segment-api-');
  let studio: Studio;
  let server: RunningServer;
  let project: string;
  let imageId: number;

  async function call<T>(method: string, input: unknown): Promise<Envelope<T>> {
    const res = await fetch(`${server.url}/api/${method}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(input),
    });
    return (await res.json()) as Envelope<T>;
  }
  async function ok<T>(method: string, input: unknown): Promise<T> {
    const body = await call<T>(method, input);
    if (!body.ok) throw new Error(`${method}: ${body.error.code}: ${body.error.message}`);
    return body.result;
  }

  beforeAll(async () => {
    const staticDir = join(tmp.dir, 'static');
    mkdirSync(staticDir);
    studio = createStudio({
      dataDir: join(tmp.dir, 'data'),
      mode: 'browser',
      version: 'test',
      homeDir: tmp.dir,
      env: { VISPROMPT_MODELS_DIR: sharedPath('models') },
      engines: { classical: () => new FillSegmenter() },
    });
    server = await startServer({ studio, staticDir, token: 'test-token-0123456789' });
    project = (
      await ok<ProjectInfo>('projects.create', { path: join(tmp.dir, 'drive.vpstudio'), name: 'drive' })
    ).path;
    const folder = sharedPath('data', 'driving-sample', 'bdd100k_mots');
    const { jobId } = await ok<{ jobId: string }>('images.importFolder', { project, folder });
    let job = await ok<JobInfo>('jobs.get', { jobId });
    while (job.state === 'running') {
      await new Promise((r) => setTimeout(r, 20));
      job = await ok<JobInfo>('jobs.get', { jobId });
    }
    expect(job.state).toBe('done');
    const page = await ok<ImagePage>('images.list', { project });
    imageId = page.items.find((i) => i.path.endsWith('0000166.jpg'))!.id;
    await ok('labels.create', { project, name: 'car' });
  });

  afterAll(async () => {
    await server.close();
    await studio.close();
    tmp.cleanup();
  });

  it('says which engines answer and why', async () => {
    const status = await ok<SegmentStatus>('segment.status', {});
    expect(status.segmenter.engine).toBe('fill-test');
    expect(status.segmenter.reason).toMatch(/MobileSAM .* weights not found in .*mobile-sam/);
    expect(status.detector.engine).toBe('picodet-onnx');
    expect(status.modelsDirSource).toBe('env');
  });

  it("'detect cars' proposes boxes that land in the project as proposed annotations", async () => {
    const result = await ok<DetectResult>('segment.detect', {
      project,
      imageId,
      classes: ['cars'],
      propose: true,
    });
    expect(result.detections.length).toBeGreaterThan(3);
    expect(result.detections.every((d) => d.label === 'car' && d.score >= 0.4)).toBe(true);
    const saved = await ok<Annotation[]>('annotations.list', { project, imageId });
    expect(saved.map((a) => a.id).sort()).toEqual(result.proposals.map((a) => a.id).sort());
    expect(saved.every((a) => a.reviewState === 'proposed' && a.labelId !== null)).toBe(true);
  });

  it('segments a box, refines with a negative click, and returns COCO RLE in image pixels', async () => {
    const box = [433, 325, 692, 587];
    const first = await ok<SegmentRunResult>('segment.run', {
      project,
      imageId,
      prompt: { points: [], box },
    });
    expect(first.candidates).toHaveLength(3);
    expect(first.candidates[0]!.rle.size).toEqual([720, 1280]);
    expect(first.refined).toBe(false);
    const second = await ok<SegmentRunResult>('segment.run', {
      project,
      imageId,
      prompt: { points: [{ point: [500, 400], positive: false }], box },
      multimask: false,
    });
    expect(second.refined).toBe(true);
    expect(second.candidates).toHaveLength(1);
    expect(second.candidates[0]!.area).toBeLessThan(first.candidates[0]!.area);
    expect(second.timings.totalMs).toBeGreaterThanOrEqual(second.timings.segmentMs);
    await ok('segment.reset', { project, imageId });
  });

  it('answers bad input with named errors', async () => {
    const empty = await call('segment.run', { project, imageId, prompt: { points: [], box: null } });
    expect(empty).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const schema = await call('segment.run', {
      project,
      imageId,
      prompt: { points: [{ point: ['a', 1] }], box: null },
    });
    expect(schema).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const unknownClass = await call('segment.detect', { project, imageId, classes: ['road'] });
    expect(unknownClass).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const tooMany = await call('segment.prepare', {
      project,
      imageIds: Array.from({ length: 9 }, (_, i) => i + 1),
    });
    expect(tooMany).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await ok('segment.prepare', { project, imageIds: [imageId] })).toEqual({ preparing: [imageId] });
  });
});
