// The studio's one set of SageMaker endpoint engines, shared by the segment service and chains as the local ones
// are (engine-registry.ts): built from Settings > Model endpoints on first use, rebuilt when those settings
// change (or on reset: the models folder changed, so embedding mode may now find its decoder), and leased, so a
// change never disposes an engine under a running click or chain run.
import type { EndpointSettings } from '../../shared/domain';
import type { EmbeddingCache } from '../inference/embedding-cache';
import type { Manifest } from '../inference/models/manifest';
import { chooseEndpointSegmenter } from '../inference/sagemaker/endpoint-segmenter';
import { endpointClientOf } from '../inference/sagemaker/from-settings';
import { SagemakerGroundedDetector } from '../inference/sagemaker/sagemaker-grounded';
import type { Chosen, Detector, Segmenter } from '../inference/segmenter';
import { disposeEach, LeasedEngines, type EngineLease } from './engine-registry';

export interface EndpointEngines {
  /** The SAM endpoint (embedding mode when set and its decoder is present); null when none is configured. */
  segmenter: Chosen<Segmenter> | null;
  /** The Grounded-SAM endpoint with masks, for text prompts in segment; null when none is configured. */
  grounded: Detector | null;
  /** The same endpoint without masks: chains segment each box themselves. */
  groundedBoxes: Detector | null;
}

export interface EndpointEngineDeps {
  settings: () => Promise<EndpointSettings>;
  manifest: Manifest;
  /** The models folder now (embedding mode decodes with a local decoder found there). */
  modelsDir: () => Promise<string>;
  /** Embeddings from the endpoint, kept like local ones. */
  cache: EmbeddingCache;
}

/** The engines of one settings version; each has an SDK client of its own, which its dispose destroys. */
export async function buildEndpointEngines(
  settings: EndpointSettings,
  deps: Omit<EndpointEngineDeps, 'settings'>,
): Promise<EndpointEngines> {
  const grounded = (withMasks: boolean) =>
    settings.groundedSamEndpoint
      ? new SagemakerGroundedDetector({
          ...endpointClientOf(settings, settings.groundedSamEndpoint),
          withMasks,
        })
      : null;
  return {
    segmenter: chooseEndpointSegmenter({
      settings,
      manifest: deps.manifest,
      modelsDir: await deps.modelsDir(),
      cache: deps.cache,
    }),
    grounded: grounded(true),
    groundedBoxes: grounded(false),
  };
}

export class EndpointEngineRegistry extends LeasedEngines<EndpointEngines> {
  /** The settings the current engines are built from, as JSON. */
  private version: string | null = null;
  private settings: EndpointSettings | null = null;

  constructor(private readonly deps: EndpointEngineDeps) {
    super();
  }

  /** The engines of the current settings, built now if they changed, held until `release`. */
  override async lease(): Promise<EngineLease<EndpointEngines>> {
    const settings = await this.deps.settings();
    const version = JSON.stringify(settings);
    if (version !== this.version) {
      this.version = version;
      this.settings = settings;
      // The old engines go once the work holding them ends.
      void this.reset();
    }
    return super.lease();
  }

  protected choose(): Promise<EndpointEngines> {
    return buildEndpointEngines(this.settings!, this.deps);
  }

  protected disposeEngines({ segmenter, grounded, groundedBoxes }: EndpointEngines) {
    return disposeEach([segmenter?.engine, grounded, groundedBoxes]);
  }
}
