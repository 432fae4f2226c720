// The models API over the real browser-mode transport: list what is installed, refuse an unverified download
// without consent, download the real PicoDet file from a mirror server of ours (job progress events, checksum),
// and the detector becomes active once it is in place, for the segment service and for chains (no restart).
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { JobInfo } from '../../shared/api';
import type { ChainEnginesInfo, PlanResult } from '../../shared/api/chains';
import type { ModelList } from '../../shared/api/models';
import type { SegmentStatus } from '../../shared/api/segment';
import type { StudioEvent } from '../../shared/domain';
import { hasSharedAssets, sharedPath } from '../helpers/shared-assets';
import { startTestServer, type TestServer } from '../helpers/studio-server';
import { makeTempDir } from '../helpers/temp-dir';

describe.skipIf(!hasSharedAssets)('models API over HTTP', () => {
  const tmp = makeTempDir('vps-models-api-');
  const modelsDir = join(tmp.dir, 'models');
  let t: TestServer;
  let mirror: Server;
  const served: string[] = [];

  beforeAll(async () => {
    // The mirror serves ../shared/models as <id>/<file>, like a company cache of the upstream files would.
    mirror = createServer((req, res) => {
      served.push(req.url!);
      const path = sharedPath('models', ...req.url!.split('/').filter(Boolean));
      if (!existsSync(path)) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-length': statSync(path).size });
      createReadStream(path).pipe(res);
    });
    await new Promise<void>((r) => mirror.listen(0, '127.0.0.1', r));
    t = await startTestServer({
      env: { VISPROMPT_MODELS_MIRROR: `http://127.0.0.1:${(mirror.address() as AddressInfo).port}/` },
    });
  });

  afterAll(async () => {
    await t?.stop();
    await new Promise((r) => mirror.close(r));
    tmp.cleanup();
  });

  it('lists the manifest models, none installed in a fresh folder', async () => {
    const list = await t.ok<ModelList>('models.setDir', { dir: modelsDir });
    expect(list).toMatchObject({ modelsDir, modelsDirSource: 'setting' });
    expect(list.models.map((m) => [m.id, m.role, m.default, m.installed, m.needsConsent])).toEqual([
      ['mobile-sam', 'segmenter', true, false, true],
      ['sam-vit-b', 'segmenter', false, false, true],
      ['picodet-s-320-coco', 'detector', true, false, false],
      ['sam2-hiera-tiny', 'tracker', false, false, true],
    ]);
    expect(list.models[2]!.files[0]).toMatchObject({ file: 'picodet_s_320_coco.onnx', problem: 'not found' });
    expect((await t.ok<SegmentStatus>('segment.status', {})).detector.engine).toBeNull();
    expect((await t.ok<ChainEnginesInfo>('chains.engines', {})).detectors).toEqual([]);
    expect((await t.envelope('models.setDir', { dir: 'relative' })).ok).toBe(false);
  });

  it('refuses to start a download without a known checksum unless the user agrees', async () => {
    const refused = await t.envelope('models.download', { id: 'mobile-sam' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(served).toHaveLength(0);
    expect(await t.envelope('models.download', { id: 'yolo' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });

  it('downloads PicoDet as a job with progress events, verifies it, and the detector becomes active for segment and chains', async () => {
    const ws = new WebSocket(`${t.server.url.replace('http', 'ws')}/events`, {
      headers: { authorization: `Bearer ${t.server.token}` },
    });
    const events: StudioEvent[] = [];
    ws.on('message', (data) => events.push(JSON.parse(String(data)) as StudioEvent));
    await new Promise((r) => ws.once('open', r));
    const { jobId } = await t.ok<{ jobId: string }>('models.download', { id: 'picodet-s-320-coco' });
    let job = await t.ok<JobInfo>('jobs.get', { jobId });
    while (job.state === 'running') {
      await new Promise((r) => setTimeout(r, 20));
      job = await t.ok<JobInfo>('jobs.get', { jobId });
    }
    ws.close();
    expect(job.state).toBe('done');
    expect(job.result).toMatchObject({
      id: 'picodet-s-320-coco',
      files: [
        {
          bytes: 4152664,
          sha256: '6c418bd59b6ab744c9afcbfda0e939a95989fc6ed006b41dfbd45c2a60a15ecf',
          verified: true,
        },
      ],
    });
    expect(served).toEqual(['/picodet-s-320-coco/picodet_s_320_coco.onnx']);
    const progress = events.filter((e) => e.type === 'job.progress' && e.jobId === jobId);
    expect(progress.at(-1)).toMatchObject({
      done: 4152664,
      total: 4152664,
      message: 'picodet_s_320_coco.onnx',
    });
    const list = await t.ok<ModelList>('models.list', {});
    expect(list.models.find((m) => m.id === 'picodet-s-320-coco')!.installed).toBe(true);
    const status = await t.ok<SegmentStatus>('segment.status', {});
    expect(status.detector).toMatchObject({ engine: 'picodet-onnx', modelId: 'picodet-s-320-coco' });
    expect(status.detector.reason).toContain(join(modelsDir, 'picodet-s-320-coco'));
    // Chains chose their engines before the download (the first test): the download reset them too.
    const chains = await t.ok<ChainEnginesInfo>('chains.engines', {});
    expect(chains.detectors.map((d) => [d.engine, d.modelId])).toEqual([
      ['picodet-onnx', 'picodet-s-320-coco'],
    ]);
    const project = join(tmp.dir, 'p.vpstudio');
    await t.ok('projects.create', { path: project, name: 'p' });
    const plan = await t.ok<PlanResult>('chains.plan', { project, request: 'Segment all cars' });
    expect(plan.problems).toEqual([]);
    expect(plan.chain!.steps[0]).toMatchObject({ op: 'detect-class', classes: ['car'] });
  });
});
