// The SAM endpoint's propagation mode (shared/endpoints/propagation-wire.ts) for the emulator: requests with
// mode "propagate" are answered with the local fallback (shared/sequences/propagation-step.ts) over the
// endpoint's segmenter, frame after frame, each object until it is lost; every other request goes on to the
// SAM container it wraps. Registered by wrapping: withPropagation(samContainer(...), ...).
import type { Segmenter } from '../../../electron/inference/segmenter';
import {
  asksPropagation,
  propagateRequestSchema,
  type PropagateResponse,
} from '../../../shared/endpoints/propagation-wire';
import type { Rle } from '../../../shared/domain';
import { propagationStep } from '../../../shared/sequences/propagation-step';
import { ContainerError, jsonReply, parseJsonBody, type Container } from './container';
import type { RequestImages } from './request-images';

export function withPropagation(
  sam: Container,
  { segmenter, images }: { segmenter: Segmenter; images: RequestImages },
): Container {
  return async (request) => {
    const raw = parseJsonBody(request);
    if (!asksPropagation(raw)) return sam(request);
    const parsed = propagateRequestSchema.safeParse(raw);
    if (!parsed.success)
      throw new ContainerError(
        400,
        `Invalid propagation request: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      );
    const { frames, objects } = parsed.data;
    const tracks: PropagateResponse['tracks'] = objects.map((o) => ({ id: o.id, masks: [], lost: null }));
    let live: { id: number; rle: Rle }[] = objects.map((o, id) => ({ id, rle: o.rle }));
    for (const [f, frame] of frames.entries()) {
      if (live.length === 0) break;
      const image = await images.fromBase64(frame);
      if (live.some((o) => o.rle.size[0] !== image.height || o.rle.size[1] !== image.width))
        throw new ContainerError(
          400,
          `Frame ${f} is ${image.width}x${image.height}; the objects' masks are ${live[0]!.rle.size[1]}x${live[0]!.rle.size[0]}.`,
        );
      await segmenter.prepare(image, request.signal);
      const outcomes = await propagationStep(live, async ({ box, point }) => {
        const result = await segmenter.segment(
          image,
          { points: [{ point, positive: true }], box, previous: null },
          { multimask: false, signal: request.signal },
        );
        const best = result.candidates[0];
        return best ? { rle: best.rle, score: best.score } : null;
      });
      live = [];
      for (const o of outcomes) {
        const track = tracks[o.id]!;
        if (o.kept) {
          track.masks.push({ rle: o.rle, score: o.score });
          live.push({ id: o.id, rle: o.rle });
        } else track.lost = { frame: f, reason: o.reason };
      }
    }
    return jsonReply({ model: segmenter.modelId, tracks } satisfies PropagateResponse);
  };
}
