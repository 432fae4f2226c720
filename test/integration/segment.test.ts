// The segment API over the real browser-mode transport: a real studio (models folder from ../shared/models via
// VISPROMPT_MODELS_DIR), a real HTTP server, a real project importing the real driving frames.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DetectResult, SegmentRunResult, SegmentStatus } from '../../shared/api/segment';
import type { Annotation } from '../../shared/domain';
import { hasSharedAssets, sharedPath } from '../helpers/shared-assets';
import { startTestServer, type TestServer } from '../helpers/studio-server';
import { FillSegmenter } from '../helpers/fill-segmenter';

describe.skipIf(!hasSharedAssets)('segment API over HTTP', () => {
  let t: TestServer;
  let project: string;
  let imageId: number;

  beforeAll(async () => {
    t = await startTestServer({
      env: { VISPROMPT_MODELS_DIR: sharedPath('models') },
      engines: { classical: () => new FillSegmenter() },
    });
    const drive = await t.projectWithImages(sharedPath('data', 'driving-sample', 'bdd100k_mots'), 'drive');
    project = drive.project;
    imageId = drive.images.find((i) => i.path.endsWith('0000166.jpg'))!.id;
    await t.ok('labels.create', { project, name: 'car' });
  });

  afterAll(async () => {
    await t?.stop();
  });

  it('says which engines answer and why', async () => {
    const status = await t.ok<SegmentStatus>('segment.status', {});
    expect(status.segmenter.engine).toBe('fill-test');
    expect(status.segmenter.reason).toMatch(/MobileSAM .* weights not found in .*mobile-sam/);
    expect(status.detector.engine).toBe('picodet-onnx');
    expect(status.modelsDirSource).toBe('env');
  });

  it("'detect cars' proposes boxes that land in the project as proposed annotations", async () => {
    const result = await t.ok<DetectResult>('segment.detect', {
      project,
      imageId,
      classes: ['cars'],
      propose: true,
    });
    expect(result.detections.length).toBeGreaterThan(3);
    expect(result.detections.every((d) => d.label === 'car' && d.score >= 0.4)).toBe(true);
    const saved = await t.ok<Annotation[]>('annotations.list', { project, imageId });
    expect(saved.map((a) => a.id).sort()).toEqual(result.proposals.map((a) => a.id).sort());
    expect(saved.every((a) => a.reviewState === 'proposed' && a.labelId !== null)).toBe(true);
  });

  it('segments a box, refines with a negative click, and returns COCO RLE in image pixels', async () => {
    const box = [433, 325, 692, 587];
    const first = await t.ok<SegmentRunResult>('segment.run', {
      project,
      imageId,
      prompt: { points: [], box },
    });
    expect(first.candidates).toHaveLength(3);
    expect(first.candidates[0]!.rle.size).toEqual([720, 1280]);
    expect(first.refined).toBe(false);
    const second = await t.ok<SegmentRunResult>('segment.run', {
      project,
      imageId,
      prompt: { points: [{ point: [500, 400], positive: false }], box },
      multimask: false,
    });
    expect(second.refined).toBe(true);
    expect(second.candidates).toHaveLength(1);
    expect(second.candidates[0]!.area).toBeLessThan(first.candidates[0]!.area);
    expect(second.timings.totalMs).toBeGreaterThanOrEqual(second.timings.segmentMs);
    await t.ok('segment.reset', { project, imageId });
  });

  it('answers bad input with named errors', async () => {
    const empty = await t.envelope('segment.run', { project, imageId, prompt: { points: [], box: null } });
    expect(empty).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const schema = await t.envelope('segment.run', {
      project,
      imageId,
      prompt: { points: [{ point: ['a', 1] }], box: null },
    });
    expect(schema).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const unknownClass = await t.envelope('segment.detect', { project, imageId, classes: ['road'] });
    expect(unknownClass).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const tooMany = await t.envelope('segment.prepare', {
      project,
      imageIds: Array.from({ length: 9 }, (_, i) => i + 1),
    });
    expect(tooMany).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await t.ok('segment.prepare', { project, imageIds: [imageId] })).toEqual({ preparing: [imageId] });
  });
});
