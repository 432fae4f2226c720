// What moves a propagation job's objects onto the next frame: the local fallback over the active segmenter
// (shared/sequences/propagation-step.ts), or the SAM endpoint of Settings in its propagation mode
// (shared/endpoints/propagation-wire.ts: the frame and the objects' masks in one call, the endpoint tracks them,
// as a SAM2-family video endpoint does). An endpoint that refuses the mode (an older container) is left for
// the fallback over its own masks mode, which the active segmenter already is.
import { readFile } from 'node:fs/promises';
import type { EndpointSettings, Rle } from '../../shared/domain';
import { propagateResponseSchema, type PropagateRequest } from '../../shared/endpoints/propagation-wire';
import { StudioError } from '../../shared/errors';
import { propagationStep, type StepOutcome } from '../../shared/sequences/propagation-step';
import { endpointClientOf } from '../inference/sagemaker/from-settings';
import { invokeJson } from '../inference/sagemaker/invoke-json';
import type { EngineImage, Segmenter } from '../inference/segmenter';

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

/** Frames go as their files; one over this is refused before the call (SageMaker's payload limit is 6 MB). */
const MAX_FRAME_BYTES = 4 * 2 ** 20;

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
      const bytes = await readFile(image.path);
      if (bytes.length > MAX_FRAME_BYTES)
        throw new StudioError(
          'invalid_input',
          `The frame ${image.path} is ${(bytes.length / 2 ** 20).toFixed(1)} MB; the endpoint takes frames up to 4 MB.`,
        );
      const body: PropagateRequest = {
        mode: 'propagate',
        frames: [bytes.toString('base64')],
        objects: objects.map((o) => ({ id: String(o.id), rle: o.rle })),
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
        return mask
          ? { id: o.id, kept: true, rle: mask.rle, score: mask.score }
          : { id: o.id, kept: false, reason: track.lost?.reason ?? 'the endpoint lost it' };
      });
    },
  };
}

/**
 * The endpoint's propagation while it answers; once it refuses the mode (endpoint_failed on the first call),
 * the fallback for the rest of the job.
 */
export function withFallback(endpoint: FramePropagator, fallback: FramePropagator): FramePropagator {
  let refused = false;
  let answered = false;
  return {
    get modelId() {
      return refused ? fallback.modelId : endpoint.modelId;
    },
    provider: 'endpoint',
    async step(image, objects, signal) {
      if (refused) return fallback.step(image, objects, signal);
      try {
        const out = await endpoint.step(image, objects, signal);
        answered = true;
        return out;
      } catch (err) {
        if (answered || !(err instanceof StudioError) || err.code !== 'endpoint_failed') throw err;
        refused = true;
        return fallback.step(image, objects, signal);
      }
    },
  };
}
