// The engines chains run on in the studio: the same choice the segment service makes (SAM when its weights are
// in the models folder, else the classical engine; PicoDet when present), made once and kept until reset, plus
// any extra engines the studio is built with (endpoint-backed detectors and segmenters).
import type { Manifest } from '../inference/models/manifest';
import type { ModelsDirConfig } from '../inference/models/models-dir';
import type { Detector, Segmenter } from '../inference/segmenter';
import { chooseDetector, chooseSegmenter, type EngineFactories } from '../segment/engine-choice';
import type { ChainEngines } from './run-chain';

export interface ChainEngineDeps {
  manifest: Manifest;
  modelsDir: ModelsDirConfig;
  factories: EngineFactories;
  extra?: { detectors?: Detector[]; segmenters?: Segmenter[] };
}

export class ChainEngineSource {
  private chosen: Promise<ChainEngines> | null = null;

  constructor(private readonly deps: ChainEngineDeps) {}

  engines(): Promise<ChainEngines> {
    this.chosen ??= this.choose().catch((err: unknown) => {
      this.chosen = null;
      throw err;
    });
    return this.chosen;
  }

  /** Disposes the chosen engines; the next call chooses again (the models folder changed, say). */
  async reset(): Promise<void> {
    const old = this.chosen;
    this.chosen = null;
    const engines = await old?.catch(() => null);
    if (!engines) return;
    const own = [...engines.detectors, ...engines.segmenters].filter(
      (e) =>
        !this.deps.extra?.detectors?.includes(e as Detector) &&
        !this.deps.extra?.segmenters?.includes(e as Segmenter),
    );
    await Promise.all(own.map((e) => e.dispose()));
  }

  private async choose(): Promise<ChainEngines> {
    const { dir } = await this.deps.modelsDir.resolve();
    const [segmenter, detector] = await Promise.all([
      chooseSegmenter(this.deps.manifest, dir, this.deps.factories),
      chooseDetector(this.deps.manifest, dir, this.deps.factories),
    ]);
    return {
      detectors: [...(detector.engine ? [detector.engine] : []), ...(this.deps.extra?.detectors ?? [])],
      segmenters: [...(segmenter.engine ? [segmenter.engine] : []), ...(this.deps.extra?.segmenters ?? [])],
    };
  }
}
