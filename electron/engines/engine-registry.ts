// The studio's one set of local engines, shared by the segment service and chains: the segmenter and detector
// engine-choice.ts picks from the models folder, chosen on first use and kept until reset (the models folder
// changed, a download finished), so a chain run after a click uses the same classical worker, PicoDet session and
// SAM encoder. Work holds a lease on the engines it started with: a reset never disposes an engine under a
// running click or chain run; the old engines go when their last lease is released.
import type { Manifest } from '../inference/models/manifest';
import type { ModelsDirConfig } from '../settings/models-dir';
import type { Chosen, Detector, MaskTracker, Segmenter } from '../inference/segmenter';
import { chooseDetector, chooseSegmenter, chooseTracker, type EngineFactories } from './engine-choice';

export interface LocalEngines {
  segmenter: Chosen<Segmenter>;
  detector: Chosen<Detector>;
  /** The video model propagation uses when its files are in the models folder (engine null otherwise). */
  tracker: Chosen<MaskTracker>;
}

export interface EngineLease<E = LocalEngines> {
  engines: E;
  /** Lets a reset dispose these engines (once every lease on them is released); calling it twice is harmless. */
  release(): void;
}

export interface EngineRegistryDeps {
  manifest: Manifest;
  modelsDir: ModelsDirConfig;
  factories: EngineFactories;
}

/** One choice of engines and the leases on it. */
class Generation<E> {
  private holders = 0;
  private retired = false;
  private settled = false;
  private done!: () => void;
  /** Resolves once the generation is retired, unheld and its engines disposed. */
  readonly disposed = new Promise<void>((resolve) => (this.done = resolve));

  constructor(
    readonly engines: Promise<E>,
    private readonly disposeEngines: (engines: E) => Promise<unknown>,
  ) {
    engines.catch(() => undefined); // a failed choice is reported to the lease that waited for it
  }

  hold(): void {
    this.holders++;
  }

  release(): void {
    this.holders--;
    this.settle();
  }

  retire(): Promise<void> {
    this.retired = true;
    this.settle();
    return this.disposed;
  }

  private settle(): void {
    if (!this.retired || this.holders > 0 || this.settled) return;
    this.settled = true;
    void this.engines
      .then(this.disposeEngines)
      .catch(() => undefined)
      .then(this.done);
  }
}

/** A failing dispose (a worker already gone) must not stop the others or the studio's close. */
export const disposeEach = (engines: readonly ({ dispose(): Promise<void> } | null | undefined)[]) =>
  Promise.allSettled(engines.map((e) => e?.dispose()));

/**
 * Engines chosen on first use and kept until reset, under leases: the local engines below, and the endpoint
 * engines of Settings (endpoint-engines.ts).
 */
export abstract class LeasedEngines<E> {
  private current: Generation<E> | null = null;
  private readonly retiring = new Set<Promise<void>>();

  protected abstract choose(): Promise<E>;
  protected abstract disposeEngines(engines: E): Promise<unknown>;

  /** The current engines, chosen now if needed, held until `release`. A failed choice is not kept. */
  async lease(): Promise<EngineLease<E>> {
    const generation = (this.current ??= new Generation(this.choose(), (e) => this.disposeEngines(e)));
    generation.hold();
    let engines: E;
    try {
      engines = await generation.engines;
    } catch (err) {
      // An unreadable folder, say: the next lease tries again.
      if (this.current === generation) this.current = null;
      generation.release();
      throw err;
    }
    let released = false;
    return {
      engines,
      release: () => {
        if (released) return;
        released = true;
        generation.release();
      },
    };
  }

  /** Runs `work` on the current engines under a lease. */
  async use<T>(work: (engines: E) => Promise<T> | T): Promise<T> {
    const lease = await this.lease();
    try {
      return await work(lease.engines);
    } finally {
      lease.release();
    }
  }

  /**
   * Forgets the engines at once (the next lease chooses again) and disposes them when their last lease is
   * released; the promise resolves then, which can be as late as the end of a running chain.
   */
  reset(): Promise<void> {
    const generation = this.current;
    this.current = null;
    if (generation) {
      const disposed = generation.retire();
      this.retiring.add(disposed);
      void disposed.then(() => this.retiring.delete(disposed));
    }
    return Promise.all([...this.retiring]).then(() => undefined);
  }

  /** Disposes every engine, waiting for the leases still held (the studio is closing). */
  dispose(): Promise<void> {
    return this.reset();
  }
}

export class EngineRegistry extends LeasedEngines<LocalEngines> {
  constructor(private readonly deps: EngineRegistryDeps) {
    super();
  }

  protected choose(): Promise<LocalEngines> {
    return chooseLocal(this.deps);
  }

  protected disposeEngines({ segmenter, detector, tracker }: LocalEngines) {
    return disposeEach([segmenter.engine, detector.engine, tracker.engine]);
  }
}

async function chooseLocal(deps: EngineRegistryDeps): Promise<LocalEngines> {
  const { dir } = await deps.modelsDir.resolve();
  const choices = await Promise.allSettled([
    chooseSegmenter(deps.manifest, dir, deps.factories),
    chooseDetector(deps.manifest, dir, deps.factories),
    chooseTracker(deps.manifest, dir, deps.factories),
  ]);
  const [segmenter, detector, tracker] = choices;
  if (segmenter.status === 'fulfilled' && detector.status === 'fulfilled' && tracker.status === 'fulfilled')
    return { segmenter: segmenter.value, detector: detector.value, tracker: tracker.value };
  // One choice failed: the engines the others made would belong to no generation.
  for (const chosen of choices) if (chosen.status === 'fulfilled') await chosen.value.engine?.dispose();
  throw (choices.find((c) => c.status === 'rejected') as PromiseRejectedResult).reason;
}
