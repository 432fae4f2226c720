// The engines chains run on in the studio: the studio's local engines (engine-registry.ts, shared with the
// segment service: SAM when its weights are in the models folder, else the classical engine; PicoDet when
// present), leased for as long as a plan or run uses them; the SageMaker endpoints configured in Settings
// (Grounded-SAM for free-text detection, SAM), rebuilt when those settings change; and any extra engines the
// studio is built with (tests, benchmarks).
import type { EndpointSettings } from '../../shared/domain';
import { connectionOf } from '../inference/sagemaker/from-settings';
import { createRuntimeClient } from '../inference/sagemaker/runtime-client';
import { SagemakerGroundedDetector } from '../inference/sagemaker/sagemaker-grounded';
import { SagemakerSamSegmenter } from '../inference/sagemaker/sagemaker-sam';
import type { Detector, Segmenter } from '../inference/segmenter';
import type { EngineRegistry, LocalEngines } from '../segment/engine-registry';
import type { ChainEngines } from './run-chain';

export interface ChainEngineDeps {
  /** The studio's local engines. */
  local: EngineRegistry;
  /** The SageMaker endpoint settings (Settings > Model endpoints). */
  endpoints?: () => Promise<EndpointSettings>;
  extra?: { detectors?: Detector[]; segmenters?: Segmenter[] };
}

type Engine = Detector | Segmenter;
const disposeAll = (engines: readonly Engine[]) => Promise.all(engines.map((e) => e.dispose()));

/** Engines for the configured endpoints; the chain segments each box itself, so Grounded-SAM sends no masks. */
function endpointEngines(s: EndpointSettings): ChainEngines {
  const client = () => createRuntimeClient(connectionOf(s));
  return {
    detectors: s.groundedSamEndpoint
      ? [
          new SagemakerGroundedDetector({
            client: client(),
            endpointName: s.groundedSamEndpoint,
            withMasks: false,
          }),
        ]
      : [],
    segmenters: s.samEndpoint
      ? [new SagemakerSamSegmenter({ client: client(), endpointName: s.samEndpoint })]
      : [],
  };
}

/** The engines a chain may use, and the hold on the local ones: call release when done with them. */
export interface ChainEnginesLease {
  engines: ChainEngines;
  release(): void;
}

export class ChainEngineSource {
  private remote: { key: string; engines: ChainEngines } | null = null;

  constructor(private readonly deps: ChainEngineDeps) {}

  async lease(): Promise<ChainEnginesLease> {
    const local = await this.deps.local.lease();
    try {
      const remote = await this.endpointEngines();
      const extra = this.deps.extra ?? {};
      const { detectors, segmenters } = localEngines(local.engines);
      return {
        engines: {
          detectors: [...detectors, ...remote.detectors, ...(extra.detectors ?? [])],
          segmenters: [...segmenters, ...remote.segmenters, ...(extra.segmenters ?? [])],
        },
        release: local.release,
      };
    } catch (err) {
      local.release();
      throw err;
    }
  }

  /** Disposes the endpoint engines this source made (the local ones are the registry's). */
  async dispose(): Promise<void> {
    const remote = this.remote;
    this.remote = null;
    if (remote) await disposeAll([...remote.engines.detectors, ...remote.engines.segmenters]);
  }

  private async endpointEngines(): Promise<ChainEngines> {
    const settings = await this.deps.endpoints?.();
    const key = settings ? JSON.stringify(settings) : '';
    if (this.remote?.key !== key) {
      const old = this.remote;
      this.remote = {
        key,
        engines: settings ? endpointEngines(settings) : { detectors: [], segmenters: [] },
      };
      if (old) await disposeAll([...old.engines.detectors, ...old.engines.segmenters]);
    }
    return this.remote!.engines;
  }
}

const localEngines = ({ segmenter, detector }: LocalEngines): ChainEngines => ({
  detectors: detector.engine ? [detector.engine] : [],
  segmenters: segmenter.engine ? [segmenter.engine] : [],
});
