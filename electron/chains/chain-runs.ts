// Runs a recorded chain run over its images, one at a time, saving each image as it finishes: a run that is
// cancelled, crashes or meets a failing image keeps everything done so far and resumes from the first image
// not done. Engines come in as arguments, so tests and benchmarks hand it real ones of their choosing.
import type { ChainRun } from '../../shared/chains/runs';
import type { Chain } from '../../shared/chains/schema';
import { checkChain, type ChainContext } from '../../shared/chains/validate';
import { StudioError } from '../../shared/errors';
import type { ProjectStore } from '../store/project-store';
import type { ChainEngines } from '../inference/segmenter';
import { runChainOnImage } from './run-chain';

export interface ExecuteOptions {
  signal?: AbortSignal;
  progress?: (done: number, total: number, message?: string) => void;
  clock?: () => number;
}

/** What the chain validator needs to know about the engines and the project. */
export function chainContext(engines: ChainEngines, labels?: readonly string[]): ChainContext {
  return {
    detectors: engines.detectors.map((d) => ({ name: d.modelId, classes: d.classes })),
    segmenters: engines.segmenters.map((s) => s.modelId),
    labels,
  };
}

/** The chain, checked against these engines and the project's labels; invalid_input with every reason. */
export function requireRunnable(input: unknown, engines: ChainEngines, store: ProjectStore): Chain {
  const check = checkChain(
    input,
    chainContext(
      engines,
      store.listLabels().map((l) => l.name),
    ),
  );
  if (!check.ok) {
    throw new StudioError('invalid_input', `The chain cannot run: ${check.reasons.join('; ')}`, {
      reasons: check.reasons,
    });
  }
  return check.chain;
}

// These stop the whole run: every later image would fail the same way.
const STOPS_RUN = new Set(['model_missing', 'model_invalid', 'cancelled']);

/**
 * Runs the pending images of run `runId` and returns the run as it ends: 'done' when every image is,
 * 'partial' when stopped early or some image failed (resume retries those), 'failed' when nothing could run.
 */
export async function executeRun(
  store: ProjectStore,
  runId: number,
  engines: ChainEngines,
  { signal, progress, clock }: ExecuteOptions = {},
): Promise<ChainRun> {
  const run = store.writeChains((c) => c.setRunStatus(runId, 'running'));
  const pending = store.readChains((c) => c.pendingImages(runId));
  const total = run.imageIds.length;
  let done = total - pending.length;
  let stopped: StudioError | null = null;
  progress?.(done, total);

  for (const imageId of pending) {
    if (signal?.aborted) {
      stopped = new StudioError('cancelled', 'The chain run was cancelled.');
      break;
    }
    const image = store.getImage(imageId);
    const started = performance.now();
    try {
      if (image.missing) throw new StudioError('not_found', `The image file ${image.path} is missing.`);
      const result = await runChainOnImage(run.chain, image, engines, { signal, clock });
      store.writeChains((c) => c.saveRunImage(runId, imageId, { ok: true, run: result }));
    } catch (err) {
      // An engine stopped by the signal throws its own AbortError: the run was cancelled, the image did not fail.
      const error = signal?.aborted
        ? new StudioError('cancelled', 'The chain run was cancelled.')
        : err instanceof StudioError
          ? err
          : new StudioError('engine_failed', err instanceof Error ? err.message : String(err));
      if (STOPS_RUN.has(error.code)) {
        stopped = error;
        break;
      }
      // One bad image (unreadable, an engine error on it) is recorded and the run goes on.
      const ms = performance.now() - started;
      store.writeChains((c) => c.saveRunImage(runId, imageId, { ok: false, error: error.message, ms }));
    }
    done++;
    progress?.(done, total, image.path);
  }

  const final = store.readChains((c) => c.getRun(runId));
  if (stopped) {
    const status = final.done + final.failed === 0 && stopped.code !== 'cancelled' ? 'failed' : 'partial';
    return store.writeChains((c) => c.setRunStatus(runId, status, stopped.message));
  }
  if (final.failed > 0) {
    return store.writeChains((c) =>
      c.setRunStatus(runId, 'partial', `${final.failed} of ${total} images failed; resume to retry them.`),
    );
  }
  return store.writeChains((c) => c.setRunStatus(runId, 'done'));
}
