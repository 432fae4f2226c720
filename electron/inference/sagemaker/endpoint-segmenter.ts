// The segmenter a SAM endpoint configured in Settings gives the segment service, in place of the local engines.
// Embedding mode needs a local prompt decoder of the endpoint's family: the SAM ViT-H decoder, which MobileSAM
// ships (manifest entry 'mobile-sam'); without it in the models folder, the endpoint answers masks per click.
import type { EndpointSettings } from '../../../shared/domain';
import type { EmbeddingCache } from '../embedding-cache';
import { locateModel } from '../models/locate';
import { modelFile, type Manifest } from '../models/manifest';
import type { Chosen, Segmenter } from '../segmenter';
import { endpointClientOf } from './from-settings';
import { SagemakerSamSegmenter } from './sagemaker-sam';
import { SagemakerEmbeddingSegmenter } from './sagemaker-sam-embedding';

/** The manifest entry whose decoder is SAM ViT-H's (what SAM ViT-H / HQ-SAM endpoints' embeddings decode with). */
export const EMBEDDING_DECODER_ENTRY = 'mobile-sam';

export interface EndpointSegmenterOptions {
  settings: EndpointSettings;
  manifest: Manifest;
  modelsDir: string;
  /** Embeddings from the endpoint, kept like local ones (memory + disk). */
  cache: EmbeddingCache;
}

/** null when no SAM endpoint is configured. */
export function chooseEndpointSegmenter(o: EndpointSegmenterOptions): Chosen<Segmenter> | null {
  const { settings } = o;
  const name = settings.samEndpoint;
  if (!name) return null;
  const common = endpointClientOf(settings, name);
  const where = `endpoint '${name}' (${settings.endpointUrl || settings.awsRegion})`;
  const deadline = `; a click waits at most ${settings.clickDeadlineSec} s`;
  let why = '';
  if (settings.embeddingMode) {
    const entry = o.manifest.models.find((m) => m.id === EMBEDDING_DECODER_ENTRY);
    const decoder = entry && locateModel(entry, o.modelsDir).files.find((f) => f.part === 'decoder');
    if (entry && decoder && !decoder.problem) {
      const engine = new SagemakerEmbeddingSegmenter({
        ...common,
        // Endpoint names are letters, digits and dashes: a valid cache key once lower-cased.
        modelId: `sagemaker-${name.toLowerCase()}`,
        cache: o.cache,
        decoderPath: decoder.path,
        decoderContract: modelFile(entry, 'decoder'),
      });
      return {
        engine,
        status: {
          engine: engine.engine,
          modelId: engine.modelId,
          reason:
            `${engine.engine}: ${where} embeds each image once; clicks run ${entry.name}'s decoder locally` +
            deadline,
        },
      };
    }
    why = `; embedding mode is off: it needs the SAM decoder of '${EMBEDDING_DECODER_ENTRY}' in ${o.modelsDir}`;
  }
  const engine = new SagemakerSamSegmenter(common);
  return {
    engine,
    status: {
      engine: engine.engine,
      modelId: engine.modelId,
      reason: `${engine.engine}: ${where} answers each click${deadline}${why}`,
    },
  };
}
