// The engine registry over a real models folder (empty, then the shared one with PicoDet): engines are built on
// the first lease and shared by every later one; a reset makes the next lease choose again while work holding the
// old engines finishes on them, and they are disposed only when the last lease is released.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PicoDetDetector } from '../../../electron/inference/detector/picodet-detector';
import { MANIFEST } from '../../../electron/inference/models/manifest';
import { ModelsDirConfig } from '../../../electron/settings/models-dir';
import type { EngineFactories } from '../../../electron/engines/engine-choice';
import { EngineRegistry } from '../../../electron/engines/engine-registry';
import { hasSharedAssets, sharedPath } from '../../helpers/shared-assets';
import { makeTempDir } from '../../helpers/temp-dir';
import { FillSegmenter } from '../../helpers/fill-segmenter';

describe.skipIf(!hasSharedAssets)('engine registry', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let config: ModelsDirConfig;
  let segmenters: FillSegmenter[];
  let detectors: PicoDetDetector[];
  let registry: EngineRegistry;

  const factories: EngineFactories = {
    classical: () => {
      segmenters.push(new FillSegmenter());
      return segmenters.at(-1)!;
    },
    detector: (entry, modelPath) => {
      detectors.push(new PicoDetDetector({ entry, modelPath }));
      return detectors.at(-1)!;
    },
  };

  beforeEach(async () => {
    tmp = makeTempDir('vps-registry-');
    config = new ModelsDirConfig(join(tmp.dir, 'data'), {});
    await config.set(sharedPath('models'));
    segmenters = [];
    detectors = [];
    registry = new EngineRegistry({ manifest: MANIFEST, modelsDir: config, factories });
  });

  afterEach(async () => {
    await registry.dispose();
    tmp.cleanup();
  });

  it('builds nothing until asked, then one set of engines for every lease, even concurrent ones', async () => {
    expect(segmenters).toHaveLength(0);
    const [a, b] = await Promise.all([registry.lease(), registry.lease()]);
    const c = await registry.use((engines) => engines);
    expect(segmenters).toHaveLength(1);
    expect(detectors).toHaveLength(1);
    expect(a.engines.segmenter.engine).toBe(segmenters[0]);
    expect(b.engines.detector.engine).toBe(detectors[0]);
    expect(c.segmenter.engine).toBe(segmenters[0]);
    a.release();
    b.release();
  });

  it('after a reset, chooses again from the models folder as it is now, and disposes the old engines once free', async () => {
    await config.set(join(tmp.dir, 'no-models'));
    const held = await registry.lease();
    expect(held.engines.detector.engine).toBeNull();
    expect(held.engines.detector.status.reason).toContain('weights not found');

    // The models arrive (a download finished): the next lease sees PicoDet.
    await config.set(sharedPath('models'));
    let disposed = false;
    const reset = registry.reset().then(() => (disposed = true));
    const next = await registry.lease();
    expect(next.engines.detector.engine).toBe(detectors[0]);
    expect(next.engines.segmenter.engine).toBe(segmenters[1]);

    // The old segmenter still serves the work that holds it.
    await new Promise((r) => setTimeout(r, 20));
    expect(disposed).toBe(false);
    expect(segmenters[0]!.disposed).toBe(false);
    held.release();
    held.release(); // twice is harmless: the new engines stay held by `next`
    await reset;
    expect(segmenters[0]!.disposed).toBe(true);
    expect(segmenters[1]!.disposed).toBe(false);
    next.release();
  });

  it('disposes at once when nothing holds the engines, and dispose waits for the last lease', async () => {
    await registry.use(() => undefined);
    await registry.reset();
    expect(segmenters[0]!.disposed).toBe(true);

    const lease = await registry.lease();
    let closed = false;
    const closing = registry.dispose().then(() => (closed = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(closed).toBe(false);
    lease.release();
    await closing;
    expect(segmenters[1]!.disposed).toBe(true);
  });

  it('does not keep a failed choice, and disposes the engine the other half of it built', async () => {
    let fail = true;
    const flaky = new EngineRegistry({
      manifest: MANIFEST,
      modelsDir: config,
      factories: {
        ...factories,
        detector: (entry, modelPath) => {
          if (fail) throw new Error('no memory for the session');
          return factories.detector!(entry, modelPath);
        },
      },
    });
    await expect(flaky.lease()).rejects.toThrow('no memory for the session');
    expect(segmenters[0]!.disposed).toBe(true);
    fail = false;
    const lease = await flaky.lease();
    expect(lease.engines.detector.engine).toBe(detectors[0]);
    expect(lease.engines.segmenter.engine).toBe(segmenters[1]);
    lease.release();
    await flaky.dispose();
    expect(segmenters[1]!.disposed).toBe(true);
  });
});
