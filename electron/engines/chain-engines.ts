// The engines chains run on in the studio: the studio's local engines (engine-registry.ts, shared with the
// segment service: SAM when its weights are in the models folder, else the classical engine; PicoDet when
// present) and its SageMaker endpoint engines of Settings (endpoint-engines.ts, also shared with the segment
// service: Grounded-SAM for free-text detection, SAM), both leased for as long as a plan or run uses them; and
// any extra engines the studio is built with (tests, benchmarks).
import type { ChainEngines, Detector, Segmenter } from '../inference/segmenter';
import type { EndpointEngineRegistry, EndpointEngines } from './endpoint-engines';
import type { EngineRegistry, LocalEngines } from './engine-registry';

export interface ChainEngineDeps {
  /** The studio's local engines. */
  local: EngineRegistry;
  /** The studio's endpoint engines (Settings > Model endpoints). */
  endpoints?: EndpointEngineRegistry;
  extra?: { detectors?: Detector[]; segmenters?: Segmenter[] };
}

/** The engines a chain may use, and the hold on them: call release when done with them. */
export interface ChainEnginesLease {
  engines: ChainEngines;
  release(): void;
}

export class ChainEngineSource {
  constructor(private readonly deps: ChainEngineDeps) {}

  async lease(): Promise<ChainEnginesLease> {
    const local = await this.deps.local.lease();
    try {
      const remote = await this.deps.endpoints?.lease();
      const extra = this.deps.extra ?? {};
      const { detectors, segmenters } = localEngines(local.engines);
      const endpoint = remote ? endpointEngines(remote.engines) : { detectors: [], segmenters: [] };
      return {
        engines: {
          detectors: [...detectors, ...endpoint.detectors, ...(extra.detectors ?? [])],
          segmenters: [...segmenters, ...endpoint.segmenters, ...(extra.segmenters ?? [])],
        },
        release: () => {
          remote?.release();
          local.release();
        },
      };
    } catch (err) {
      local.release();
      throw err;
    }
  }
}

const localEngines = ({ segmenter, detector }: LocalEngines): ChainEngines => ({
  detectors: detector.engine ? [detector.engine] : [],
  segmenters: segmenter.engine ? [segmenter.engine] : [],
});

/** The chain segments each box itself, so Grounded-SAM sends no masks. */
const endpointEngines = ({ segmenter, groundedBoxes }: EndpointEngines): ChainEngines => ({
  detectors: groundedBoxes ? [groundedBoxes] : [],
  segmenters: segmenter?.engine ? [segmenter.engine] : [],
});
