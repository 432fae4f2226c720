// Embedding mode end to end: the real SDK client fetches an image's embedding from the emulator (whose 'sam'
// endpoint runs the local SAM engine on tiny known-answer ONNX models), the shared embedding cache keeps it in
// memory and in the project's folder, and every click runs the local decoder: the same masks as the local
// engine, with no endpoint call after the first.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EmbeddingCache } from '../../electron/inference/embedding-cache';
import { MANIFEST, modelEntry, modelFile } from '../../electron/inference/models/manifest';
import { createRuntimeClient } from '../../electron/inference/sagemaker/runtime-client';
import { SagemakerEmbeddingSegmenter } from '../../electron/inference/sagemaker/sagemaker-sam-embedding';
import type { EngineImage, SegmentPrompt, Segmenter } from '../../electron/inference/segmenter';
import { hashFile } from '../../electron/media/hash-file';
import { StudioError } from '../../shared/errors';
import { rleIou } from '../../shared/geometry/rle';
import { TEST_CREDENTIALS } from '../../scripts/emulators/sagemaker/sigv4';
import { makeImage } from '../helpers/images';
import { startSamEndpoint, type SamEndpoint } from '../helpers/sam-endpoint';
import { writeSamTestModels } from '../helpers/sam-test-models';
import { makeTempDir } from '../helpers/temp-dir';

const ENDPOINT_MODEL = 'sam-vit-h-endpoint';

describe('SageMaker SAM embedding mode', () => {
  const tmp = makeTempDir('vps-sm-embed-');
  const entry = writeSamTestModels(
    join(tmp.dir, 'models'),
    modelEntry(MANIFEST, 'mobile-sam'),
    'sam-hwc-in-graph',
  );
  const decoder = modelFile(entry, 'decoder');
  let endpoint: SamEndpoint;
  let images: EngineImage[];
  const made: Segmenter[] = [];
  const projectCache = join(tmp.dir, 'project', 'embeddings');

  const endpointSegmenter = (
    dtype?: 'float16' | 'float32',
    dir = projectCache,
    more: { clickDeadlineMs?: number } = {},
  ) => {
    const s = new SagemakerEmbeddingSegmenter({
      client: createRuntimeClient({
        region: 'us-east-1',
        endpointUrl: endpoint.emulator.url,
        credentials: TEST_CREDENTIALS,
      }),
      endpointName: 'sam',
      modelId: dtype === 'float32' ? `${ENDPOINT_MODEL}-f32` : ENDPOINT_MODEL,
      cache: new EmbeddingCache({ maxMemoryMB: 64, dir }),
      decoderPath: join(tmp.dir, 'models', decoder.file),
      decoderContract: decoder,
      dtype,
      retry: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 10 },
      ...more,
    });
    made.push(s);
    return s;
  };
  const calls = () => endpoint.emulator.invocations.filter((i) => i.status === 200).length;
  const click = (x: number, y: number, previous: SegmentPrompt['previous'] = null): SegmentPrompt => ({
    points: [{ point: [x, y], positive: true }],
    box: null,
    previous,
  });

  beforeAll(async () => {
    endpoint = await startSamEndpoint({
      dir: tmp.dir,
      models: { dir: join(tmp.dir, 'models'), entry },
      name: 'sam',
      embedding: true,
    });
    images = [];
    for (const [i, size] of [
      [640, 360],
      [480, 640],
      [300, 200],
    ].entries()) {
      const path = await makeImage(tmp.dir, `img${i}.png`, {
        width: size[0]!,
        height: size[1]!,
        format: 'png',
        pattern: i + 1,
        texture: true,
      });
      images.push({ sha256: await hashFile(path), path, width: size[0]!, height: size[1]! });
    }
  });

  afterAll(async () => {
    await Promise.all(made.map((s) => s.dispose()));
    await endpoint?.close();
    tmp.cleanup();
  });

  beforeEach(() => endpoint.emulator.faults.clear());

  it('the first click fetches the embedding once; every click gives the local engine masks', async () => {
    const remote = endpointSegmenter();
    const before = calls();
    const [image] = images;
    const first = await remote.segment(image!, click(200, 150), { multimask: true });
    expect(calls() - before).toBe(1);
    const local = await endpoint.segmenter.segment(image!, click(200, 150), { multimask: true });
    expect(first.candidates.map((c) => c.rle)).toEqual(local.candidates.map((c) => c.rle));
    // Scores carry 0.001 x mean(embedding): float16 keeps them within half precision.
    first.candidates.forEach((c, i) => expect(c.score).toBeCloseTo(local.candidates[i]!.score, 4));

    const second = await remote.segment(
      image!,
      {
        points: [...click(200, 150).points, { point: [400, 200], positive: true }],
        box: null,
        previous: first.next[0]!,
      },
      { multimask: false },
    );
    const localSecond = await endpoint.segmenter.segment(
      image!,
      {
        points: [...click(200, 150).points, { point: [400, 200], positive: true }],
        box: null,
        previous: local.next[0]!,
      },
      { multimask: false },
    );
    expect(rleIou(second.candidates[0]!.rle, localSecond.candidates[0]!.rle)).toBe(1);
    expect(calls() - before).toBe(1);
  });

  it('a reopened image never pays the first click again: the embedding is on disk in the project', async () => {
    const [image] = images;
    const before = calls();
    const reopened = endpointSegmenter();
    await reopened.segment(image!, click(100, 100), { multimask: false });
    expect(calls() - before).toBe(0);
    expect(readdirSync(join(projectCache, ENDPOINT_MODEL))).toContain(`${image!.sha256}.emb`);
  });

  it('prepare fetches the next images ahead, once each even when asked concurrently', async () => {
    const remote = endpointSegmenter();
    const before = calls();
    await Promise.all([remote.prepare(images[1]!), remote.prepare(images[1]!), remote.prepare(images[2]!)]);
    expect(calls() - before).toBe(2);
    const result = await remote.segment(images[2]!, click(150, 100), { multimask: false });
    expect(result.candidates[0]!.rle.size).toEqual([200, 300]);
    expect(calls() - before).toBe(2);
  });

  it('a prefetch the user leaves is cancelled, caches nothing, and is fetched again when asked', async () => {
    const dir = join(tmp.dir, 'cancelled');
    const remote = endpointSegmenter(undefined, dir);
    endpoint.emulator.faults.set('sam', { latencyMs: 800, times: 1 });
    const controller = new AbortController();
    const prefetch = remote.prepare(images[2]!, controller.signal);
    setTimeout(() => controller.abort(), 100);
    await expect(prefetch).rejects.toMatchObject({ code: 'cancelled' });
    expect(existsSync(join(dir, ENDPOINT_MODEL, `${images[2]!.sha256}.emb`))).toBe(false);
    await remote.prepare(images[2]!);
    expect(remote.endpointCalls).toBe(2);
    expect(existsSync(join(dir, ENDPOINT_MODEL, `${images[2]!.sha256}.emb`))).toBe(true);
  });

  it('one caller leaving does not cancel the fetch another still waits for', async () => {
    const remote = endpointSegmenter(undefined, join(tmp.dir, 'shared-wait'));
    endpoint.emulator.faults.set('sam', { latencyMs: 400, times: 1 });
    const controller = new AbortController();
    const leaving = remote.prepare(images[1]!, controller.signal);
    const staying = remote.segment(images[1]!, click(240, 300), { multimask: false });
    setTimeout(() => controller.abort(), 50);
    await expect(leaving).rejects.toMatchObject({ code: 'cancelled' });
    expect((await staying).candidates).toHaveLength(1);
    expect(remote.endpointCalls).toBe(1);
  });

  it('a click waits for a slow embedding at most the click deadline; the prefetch it joined goes on', async () => {
    const remote = endpointSegmenter(undefined, join(tmp.dir, 'deadline'), { clickDeadlineMs: 500 });
    endpoint.emulator.faults.set('sam', { latencyMs: 1500, times: 1 });
    const prefetch = remote.prepare(images[0]!);
    const started = performance.now();
    const err = await remote
      .segment(images[0]!, click(10, 10), { multimask: false, interactive: true })
      .catch((e: unknown) => e);
    const waited = performance.now() - started;
    expect(err).toMatchObject({
      code: 'endpoint_unavailable',
      message: expect.stringMatching(/^Endpoint 'sam' did not answer within 0\.5 s/),
    });
    expect(waited).toBeGreaterThan(450);
    expect(waited).toBeLessThan(1200);
    await prefetch; // background work has no deadline
    expect(remote.endpointCalls).toBe(1);
    const again = await remote.segment(images[0]!, click(10, 10), { multimask: false, interactive: true });
    expect(again.candidates).toHaveLength(1);
  });

  it('float32 embeddings work too', async () => {
    const remote = endpointSegmenter('float32', join(tmp.dir, 'f32'));
    const r = await remote.segment(images[1]!, click(240, 300), { multimask: false });
    const l = await endpoint.segmenter.segment(images[1]!, click(240, 300), { multimask: false });
    expect(rleIou(r.candidates[0]!.rle, l.candidates[0]!.rle)).toBe(1);
    expect(r.candidates[0]!.score).toBeCloseTo(l.candidates[0]!.score, 6);
  });

  it('a broken answer is refused and nothing is cached', async () => {
    const dir = join(tmp.dir, 'broken');
    const remote = endpointSegmenter(undefined, dir);
    endpoint.emulator.faults.set('sam', { malformedBody: true, times: 1 });
    const err = await remote
      .segment(images[0]!, click(10, 10), { multimask: false })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StudioError);
    expect((err as StudioError).code).toBe('endpoint_failed');
    expect(existsSync(join(dir, ENDPOINT_MODEL, `${images[0]!.sha256}.emb`))).toBe(false);
    // The prompt is the caller's; the next click simply tries again and works.
    const again = await remote.segment(images[0]!, click(10, 10), { multimask: false });
    expect(again.candidates).toHaveLength(1);
  });
});
