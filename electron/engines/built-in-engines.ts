// The engines this build ships, as factories for the engine registry: local SAM (embeddings cached in memory and
// under the studio's cache folder, by image content hash and model, so every project shares them), the local
// detector, the classical engine (no download) and the SAM 2 tracker propagation uses.
import { createClassicalSegmenter } from '../inference/classical';
import { PicoDetDetector } from '../inference/detector/picodet-detector';
import { EmbeddingCache } from '../inference/embedding-cache';
import { createLocalSamSegmenter } from '../inference/local-sam';
import { createSam2Tracker } from '../inference/sam2-video';
import type { EngineFactories } from './engine-choice';

/**
 * 64 embeddings of SAM's 4 MB: the images around the one open, both ways. One cache for the studio: the local
 * SAM engine and a SAM endpoint in embedding mode key theirs by model id, and only one of them answers clicks.
 */
const EMBEDDING_MEMORY_MB = 256;

export const embeddingCache = (dir: string) => new EmbeddingCache({ maxMemoryMB: EMBEDDING_MEMORY_MB, dir });

export function builtInEngines(cache: EmbeddingCache): EngineFactories {
  return {
    localSam: (entry, modelDir) => createLocalSamSegmenter({ entry, modelDir, cache }),
    classical: () => createClassicalSegmenter(),
    detector: (entry, modelPath) => new PicoDetDetector({ entry, modelPath }),
    tracker: (entry, modelDir) => createSam2Tracker({ entry, modelDir }),
  };
}
