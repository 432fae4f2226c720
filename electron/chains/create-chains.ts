// Builds the chains part of the studio from real parts: the engine source (over the studio's engine registry),
// the Bedrock settings file and a Bedrock client made from them (rebuilt when they change), and the service the
// API handlers call.
import type { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import type { BedrockSettings } from '../../shared/api/chains';
import { BedrockVisionLanguage, createBedrockClient } from '../inference/bedrock/converse';
import { bedrockQaGenerator } from '../inference/bedrock/qa-generator';
import { bedrockSettingsFile } from '../settings/bedrock-settings';
import type { Detector, Segmenter } from '../inference/segmenter';
import type { EndpointEngineRegistry } from '../engines/endpoint-engines';
import type { EngineRegistry } from '../engines/engine-registry';
import type { ProjectStore } from '../store/project-store';
import type { JobRunner } from '../jobs/job-runner';
import { ChainEngineSource } from '../engines/chain-engines';
import { ChainService } from './chain-service';

export interface ChainsOptions {
  dataDir: string;
  /** The studio's local engines, shared with the segment service. */
  engines: EngineRegistry;
  /** The studio's SageMaker endpoint engines, shared with the segment service: chains can use them too. */
  endpoints?: EndpointEngineRegistry;
  /** Engines beyond the local and endpoint ones (built by tests and benchmarks). */
  extra?: { detectors?: Detector[]; segmenters?: Segmenter[] };
  project: (path: string) => ProjectStore;
  jobs: JobRunner;
}

export type Chains = ReturnType<typeof createChains>;

export function createChains(options: ChainsOptions) {
  const bedrockSettings = bedrockSettingsFile(options.dataDir);
  const engines = new ChainEngineSource({
    local: options.engines,
    endpoints: options.endpoints,
    extra: options.extra,
  });
  let client: { settings: string; client: BedrockRuntimeClient } | null = null;

  const bedrock = async () => {
    const settings: BedrockSettings = await bedrockSettings.read();
    if (!settings.modelId) return null;
    const key = JSON.stringify(settings);
    if (client?.settings !== key) {
      client?.client.destroy();
      client = { settings: key, client: createBedrockClient(settings) };
    }
    return {
      vision: new BedrockVisionLanguage(client.client, settings.modelId),
      region: settings.region,
      endpoint: settings.endpoint,
    };
  };

  const service = new ChainService({
    engines: () => engines.lease(),
    bedrock,
    project: options.project,
    jobs: options.jobs,
  });
  return {
    service,
    bedrockSettings,
    engines,
    /** Question-answer pairs from Bedrock for dataset exports, or undefined when it is not configured. */
    async qaGenerator() {
      const configured = await bedrock();
      return configured ? bedrockQaGenerator(configured.vision) : undefined;
    },
    async dispose() {
      client?.client.destroy();
      client = null;
    },
  };
}
