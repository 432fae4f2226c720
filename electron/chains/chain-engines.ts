// The engines chains run on in the studio: the same local choice the segment service makes (SAM when its
// weights are in the models folder, else the classical engine; PicoDet when present), made once and kept until
// reset; the SageMaker endpoints configured in Settings (Grounded-SAM for free-text detection, SAM), rebuilt
// when those settings change; and any extra engines the studio is built with (tests, benchmarks).
import type { EndpointSettings } from '../../shared/domain';
import type { Manifest } from '../inference/models/manifest';
import type { ModelsDirConfig } from '../inference/models/models-dir';
import { connectionOf } from '../inference/sagemaker/from-settings';
import { createRuntimeClient } from '../inference/sagemaker/runtime-client';
import { SagemakerGroundedDetector } from '../inference/sagemaker/sagemaker-grounded';
import { SagemakerSamSegmenter } from '../inference/sagemaker/sagemaker-sam';
import type { Detector, Segmenter } from '../inference/segmenter';
import { chooseDetector, chooseSegmenter, type EngineFactories } from '../segment/engine-choice';
import type { ChainEngines } from './run-chain';

export interface ChainEngineDeps {
  manifest: Manifest;
  modelsDir: ModelsDirConfig;
  factories: EngineFactories;
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

export class ChainEngineSource {
  private local: Promise<ChainEngines> | null = null;
  private remote: { key: string; engines: ChainEngines } | null = null;

  constructor(private readonly deps: ChainEngineDeps) {}

  async engines(): Promise<ChainEngines> {
    this.local ??= this.chooseLocal().catch((err: unknown) => {
      this.local = null;
      throw err;
    });
    const local = await this.local;
    const remote = await this.endpointEngines();
    const extra = this.deps.extra ?? {};
    return {
      detectors: [...local.detectors, ...remote.detectors, ...(extra.detectors ?? [])],
      segmenters: [...local.segmenters, ...remote.segmenters, ...(extra.segmenters ?? [])],
    };
  }

  /** Disposes the engines this source made; the next call chooses again (the models folder changed, say). */
  async reset(): Promise<void> {
    const local = await this.local?.catch(() => null);
    const remote = this.remote;
    this.local = null;
    this.remote = null;
    await disposeAll([...(local?.detectors ?? []), ...(local?.segmenters ?? [])]);
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

  private async chooseLocal(): Promise<ChainEngines> {
    const { dir } = await this.deps.modelsDir.resolve();
    const [segmenter, detector] = await Promise.all([
      chooseSegmenter(this.deps.manifest, dir, this.deps.factories),
      chooseDetector(this.deps.manifest, dir, this.deps.factories),
    ]);
    return {
      detectors: detector.engine ? [detector.engine] : [],
      segmenters: segmenter.engine ? [segmenter.engine] : [],
    };
  }
}
