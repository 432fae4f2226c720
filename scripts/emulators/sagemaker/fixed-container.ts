// A Grounded-SAM endpoint that answers one fixed box per phrase without looking at the image: the wire contract
// at almost no cost, so what a test or benchmark measures is the client, the queue and the store (with the
// emulator's injected latency), not a detector's compute.
import { groundedRequestSchema, splitPhrases } from '../../../shared/endpoints/wire';
import { ContainerError, jsonReply, parseJsonBody, type Container } from './container';

export const FIXED_BOX: [number, number, number, number] = [2, 2, 12, 12];

/**
 * `delayMs`: the model's compute time, as a real container takes some (the queue then has calls in flight);
 * `box`: the box answered (default FIXED_BOX).
 */
export function fixedGroundedContainer(
  options: { delayMs?: number; box?: [number, number, number, number] } = {},
): Container {
  const box = options.box ?? FIXED_BOX;
  return async (request) => {
    if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));
    const parsed = groundedRequestSchema.safeParse(parseJsonBody(request));
    if (!parsed.success) throw new ContainerError(400, 'Invalid Grounded-SAM request.');
    return jsonReply({
      model: 'fixed-answer',
      detections: splitPhrases(parsed.data.text).map((label) => ({ label, score: 0.9, box })),
      unmatched: [],
    });
  };
}
