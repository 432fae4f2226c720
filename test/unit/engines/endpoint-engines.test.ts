// The endpoint engines of Settings come from one registry that the segment service and chains both lease: a
// chain and a click use the same SAM endpoint engine, built once per settings version; a settings change builds
// new engines and disposes the old ones only when the chain run holding them lets go. No endpoint is called.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChainEngineSource } from '../../../electron/engines/chain-engines';
import { EmbeddingCache } from '../../../electron/inference/embedding-cache';
import { MANIFEST } from '../../../electron/inference/models/manifest';
import { ModelsDirConfig } from '../../../electron/settings/models-dir';
import { SagemakerGroundedDetector } from '../../../electron/inference/sagemaker/sagemaker-grounded';
import { SagemakerSamSegmenter } from '../../../electron/inference/sagemaker/sagemaker-sam';
import { EndpointEngineRegistry } from '../../../electron/engines/endpoint-engines';
import { EngineRegistry } from '../../../electron/engines/engine-registry';
import { SegmentService } from '../../../electron/segment/segment-service';
import { DEFAULT_ENDPOINT_SETTINGS } from '../../../shared/api/endpoints';
import type { EndpointSettings } from '../../../shared/domain';
import { makeTempDir } from '../../helpers/temp-dir';
import { FillSegmenter } from '../../helpers/fill-segmenter';

describe('endpoint engines shared by segment and chains', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let settings: EndpointSettings;
  let local: EngineRegistry;
  let endpoints: EndpointEngineRegistry;
  let chains: ChainEngineSource;
  let segment: SegmentService;

  beforeEach(async () => {
    tmp = makeTempDir('vps-endpoint-engines-');
    // An empty models folder: the local segmenter is the classical one, and embedding mode has no decoder.
    const modelsDir = new ModelsDirConfig(join(tmp.dir, 'data'), {});
    await modelsDir.set(tmp.dir);
    settings = {
      ...DEFAULT_ENDPOINT_SETTINGS,
      endpointUrl: 'http://127.0.0.1:9',
      samEndpoint: 'sam',
      groundedSamEndpoint: 'grounded',
    };
    local = new EngineRegistry({
      manifest: MANIFEST,
      modelsDir,
      factories: { classical: () => new FillSegmenter() },
    });
    endpoints = new EndpointEngineRegistry({
      settings: async () => settings,
      manifest: MANIFEST,
      modelsDir: async () => (await modelsDir.resolve()).dir,
      cache: new EmbeddingCache({ maxMemoryMB: 1, dir: null }),
    });
    chains = new ChainEngineSource({ local, endpoints });
    segment = new SegmentService({
      modelsDir,
      engines: local,
      endpoints,
      project: () => {
        throw new Error('no project in this test');
      },
      now: () => new Date(),
    });
  });

  afterEach(async () => {
    await segment.dispose();
    await endpoints.dispose();
    await local.dispose();
    tmp.cleanup();
  });

  it('gives a chain and the segment service the same endpoint engines, built once per settings version', async () => {
    const chain = await chains.lease();
    const shared = await endpoints.use((e) => e);
    const sam = shared.segmenter?.engine;
    expect(sam).toBeInstanceOf(SagemakerSamSegmenter);
    expect(chain.engines.segmenters).toContain(sam);
    // The segment service answers with that engine: its status is the shared choice's.
    expect((await segment.status()).segmenter).toBe(shared.segmenter!.status);
    // Chains get Grounded-SAM without masks, text prompts in segment with them: both from the same build.
    expect(chain.engines.detectors).toContain(shared.groundedBoxes);
    expect(shared.grounded).toBeInstanceOf(SagemakerGroundedDetector);
    expect(shared.grounded).not.toBe(shared.groundedBoxes);
    // Asking again with the same settings builds nothing new.
    expect(await endpoints.use((e) => e)).toBe(shared);
    chain.release();
  });

  it('builds new engines when the settings change, disposing the old ones once the chain holding them is done', async () => {
    const chain = await chains.lease();
    const old = await endpoints.use((e) => e);
    const disposed = vi.spyOn(old.segmenter!.engine!, 'dispose');
    settings = { ...settings, samEndpoint: 'sam-2' };
    const now = await endpoints.use((e) => e);
    expect(now).not.toBe(old);
    expect(now.segmenter?.engine?.modelId).not.toBe(old.segmenter?.engine?.modelId);
    expect(await segment.status()).toMatchObject({ segmenter: now.segmenter!.status });
    expect(disposed).not.toHaveBeenCalled(); // the chain still holds the old engines
    chain.release();
    await endpoints.reset();
    expect(disposed).toHaveBeenCalledTimes(1);
  });

  it('without endpoints in Settings, chains and segment use the local engines only', async () => {
    settings = DEFAULT_ENDPOINT_SETTINGS;
    const chain = await chains.lease();
    expect(chain.engines.segmenters.map((s) => s.engine)).toEqual(['fill-test']);
    expect(chain.engines.detectors).toEqual([]);
    expect((await segment.status()).segmenter.engine).toBe('fill-test');
    chain.release();
  });
});
