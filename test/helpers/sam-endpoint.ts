// A SageMaker SAM endpoint of our emulator that runs the local SAM engine on known-answer test models, so an
// endpoint's masks can be compared exactly with the local engine's.
import { join } from 'node:path';
import { EmbeddingCache } from '../../electron/inference/embedding-cache';
import { createLocalSamSegmenter } from '../../electron/inference/local-sam';
import { MANIFEST, modelEntry, type ModelEntry } from '../../electron/inference/models/manifest';
import type { Segmenter } from '../../electron/inference/segmenter';
import { encoderFromLocalSam } from '../../scripts/emulators/sagemaker/local-sam-encoder';
import { RequestImages } from '../../scripts/emulators/sagemaker/request-images';
import { samContainer } from '../../scripts/emulators/sagemaker/sam-container';
import { startSagemakerEmulator, type SagemakerEmulator } from '../../scripts/emulators/sagemaker/server';
import { writeSamTestModels } from './sam-test-models';

export interface SamEndpointOptions {
  /** A folder of the test's own: the emulator keeps request images in `dir`/emulator. */
  dir: string;
  /**
   * The folder writeSamTestModels wrote and the entry it returned; default: MobileSAM's test models (HWC
   * variant) written to `dir`/models.
   */
  models?: { dir: string; entry: ModelEntry };
  /** The endpoint's name; default 'sam-vit-h'. */
  name?: string;
  /** The emulator's region; default its own (us-east-1). */
  region?: string;
  /** Also answer embedding requests (the studio's embedding mode) from the same engine. */
  embedding?: boolean;
}

export interface SamEndpoint {
  emulator: SagemakerEmulator;
  /** The local engine behind the endpoint. */
  segmenter: Segmenter;
  close(): Promise<void>;
}

export async function startSamEndpoint(options: SamEndpointOptions): Promise<SamEndpoint> {
  const modelDir = join(options.dir, 'models');
  const models = options.models ?? {
    dir: modelDir,
    entry: writeSamTestModels(modelDir, modelEntry(MANIFEST, 'mobile-sam'), 'sam-hwc-in-graph'),
  };
  const cache = new EmbeddingCache({ maxMemoryMB: 64, dir: null });
  const segmenter = createLocalSamSegmenter({ entry: models.entry, modelDir: models.dir, cache });
  const container = samContainer({
    segmenter,
    images: new RequestImages(join(options.dir, 'emulator')),
    ...(options.embedding ? { encoder: encoderFromLocalSam(segmenter, cache) } : {}),
  });
  const emulator = await startSagemakerEmulator({
    ...(options.region ? { region: options.region } : {}),
    containers: { [options.name ?? 'sam-vit-h']: container },
  }).catch(async (e: unknown) => {
    await segmenter.dispose();
    throw e;
  });
  return {
    emulator,
    segmenter,
    async close() {
      await emulator.close();
      await segmenter.dispose();
    },
  };
}
