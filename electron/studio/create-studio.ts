import { arch, availableParallelism, homedir, release } from 'node:os';
import { join } from 'node:path';
import type { SystemInfo } from '../../shared/api';
import type { Logger } from '../../shared/logs/logger';
import { asyncPrelabelBatchKind } from '../chains/async-prelabel-batch';
import { chainBatchKind } from '../chains/chain-batch';
import { evalBatchKind } from '../eval/eval-batch';
import { createChains } from '../chains/create-chains';
import { builtInEngines, embeddingCache } from '../engines/built-in-engines';
import type { EngineFactories } from '../engines/engine-choice';
import { EndpointEngineRegistry } from '../engines/endpoint-engines';
import { EngineRegistry } from '../engines/engine-registry';
import { MANIFEST } from '../inference/models/manifest';
import { asyncEmbeddingsBatchKind } from '../inference/sagemaker/async/embeddings-batch';
import type { Detector, Segmenter } from '../inference/segmenter';
import { removeStaleTempFiles } from '../fs/atomic-write';
import { EventBus } from '../jobs/event-bus';
import { BatchQueue } from '../jobs/batch-queue';
import { JobRunner } from '../jobs/job-runner';
import { createFileLogger } from '../logs/logger';
import { ThumbnailCache } from '../media/thumbnail-cache';
import { SegmentService } from '../segment/segment-service';
import { propagationBatchKind } from '../sequences/propagate-batch';
import { settingsFile } from '../settings/app-settings';
import { ModelsDirConfig } from '../settings/models-dir';
import { recentFile } from '../settings/recent-projects';
import type { StudioContext } from './context';
import { studioHandlers } from './handlers';
import { ProjectBackups } from './project-backups';
import { loggedHandlers } from './logged-handlers';
import { ProjectRegistry } from './project-registry';
import { serveMedia } from './serve-media';

export interface StudioOptions {
  /** Settings, recent projects and caches live here (Electron: userData; browser mode: --data-dir). */
  dataDir: string;
  mode: SystemInfo['mode'];
  version: string;
  homeDir?: string;
  /** Where new projects go until Settings says otherwise (browser mode with --data-dir: <data dir>/projects). */
  projectsDir?: string;
  now?: () => Date;
  /** Engine factories replacing the built-in ones (tests pass real engines built their own way). */
  engines?: EngineFactories;
  /** Detectors and segmenters chains may use besides the local ones (endpoint-backed; tests, benchmarks). */
  chainEngines?: { detectors?: Detector[]; segmenters?: Segmenter[] };
  /** Where VISPROMPT_MODELS_DIR is read from (tests pass their own). */
  env?: NodeJS.ProcessEnv;
  /** When daily backups are checked: after a project opens (default a minute) and how often (default hourly). */
  backups?: { openDelayMs?: number; intervalMs?: number };
  /** The log (default: <data dir>/logs/studio.log, shared by every process on the data dir). */
  log?: Logger;
  /** Which program runs this studio, for the log: 'desktop', 'browser', 'cli' (default: from the mode). */
  program?: string;
  /**
   * Logs the process's uncaught errors until close (default: in the desktop app, whose main process has no log
   * of its own; browser mode and the CLI register theirs before the studio exists).
   */
  logUncaught?: boolean;
}

export type Studio = ReturnType<typeof createStudio>;

/** Builds the whole service layer from real parts; every transport (IPC, HTTP, CLI, tests) wraps one of these. */
export function createStudio(options: StudioOptions) {
  const now = options.now ?? (() => new Date());
  // The temp files of atomic writes a killed run cut short (caches, the settings' JSON files) go on start.
  const swept = Promise.all([
    removeStaleTempFiles(join(options.dataDir, 'cache'), 2),
    removeStaleTempFiles(options.dataDir),
  ]).catch(() => undefined);
  const homeDir = options.homeDir ?? homedir();
  const log = options.log ?? createFileLogger({ dataDir: options.dataDir, homeDir });
  const program = options.program ?? (options.mode === 'electron' ? 'desktop' : 'browser');
  log.child('studio').info('started', {
    version: options.version,
    mode: options.mode,
    program,
    platform: process.platform,
    osRelease: release(),
    arch: arch(),
    node: process.versions.node,
    electron: process.versions.electron ?? null,
  });
  // Node's own handling (print, exit) goes on unchanged: the monitor only sees the error first.
  const onUncaught = (error: Error, origin: string) =>
    log.child('studio').error('uncaught', { origin, error });
  if (options.logUncaught ?? options.mode === 'electron') process.on('uncaughtExceptionMonitor', onUncaught);
  const events = new EventBus();
  const settings = settingsFile(options.dataDir, homeDir, options.projectsDir);
  let thumbnails: ThumbnailCache | undefined;
  const projects = new ProjectRegistry(now, log.child('store'));
  const modelsDir = new ModelsDirConfig(options.dataDir, options.env);
  // Local SAM's embeddings and a SAM endpoint's (embedding mode, keyed by the endpoint's name) in one cache.
  const embeddings = embeddingCache(join(options.dataDir, 'cache', 'embeddings'));
  // One set of local engines for the segment service and the chains.
  const engines = new EngineRegistry({
    manifest: MANIFEST,
    modelsDir,
    factories: { ...builtInEngines(embeddings), ...options.engines },
  });
  // One set of endpoint engines of Settings for both too, rebuilt when those settings change.
  const endpoints = new EndpointEngineRegistry({
    settings: async () => (await settings.read()).endpoints,
    manifest: MANIFEST,
    modelsDir: async () => (await modelsDir.resolve()).dir,
    cache: embeddings,
  });
  const jobs = new JobRunner(events, undefined, log.child('jobs'));
  const backups = new ProjectBackups({ projects, jobs, now, ...options.backups });
  const chains = createChains({
    dataDir: options.dataDir,
    engines,
    endpoints,
    extra: options.chainEngines,
    project: (path) => projects.get(path),
    jobs,
  });
  const endpointSettings = async () => (await settings.read()).endpoints;
  const batch = new BatchQueue({
    // One registration line per job kind.
    kinds: [
      chainBatchKind(() => chains.engines.lease()),
      evalBatchKind(() => chains.engines.lease()),
      propagationBatchKind(
        () => chains.engines.lease(),
        endpointSettings,
        () => engines.lease(),
      ),
      asyncEmbeddingsBatchKind({ settings: endpointSettings, cache: embeddings }),
      asyncPrelabelBatchKind({ settings: endpointSettings, engines: () => chains.engines.lease() }),
    ],
    events,
    log: log.child('batch'),
    maxConcurrency: async (provider) => {
      if (provider === 'local') return availableParallelism();
      const { endpoints } = await settings.read();
      return provider === 'async' ? endpoints.asyncInFlight : endpoints.jobConcurrency;
    },
  });
  const ctx: StudioContext = {
    projects,
    jobs,
    backups,
    events,
    settings,
    recent: recentFile(options.dataDir),
    async thumbnails() {
      const { maxImageMegapixels } = await settings.read();
      if (thumbnails?.maxMegapixels !== maxImageMegapixels)
        thumbnails = new ThumbnailCache(join(options.dataDir, 'cache', 'thumbs'), 256, maxImageMegapixels);
      return thumbnails;
    },
    imageCacheDir: join(options.dataDir, 'cache', 'images'),
    engines,
    segment: new SegmentService({
      modelsDir,
      engines,
      endpoints,
      project: (path) => projects.get(path),
      now,
      viewCacheDir: join(options.dataDir, 'cache', 'views'),
    }),
    modelsDir,
    chains,
    batch,
    now,
    log,
    system: { version: options.version, mode: options.mode, dataDir: options.dataDir, homeDir },
  };
  const handlers = loggedHandlers(studioHandlers(ctx), log.child('api'));
  return {
    handlers,
    events,
    log,
    media: serveMedia(ctx),
    /** Done when the start's cleanup of what a killed run left is. */
    swept,
    async close() {
      await swept;
      ctx.jobs.cancelAll();
      // Batch jobs stop as 'interrupted': the next start resumes them.
      await ctx.batch.stopAll();
      await ctx.jobs.idle();
      await ctx.segment.dispose();
      await ctx.chains.dispose();
      await ctx.engines.dispose();
      await endpoints.dispose();
      await ctx.backups.close();
      ctx.projects.closeAll();
      log.child('studio').info('stopped', { program });
      process.off('uncaughtExceptionMonitor', onUncaught);
    },
  };
}
