// The segment service: answers with the studio's local engines (engine-registry.ts) or the SAM endpoint of
// Settings, turns image records into engine images, checks prompts, keeps per image the previous answer so the
// next click refines it, prepares images ahead in the background, runs the detector, and records every model run
// in the project.
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { DetectResult, SegmentRunResult, SegmentStatus } from '../../shared/api/segment';
import type { Box, ImageRecord, PromptInput } from '../../shared/domain';
import { StudioError } from '../../shared/errors';
import { rleToBox } from '../../shared/geometry/rle';
import type { ModelsDirConfig } from '../settings/models-dir';
import type { DiskBudget } from '../media/disk-cache';
import type { Detector, EngineImage, PreviousMask, Segmenter } from '../inference/segmenter';
import type { ProjectStore } from '../store/project-store';
import type { ModelRunStatus } from '../store/types';
import type { EndpointEngineRegistry, EndpointEngines } from '../engines/endpoint-engines';
import type { EngineRegistry, LocalEngines } from '../engines/engine-registry';
import { PrepareQueue } from './prepare-queue';
import { checkPrompt, extendsPrompt } from './prompt-check';
import { cropImage, promptInCrop, rleIntoImage, viewCrop, viewCropCache } from './view-crop';

export interface SegmentServiceDeps {
  modelsDir: ModelsDirConfig;
  /** The studio's local engines, shared with chains. */
  engines: EngineRegistry;
  /**
   * The studio's endpoint engines of Settings, shared with chains: a SAM endpoint answers instead of the local
   * segmenter, the Grounded-SAM endpoint takes text prompts.
   */
  endpoints?: EndpointEngineRegistry;
  /** The open project of a path (the studio's ProjectRegistry). */
  project: (path: string) => ProjectStore;
  now: () => Date;
  /** Where 'segment in view' keeps its image crops (default: a folder in the system's temp dir). */
  viewCacheDir?: string;
  /** Disk budget of those crops (default DEFAULT_VIEW_CACHE_MB); the least recently used go first. */
  viewCacheMB?: number;
}

export interface SegmentRunInput {
  project: string;
  imageId: number;
  prompt: PromptInput;
  multimask: boolean;
  selected: number;
  preview?: boolean;
  view?: Box;
}

/** What the last answer on an image leaves for the next click. */
interface ImageSession {
  modelId: string;
  prompt: PromptInput;
  /** The crop the engine saw ('segment in view'), null for the whole image: `next` is in its frame. */
  crop: Box | null;
  next: PreviousMask[];
}

/** Previous answers kept (each up to 3 x 256 KB of SAM logits): enough for going back and forth a few images. */
const SESSIONS_KEPT = 16;

export const engineImage = (image: ImageRecord): EngineImage => ({
  sha256: image.sha256,
  path: image.path,
  width: image.width,
  height: image.height,
});

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export class SegmentService {
  private readonly sessions = new Map<string, ImageSession>();
  /** Runs on one image are serial: a click must see the answer of the click before it. */
  private readonly tails = new Map<string, Promise<unknown>>();
  private readonly prepares: PrepareQueue;
  private readonly inflight = new Set<Promise<unknown>>();
  private readonly viewCache: DiskBudget;

  constructor(private readonly deps: SegmentServiceDeps) {
    this.viewCache = viewCropCache(
      deps.viewCacheDir ?? join(tmpdir(), 'visprompt-view-crops'),
      deps.viewCacheMB,
    );
    this.prepares = new PrepareQueue((key, signal) => this.prepareOne(key, signal));
  }

  async status(): Promise<SegmentStatus> {
    const { dir, source } = await this.deps.modelsDir.resolve();
    const local = await this.deps.engines.use((engines) => engines);
    const segmenter = (await this.withEndpoints((e) => e?.segmenter)) ?? local.segmenter;
    return {
      segmenter: segmenter.status,
      detector: local.detector.status,
      modelsDir: dir,
      modelsDirSource: source,
    };
  }

  async run(input: SegmentRunInput): Promise<SegmentRunResult> {
    const key = sessionKey(input.project, input.imageId);
    // A preview changes no state, so it need not wait for the clicks queued before it (nor hold them up).
    if (input.preview) return this.track(this.runNow(key, input));
    const run = (this.tails.get(key) ?? Promise.resolve())
      .catch(() => {})
      .then(() => this.runNow(key, input));
    this.tails.set(key, run);
    this.track(run);
    try {
      return await run;
    } finally {
      if (this.tails.get(key) === run) this.tails.delete(key);
    }
  }

  reset(project: string, imageId: number): void {
    this.sessions.delete(sessionKey(project, imageId));
  }

  prepare(project: string, imageIds: readonly number[]): number[] {
    const store = this.deps.project(project);
    for (const id of imageIds) store.getImage(id); // not_found now, not silently in the background
    return this.prepares.set(imageIds.map((id) => sessionKey(project, id))).map((k) => parseKey(k).imageId);
  }

  async detect(input: {
    project: string;
    imageId: number;
    classes?: string[];
    text?: string;
    minScore?: number;
    propose: boolean;
  }): Promise<DetectResult> {
    const store = this.deps.project(input.project);
    const image = store.getImage(input.imageId);
    const params = {
      classes: input.classes ?? null,
      text: input.text ?? null,
      minScore: input.minScore ?? null,
    };
    const detectWith = (engine: Detector) =>
      this.recorded(store, input.imageId, engine, params, () =>
        engine.detect(engineImage(image), {
          classes: input.classes,
          text: input.text,
          scoreThreshold: input.minScore,
          interactive: true,
        }),
      ).then((found) => ({ ...found, engine }));
    // Text goes to the Grounded-SAM endpoint, class names to the local detector.
    const found = await (input.text
      ? this.withEndpoints((e) => detectWith(groundedOf(e)))
      : this.deps.engines.use((local) => detectWith(localDetector(local))));
    const { engine } = found;
    // A mask annotation must be boxed by its pixels (the store checks it): a detection with a non-empty mask
    // reports the mask's box, one with an empty mask stays a box.
    const detections = found.value.map(({ label, classId, score, box, rle }) => {
      const maskBox = rle ? rleToBox(rle) : null;
      return maskBox && maskBox[2] > maskBox[0]
        ? { label, classId, score, box: maskBox, rle }
        : { label, classId, score, box };
    });
    const proposals = input.propose
      ? this.saveProposals(store, input.imageId, engine.modelId, detections)
      : [];
    return {
      detections,
      engine: engine.engine,
      modelId: engine.modelId,
      durationMs: found.durationMs,
      proposals,
    };
  }

  /**
   * Forgets the endpoint choice and every image's refinement state (the endpoint settings or the models folder
   * changed, a download finished); the local engines are the registry's to reset.
   */
  async reload(): Promise<void> {
    this.sessions.clear();
    this.prepares.clear();
    // Clicks already running finish on the endpoint they leased, which goes when the last of them ends (a chain
    // run may hold it longer: not waited for here).
    void this.deps.endpoints?.reset();
    await Promise.allSettled([...this.inflight, this.prepares.idle()]);
  }

  async dispose(): Promise<void> {
    this.prepares.clear();
    await this.prepares.idle();
    await this.reload();
  }

  /** Waits for background preparation (tests). */
  idle(): Promise<void> {
    return this.prepares.idle();
  }

  /** Runs `work` on the endpoint engines of Settings under a lease (null when the studio has none). */
  private withEndpoints<T>(work: (engines: EndpointEngines | null) => Promise<T> | T): Promise<T> {
    return this.deps.endpoints ? this.deps.endpoints.use(work) : Promise.resolve(work(null));
  }

  /** Runs `work` on the segmenter that answers: the endpoint of Settings, else the local one (both leased). */
  private withSegmenter<T>(work: (engine: Segmenter) => Promise<T>): Promise<T> {
    return this.deps.engines.use((local) =>
      this.withEndpoints(async (endpoints) => {
        const chosen = endpoints?.segmenter ?? local.segmenter;
        if (!chosen.engine)
          throw new StudioError(
            chosen.missing ?? 'model_missing',
            `No segmentation engine: ${chosen.status.reason}.`,
          );
        return work(chosen.engine);
      }),
    );
  }

  private async runNow(key: string, input: SegmentRunInput): Promise<SegmentRunResult> {
    const started = performance.now();
    const store = this.deps.project(input.project);
    const image = store.getImage(input.imageId);
    const prompt = checkPrompt(input.prompt, image.width, image.height);
    return this.withSegmenter(async (engine) => {
      const session = this.sessions.get(key);
      const extends_ =
        session !== undefined && session.modelId === engine.modelId && extendsPrompt(session.prompt, prompt);
      // A refining click keeps the crop of the answer it refines (the user may have panned since), as long as
      // the prompt still fits in it: the fed-back mask is in that crop's frame.
      const crop = input.view
        ? extends_ &&
          session.crop &&
          sameBox(viewCrop(session.crop, prompt, image.width, image.height), session.crop)
          ? session.crop
          : viewCrop(input.view, prompt, image.width, image.height)
        : null;
      const refines = extends_ && sameBox(session.crop, crop);
      const previous = refines ? (session.next[input.selected] ?? session.next[0] ?? null) : null;
      const params = {
        points: prompt.points.length,
        box: prompt.box,
        multimask: input.multimask,
        refined: previous !== null,
        ...(crop && { view: crop }),
      };
      const { value: result } = await this.recorded(
        store,
        input.imageId,
        engine,
        params,
        async () => {
          const seen = crop ? await cropImage(engineImage(image), crop, this.viewCache) : engineImage(image);
          const asked = crop ? promptInCrop(prompt, crop) : prompt;
          return engine.segment(
            seen,
            { ...asked, previous },
            { multimask: input.multimask, interactive: true },
          );
        },
        !input.preview,
      );
      if (!input.preview) {
        this.sessions.delete(key);
        this.sessions.set(key, { modelId: engine.modelId, prompt, crop, next: result.next });
        if (this.sessions.size > SESSIONS_KEPT) this.sessions.delete(this.sessions.keys().next().value!);
      }
      const candidates = crop
        ? result.candidates.map((c) => ({
            ...c,
            rle: rleIntoImage(c.rle, crop, image.width, image.height),
            box: [c.box[0] + crop[0], c.box[1] + crop[1], c.box[2] + crop[0], c.box[3] + crop[1]] as Box,
          }))
        : result.candidates;
      return {
        candidates,
        engine: engine.engine,
        modelId: result.modelId,
        refined: previous !== null,
        view: crop,
        timings: { ...result.timings, totalMs: performance.now() - started },
      };
    });
  }

  /** Keeps `work` in the in-flight set until it settles (reload waits for it). */
  private track<T>(work: Promise<T>): Promise<T> {
    this.inflight.add(work);
    const done = () => this.inflight.delete(work);
    work.then(done, done);
    return work;
  }

  private async prepareOne(key: string, signal: AbortSignal): Promise<void> {
    const { project, imageId } = parseKey(key);
    const image = this.deps.project(project).getImage(imageId);
    await this.withSegmenter(async (engine) => {
      signal.throwIfAborted();
      await engine.prepare(engineImage(image), signal);
    });
  }

  /**
   * Runs `work`, recording the run (ok, failed or cancelled) in the project unless `record` is false (a hover
   * preview); engine errors become engine_failed.
   */
  private async recorded<T>(
    store: ProjectStore,
    imageId: number,
    engine: { engine: string; modelId: string },
    params: unknown,
    work: () => Promise<T>,
    record = true,
  ): Promise<{ value: T; durationMs: number }> {
    const startedAt = this.deps.now().toISOString();
    const started = performance.now();
    const save = (status: ModelRunStatus, error: string | null) =>
      record
        ? store.recordModelRun({
            imageId,
            modelId: engine.modelId,
            engine: engine.engine,
            params,
            promptId: store.currentPrompt(imageId)?.id ?? null,
            startedAt,
            durationMs: performance.now() - started,
            status,
            error,
          })
        : null;
    try {
      const value = await work();
      const run = save('ok', null);
      return { value, durationMs: run?.durationMs ?? performance.now() - started };
    } catch (err) {
      const cancelled = err instanceof Error && err.name === 'AbortError';
      save(cancelled ? 'cancelled' : 'failed', message(err));
      if (err instanceof StudioError) throw err;
      if (cancelled) throw new StudioError('cancelled', 'The model run was cancelled.');
      throw new StudioError('engine_failed', `The ${engine.engine} engine failed: ${message(err)}`);
    }
  }

  private saveProposals(
    store: ProjectStore,
    imageId: number,
    modelId: string,
    detections: DetectResult['detections'],
  ) {
    // A detection takes the project's label of the same name ('car' -> 'Car'), else stays unlabelled for review.
    const labels = new Map(store.listLabels().map((l) => [l.name.trim().toLowerCase(), l.id]));
    // A text phrase ('silver car') falls back to the label of its last word ('car').
    const labelOf = (name: string) =>
      labels.get(name.trim().toLowerCase()) ??
      labels.get(name.trim().toLowerCase().split(/\s+/).pop()!) ??
      null;
    // save returns every annotation of the image: the proposals are the ones that were not there before.
    const before = new Set(store.listAnnotations(imageId).map((a) => a.id));
    const all = store.saveAnnotations(
      imageId,
      detections.map((d) => ({
        labelId: labelOf(d.label),
        ...(d.rle
          ? { kind: 'mask' as const, geometry: { kind: 'mask' as const, box: d.box }, rle: d.rle }
          : { kind: 'box' as const, geometry: { kind: 'box' as const, box: d.box }, rle: null }),
        promptId: null,
        source: 'model' as const,
        modelId,
        score: d.score,
        reviewState: 'proposed' as const,
      })),
      [],
    );
    return all.filter((a) => !before.has(a.id));
  }
}

function groundedOf(endpoints: EndpointEngines | null): Detector {
  if (!endpoints?.grounded)
    throw new StudioError(
      'model_missing',
      'Text prompts need a Grounded-SAM endpoint: set its name in Settings > Model endpoints.',
    );
  return endpoints.grounded;
}

function localDetector({ detector }: LocalEngines): Detector {
  if (!detector.engine)
    throw new StudioError(
      detector.missing ?? 'model_missing',
      `The detector is not available: ${detector.status.reason}.`,
    );
  return detector.engine;
}

const sameBox = (a: Box | null, b: Box | null) =>
  a === null ? b === null : b !== null && a.every((v, i) => v === b[i]);

// Keyed by the absolute project path, as the registry keys its stores.
const sessionKey = (project: string, imageId: number) => `${imageId}\n${resolve(project)}`;
function parseKey(key: string): { project: string; imageId: number } {
  const at = key.indexOf('\n');
  return { imageId: Number(key.slice(0, at)), project: key.slice(at + 1) };
}
