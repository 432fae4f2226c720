// What moves a propagation job's objects onto the next frame, the first of these that is there
// (choosePropagator): the SAM endpoint of Settings in its propagation mode (shared/endpoints/propagation-wire.ts:
// the frame and the objects' masks in one call, the endpoint tracks them, as a SAM2-family video endpoint
// does); a local video model whose files are in the models folder (a MaskTracker: inference/sam2-video, chosen
// by engines/engine-choice.ts); the local fallback over the active segmenter
// (shared/sequences/propagation-step.ts). An endpoint that answers it has no propagation mode (the wire
// contract's unsupported-mode answer, shared/endpoints/wire.ts) leaves the rest of the job to the local
// video model, else to the fallback over the endpoint's own masks mode, which the active segmenter already is.
import type { EndpointSettings, Rle } from '../../shared/domain';
import { propagateResponseSchema, type PropagateRequest } from '../../shared/endpoints/propagation-wire';
import { scaleRle } from '../../shared/endpoints/scale-mask';
import { refusesMode } from '../../shared/endpoints/wire';
import { StudioError } from '../../shared/errors';
import { propagationStep, type StepOutcome } from '../../shared/sequences/propagation-step';
import { endpointClientOf } from '../inference/sagemaker/from-settings';
import { prepareImage } from '../inference/sagemaker/image-prep';
import { invokeJson } from '../inference/sagemaker/invoke-json';
import { candidateFromWire } from '../inference/sagemaker/masks';
import type { EngineImage, MaskTracker, Segmenter } from '../inference/segmenter';

export interface FramePropagator {
  /** Recorded as the proposals' model. */
  modelId: string;
  provider: 'local' | 'endpoint';
  /** The objects (by track id) on the frame: each kept with its new mask, or lost with why. */
  step(
    image: EngineImage,
    objects: readonly { id: number; rle: Rle }[],
    signal: AbortSignal,
  ): Promise<StepOutcome<number>[]>;
  /** Image work for a frame the job will reach next (SAM's encoder), started early; errors are the frame's. */
  prepareAhead?(image: EngineImage, signal: AbortSignal): void;
}

/** The local fallback: the previous mask as a box + point prompt for `segmenter`, then IoU matching. */
export function localPropagator(
  segmenter: Segmenter,
  provider: FramePropagator['provider'],
): FramePropagator {
  return {
    modelId: segmenter.modelId,
    provider,
    async step(image, objects, signal) {
      await segmenter.prepare(image, signal);
      return propagationStep(objects, async ({ box, point }) => {
        const result = await segmenter.segment(
          image,
          { points: [{ point, positive: true }], box, previous: null },
          { multimask: false, signal },
        );
        const best = result.candidates[0];
        return best ? { rle: best.rle, score: best.score } : null;
      });
    },
    prepareAhead: (image, signal) => void segmenter.prepare(image, signal).catch(() => undefined),
  };
}

/** A local video model: every object of the frame tracked from the model's memory of it in one step. */
export function trackerPropagator(tracker: MaskTracker): FramePropagator {
  return {
    modelId: tracker.modelId,
    provider: 'local',
    step: (image, objects, signal) => tracker.track(image, objects, signal),
    prepareAhead: (image, signal) => void tracker.prepare(image, signal).catch(() => undefined),
  };
}

/** The SAM endpoint of Settings in propagation mode, or null when Settings name none. */
export function endpointPropagator(settings: EndpointSettings): FramePropagator | null {
  if (!settings.samEndpoint) return null;
  const { client, endpointName } = endpointClientOf(settings, settings.samEndpoint);
  let model = endpointName;
  return {
    get modelId() {
      return model;
    },
    provider: 'endpoint',
    async step(image, objects, signal) {
      // The frame goes as a click's image does (bounded side, under the payload limit beside the masks), the
      // masks at the size sent; the answers come back onto the frame's pixels.
      const masksJson = objects.reduce((n, o) => n + o.rle.counts.length + 64, 0);
      const sent = await prepareImage(image, { otherJsonBytes: masksJson });
      signal.throwIfAborted();
      const body: PropagateRequest = {
        mode: 'propagate',
        frames: [sent.base64],
        objects: objects.map((o) => ({ id: String(o.id), rle: scaleRle(o.rle, sent.width, sent.height) })),
      };
      const { value } = await invokeJson(client, endpointName, body, propagateResponseSchema, { signal });
      model = value.model;
      return objects.map((o, i): StepOutcome<number> => {
        const track = value.tracks[i];
        const mask = track?.masks[0];
        if (!track || track.id !== String(o.id))
          throw new StudioError(
            'endpoint_failed',
            `The endpoint ${endpointName} answered for other objects.`,
          );
        if (!mask) return { id: o.id, kept: false, reason: track.lost?.reason ?? 'the endpoint lost it' };
        const { rle, score } = candidateFromWire(mask, sent, image, endpointName);
        return { id: o.id, kept: true, rle, score };
      });
    },
  };
}

/** Whether a failure is the endpoint saying it has no propagation mode (the wire contract's answer for that). */
function refusesPropagation(err: unknown): boolean {
  if (!(err instanceof StudioError) || err.code !== 'endpoint_failed') return false;
  const d = (err.details ?? {}) as { originalStatusCode?: number; originalMessage?: string };
  return refusesMode(d.originalStatusCode, d.originalMessage, 'propagate');
}

/**
 * The endpoint's propagation while it offers it; once it answers that it has no propagation mode, the
 * fallback for the rest of the job. Any other failure (a model error, a timeout) is the frame's, retried or
 * failed with its reason as any endpoint error is: it never switches silently to the fallback.
 */
export function withFallback(endpoint: FramePropagator, fallback: FramePropagator): FramePropagator {
  let refused = false;
  return {
    get modelId() {
      return refused ? fallback.modelId : endpoint.modelId;
    },
    provider: 'endpoint',
    async step(image, objects, signal) {
      if (refused) return fallback.step(image, objects, signal);
      try {
        return await endpoint.step(image, objects, signal);
      } catch (err) {
        if (!refusesPropagation(err)) throw err;
        refused = true;
        return fallback.step(image, objects, signal);
      }
    },
  };
}

/** The propagator a job uses: the endpoint's mode, else the local video model, else the fallback (see the top). */
export function choosePropagator(choices: {
  endpoint: FramePropagator | null;
  tracker: MaskTracker | null;
  fallback: FramePropagator;
}): FramePropagator {
  const local = choices.tracker ? trackerPropagator(choices.tracker) : choices.fallback;
  return choices.endpoint ? withFallback(choices.endpoint, local) : local;
}
