// The segmenter a SAM endpoint configured in Settings gives the segment service, in place of the local engines.
// Embedding mode needs a local prompt decoder of the endpoint's family: the SAM ViT-H decoder, which MobileSAM
// ships (manifest entry 'mobile-sam'); without it in the models folder, the endpoint answers masks per click.
import type { EndpointSettings } from '../../../shared/domain';
import type { EmbeddingCache } from '../embedding-cache';
import { locateModel } from '../models/locate';
import { modelFile, type Manifest } from '../models/manifest';
import type { Chosen, Segmenter } from '../segmenter';
import { asyncEndpointOf, asyncTransportOf } from './async/from-settings';
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

/**
 * The cache key of the SAM endpoint's embeddings (embedding mode): the real-time endpoint's, else the async
 * one's. The precompute job writes under it, so clicks find what it computed (the async endpoint serves the
 * same encoder as the real-time one: resources/endpoints/README.md).
 */
export function embeddingModelId(settings: EndpointSettings): string | null {
  const name = settings.samEndpoint || (settings.s3Bucket ? settings.asyncSamEndpoint : '');
  // Endpoint names are letters, digits and dashes: a valid cache key once lower-cased.
  return name ? `sagemaker-${name.toLowerCase()}` : null;
}

/**
 * null when no SAM endpoint is configured. Without a real-time one, an async SAM endpoint in embedding mode
 * serves the clicks: on images it embedded ahead (the precompute job) clicks only decode locally; others wait
 * for their request's trip through the queue.
 */
export function chooseEndpointSegmenter(o: EndpointSegmenterOptions): Chosen<Segmenter> | null {
  const { settings } = o;
  const viaAsync = !settings.samEndpoint && settings.embeddingMode && asyncEndpointOf(settings, 'sam');
  const name = settings.samEndpoint || (viaAsync ? settings.asyncSamEndpoint : '');
  if (!name) return null;
  const common = {
    ...endpointClientOf(settings, name),
    ...(viaAsync ? { transport: asyncTransportOf(settings) } : {}),
  };
  const where = `${viaAsync ? 'async ' : ''}endpoint '${name}' (${settings.endpointUrl || settings.awsRegion})`;
  const deadline = `; a click waits at most ${settings.clickDeadlineSec} s`;
  let why = '';
  if (settings.embeddingMode) {
    const entry = o.manifest.models.find((m) => m.id === EMBEDDING_DECODER_ENTRY);
    const decoder = entry && locateModel(entry, o.modelsDir).files.find((f) => f.part === 'decoder');
    if (entry && decoder && !decoder.problem) {
      const engine = new SagemakerEmbeddingSegmenter({
        ...common,
        modelId: embeddingModelId(settings)!,
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
  // A click's masks through an async queue would take far too long: async alone serves embedding mode only.
  if (viaAsync) return null;
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
