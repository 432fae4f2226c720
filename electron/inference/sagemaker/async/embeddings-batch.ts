// The 'async-embeddings' batch job kind: SAM embeddings (float16) for every image of the job computed by the
// async SAM endpoint into the shared embedding cache, so every first click on those images runs only the local
// decoder. Its output is the cache entry, not proposals: process answers an empty proposal list and writes the
// embedding through the cache it was given (an atomic file per image, keyed by content hash), so a job killed at
// any moment has either the whole embedding or none, and a resumed job sends nothing for an image cached already.
// Images already in the cache cost no request at all.
import type { EndpointSettings } from '../../../../shared/domain';
import { StudioError } from '../../../../shared/errors';
import type { BatchKind, BatchWork } from '../../../jobs/batch-kind';
import type { ProjectStore } from '../../../store/project-store';
import type { EmbeddingCache } from '../../embedding-cache';
import { embeddingModelId } from '../endpoint-segmenter';
import { EndpointEmbeddings } from '../endpoint-embeddings';
import { endpointClientOf } from '../from-settings';
import { asyncTransportOf, requireAsyncEndpoint } from './from-settings';
import { projectLedger } from './project-ledger';

interface EmbeddingsSpec {
  endpoint: string;
  /** The cache key clicks read (the real-time SAM endpoint's when there is one). */
  modelId: string;
  dtype: 'float16';
}

export interface EmbeddingsKindDeps {
  settings: () => Promise<EndpointSettings>;
  cache: EmbeddingCache;
}

export function asyncEmbeddingsBatchKind(deps: EmbeddingsKindDeps): BatchKind {
  return {
    kind: 'async-embeddings',
    async prepare() {
      const settings = await deps.settings();
      const endpoint = requireAsyncEndpoint(settings, 'sam');
      const spec: EmbeddingsSpec = { endpoint, modelId: embeddingModelId(settings)!, dtype: 'float16' };
      return { spec, name: `SAM embeddings (${endpoint})` };
    },
    async open(store: ProjectStore, raw: unknown): Promise<BatchWork> {
      const spec = raw as EmbeddingsSpec;
      const settings = await deps.settings();
      // Bucket, prefix and credentials as Settings say now; the endpoint and cache key as the job was made.
      requireAsyncEndpoint(settings, 'sam');
      const transport = asyncTransportOf(settings, projectLedger(store));
      const client = endpointClientOf(settings, spec.endpoint);
      const embeddings = new EndpointEmbeddings({
        ...client,
        transport,
        modelId: spec.modelId,
        cache: deps.cache,
        dtype: spec.dtype,
      });
      return {
        provider: 'async',
        async process(imageId, signal) {
          const image = store.getImage(imageId);
          if (image.missing) throw new StudioError('not_found', `The image file ${image.path} is missing.`);
          await embeddings.get(image, signal);
          return { proposals: [] };
        },
        close() {
          embeddings.clear();
          client.client.destroy();
          transport.destroy();
        },
      };
    },
  };
}
