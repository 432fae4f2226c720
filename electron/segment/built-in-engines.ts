// The engines this build ships, as factories for the segment service: local SAM (embeddings cached in memory and
// under the studio's cache folder, by image content hash and model, so every project shares them), the local
// detector, and the classical engine (no download).
import { createClassicalSegmenter } from '../inference/classical';
import { PicoDetDetector } from '../inference/detector/picodet-detector';
import { EmbeddingCache } from '../inference/embedding-cache';
import { createLocalSamSegmenter } from '../inference/local-sam';
import type { EngineFactories } from './engine-choice';

/** 32 embeddings of SAM's 4 MB: the images around the one open, both ways. */
const EMBEDDING_MEMORY_MB = 128;

export function builtInEngines(embeddingsDir: string): EngineFactories {
  const cache = new EmbeddingCache({ maxMemoryMB: EMBEDDING_MEMORY_MB, dir: embeddingsDir });
  return {
    localSam: (entry, modelDir) => createLocalSamSegmenter({ entry, modelDir, cache }),
    classical: () => createClassicalSegmenter(),
    detector: (entry, modelPath) => new PicoDetDetector({ entry, modelPath }),
  };
}
