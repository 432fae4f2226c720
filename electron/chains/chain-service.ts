// The chains API's service: routes a request (segment/mask/detect -> a planned chain; a question -> the
// vision-language model), plans with Bedrock when it is configured and with the offline planner otherwise,
// and runs chains as background jobs over the engines it is given.
import type { ChainEnginesInfo, PlanResult, RunComparison } from '../../shared/api/chains';
import { compareRegions } from '../../shared/chains/compare';
import { classifyIntent, planChain } from '../../shared/chains/planner';
import type { Region } from '../../shared/chains/regions';
import type { ChainRun } from '../../shared/chains/runs';
import { templateAnswer } from '../../shared/chains/templates';
import { checkChain } from '../../shared/chains/validate';
import type { ImageRecord } from '../../shared/domain';
import { StudioError } from '../../shared/errors';
import type { BedrockVisionLanguage } from '../inference/bedrock/converse';
import type { ChainEngines } from '../inference/segmenter';
import type { ProjectStore } from '../store/project-store';
import type { JobRunner } from '../jobs/job-runner';
import type { ChainEnginesLease } from '../engines/chain-engines';
import { chainContext, executeRun, requireRunnable } from './chain-runs';

export interface ChainServiceDeps {
  /** The detectors and segmenters chains may use right now, held until the lease is released. */
  engines: () => Promise<ChainEnginesLease>;
  /** The configured Bedrock model, or null: then the offline planner and templates answer. */
  bedrock: () => Promise<{ vision: BedrockVisionLanguage; region: string; endpoint: string | null } | null>;
  project: (path: string) => ProjectStore;
  jobs: JobRunner;
}

export const OFFLINE_PLANNER = 'offline planner';
export const OFFLINE_TEMPLATE = 'offline template';

export class ChainService {
  /** Runs a job is working on: resuming one of them would run its images twice. */
  /** The job of each run being worked on, by project and run. */
  private readonly active = new Map<string, string>();

  constructor(private readonly deps: ChainServiceDeps) {}

  async enginesInfo(): Promise<ChainEnginesInfo> {
    const engines = await this.withEngines(async (e) => e);
    const bedrock = await this.deps.bedrock();
    return {
      detectors: engines.detectors.map((d) => ({ modelId: d.modelId, engine: d.engine, classes: d.classes })),
      segmenters: engines.segmenters.map((s) => ({ modelId: s.modelId, engine: s.engine })),
      bedrock: bedrock && {
        modelId: bedrock.vision.modelId,
        region: bedrock.region,
        endpoint: bedrock.endpoint,
      },
    };
  }

  async check(project: string, chain: unknown) {
    const store = this.deps.project(project);
    return this.withEngines(async (engines) => checkChain(chain, chainContext(engines, labelNames(store))));
  }

  async plan(project: string, request: string, imageId?: number): Promise<PlanResult> {
    const store = this.deps.project(project);
    const image = imageId === undefined ? undefined : store.getImage(imageId);
    return this.withEngines((engines) => this.planWith(engines, store, request, image));
  }

  private async planWith(
    engines: ChainEngines,
    store: ProjectStore,
    request: string,
    image: ImageRecord | undefined,
  ): Promise<PlanResult> {
    const ctx = chainContext(engines, labelNames(store));
    const bedrock = await this.deps.bedrock();
    const intent = classifyIntent(request);
    const base = { why: intent.reason, chain: null, problems: [], notes: [], answer: null };

    if (intent.intent === 'question') {
      if (!image) {
        return {
          ...base,
          route: 'question',
          answeredBy: bedrock?.vision.modelId ?? OFFLINE_TEMPLATE,
          problems: ['Open an image to ask about it.'],
        };
      }
      // What the detector sees grounds the answer (and is all the offline template has).
      const regions = await detectAll(engines, image);
      if (bedrock) {
        const answer = await bedrock.vision.answer(image, regions, request);
        return { ...base, route: 'question', answeredBy: bedrock.vision.modelId, answer };
      }
      return {
        ...base,
        route: 'question',
        answeredBy: OFFLINE_TEMPLATE,
        answer: templateAnswer(request, regions),
        notes: [
          'No vision-language model is configured (Bedrock settings): this answer is a template over what the detector found.',
        ],
      };
    }

    if (bedrock) {
      const plan = await bedrock.vision.plan(request, ctx, image);
      return plan.ok
        ? {
            ...base,
            route: 'chain',
            answeredBy: bedrock.vision.modelId,
            chain: plan.chain,
            notes: [...plan.notes, ...plan.warnings],
          }
        : {
            ...base,
            route: 'chain',
            answeredBy: bedrock.vision.modelId,
            problems: plan.reasons,
            notes: plan.notes,
          };
    }
    const closed = engines.detectors.find((d) => d.classes !== null);
    const planned = planChain(request, {
      // No class detector: every phrase goes to the grounded one (or is refused).
      classes: closed?.classes ?? [],
      grounded: engines.detectors.some((d) => d.classes === null),
      labels: ctx.labels,
    });
    if (!planned.ok)
      return { ...base, route: 'chain', answeredBy: OFFLINE_PLANNER, problems: [planned.reason] };
    const check = checkChain(planned.chain, ctx);
    return check.ok
      ? {
          ...base,
          route: 'chain',
          answeredBy: OFFLINE_PLANNER,
          chain: check.chain,
          notes: [...planned.notes, ...check.warnings],
        }
      : {
          ...base,
          route: 'chain',
          answeredBy: OFFLINE_PLANNER,
          chain: planned.chain,
          problems: check.reasons,
          notes: planned.notes,
        };
  }

  async startRun(
    project: string,
    input: { chain?: unknown; chainId?: number; name?: string; imageIds: number[] },
  ): Promise<{ jobId: string; runId: number }> {
    const store = this.deps.project(project);
    const saved = input.chainId === undefined ? null : store.readChains((c) => c.getChain(input.chainId!));
    if (input.chain === undefined && !saved)
      throw new StudioError('invalid_input', 'Give a chain or a saved chain to run.');
    return this.execute(project, store, (engines) => {
      const chain = requireRunnable(input.chain ?? saved!.chain, engines, store);
      return store.writeChains((c) =>
        c.createRun({
          chainId: saved?.id ?? null,
          name: input.name ?? saved?.name ?? chain.name ?? 'chain',
          chain,
          imageIds: input.imageIds,
          replayOf: null,
        }),
      ).id;
    });
  }

  async resume(project: string, runId: number): Promise<{ jobId: string; runId: number }> {
    const store = this.deps.project(project);
    const run = store.readChains((c) => c.getRun(runId));
    if (this.active.has(key(project, runId)))
      throw new StudioError('conflict', `Chain run ${runId} is already running.`);
    if (run.status === 'done')
      throw new StudioError('conflict', `Chain run ${runId} is already done: replay it to run it again.`);
    return this.execute(project, store, (engines) => {
      requireRunnable(run.chain, engines, store);
      return runId;
    });
  }

  async replay(project: string, runId: number): Promise<{ jobId: string; runId: number }> {
    const store = this.deps.project(project);
    const past = store.readChains((c) => c.getRun(runId));
    return this.execute(project, store, (engines) => {
      const chain = requireRunnable(past.chain, engines, store);
      return store.writeChains((c) =>
        c.createRun({
          chainId: past.chainId,
          name: past.name,
          chain,
          imageIds: past.imageIds,
          replayOf: past.id,
        }),
      ).id;
    });
  }

  compare(project: string, runA: number, runB: number, minIou: number): RunComparison {
    const store = this.deps.project(project);
    return store.readChains((c) => {
      const a = c.getRun(runA);
      const b = c.getRun(runB);
      const imagesB = new Map(
        c
          .runImages(runB)
          .filter((i) => i.status === 'done')
          .map((i) => [i.imageId, i]),
      );
      const images = c
        .runImages(runA)
        .filter((i) => i.status === 'done' && imagesB.has(i.imageId))
        .map((i) => ({
          imageId: i.imageId,
          ...compareRegions(i.regions, imagesB.get(i.imageId)!.regions, minIou),
        }));
      const matched = images.reduce((n, i) => n + i.matches.length, 0);
      const ious = images.flatMap((i) => i.matches.map((m) => m.iou));
      return {
        runA: a,
        runB: b,
        images,
        countA: images.reduce((n, i) => n + i.countA, 0),
        countB: images.reduce((n, i) => n + i.countB, 0),
        matched,
        meanMatchedIou: ious.length ? ious.reduce((s, v) => s + v, 0) / ious.length : null,
      };
    });
  }

  /** Runs `work` on the engines under a lease. */
  private async withEngines<T>(work: (engines: ChainEngines) => Promise<T>): Promise<T> {
    const lease = await this.deps.engines();
    try {
      return await work(lease.engines);
    } finally {
      lease.release();
    }
  }

  /**
   * Starts the run `prepare` checks and records (its id) as a job on leased engines: the job keeps them (a new
   * model downloaded meanwhile is used by the next run) and releases them when it ends.
   */
  private async execute(
    project: string,
    store: ProjectStore,
    prepare: (engines: ChainEngines) => number,
  ): Promise<{ jobId: string; runId: number }> {
    const lease = await this.deps.engines();
    let runId: number;
    try {
      runId = prepare(lease.engines);
    } catch (err) {
      lease.release();
      throw err;
    }
    const k = key(project, runId);
    const jobId = this.deps.jobs.start('chain-run', async ({ signal, progress }): Promise<ChainRun> => {
      try {
        return await executeRun(store, runId, lease.engines, { signal, progress });
      } finally {
        this.active.delete(k);
        lease.release();
      }
    });
    // Set before the job can finish: the job's body runs only after start returns (its first await).
    this.active.set(k, jobId);
    return { jobId, runId };
  }

  /**
   * Stops a running run: its job is cancelled, the images done so far are kept and the run ends 'partial'
   * (resumable). A window that did not start the run (a reloaded tab, another one) finds it by its run id.
   */
  cancel(project: string, runId: number): void {
    this.deps.project(project).readChains((c) => c.getRun(runId));
    const jobId = this.active.get(key(project, runId));
    if (!jobId) throw new StudioError('conflict', `Chain run ${runId} is not running.`);
    this.deps.jobs.cancel(jobId);
  }
}

const key = (project: string, runId: number) => `${project}\n${runId}`;
const labelNames = (store: ProjectStore) => store.listLabels().map((l) => l.name);

/** Every detection of the first class detector (all its classes), as regions. */
async function detectAll(
  engines: ChainEngines,
  image: Parameters<ChainEngines['detectors'][number]['detect']>[0],
): Promise<Region[]> {
  const detector = engines.detectors.find((d) => d.classes !== null);
  if (!detector) return [];
  return (await detector.detect(image, {})).map((d) => ({ label: d.label, score: d.score, box: d.box }));
}
