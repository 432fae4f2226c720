// Our propagation wire contract, an extension of the SAM endpoint's (wire.ts): mode "propagate" sends the
// frames after (or before) the start frame, in order, and each object's mask on the start frame; the endpoint
// answers per object its mask on each frame until the object is lost, and why it was lost. A SAM2-family video
// model answers it natively; the reference emulator answers it with the local fallback over its SAM engine.
import { z } from 'zod';
import { rleSchema } from '../api/kit';

const base64 = z
  .string()
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'standard base64')
  .min(4);

export const propagateRequestSchema = z
  .object({
    mode: z.literal('propagate'),
    /** The frames to propagate onto, in the order walked, each the image file's bytes. */
    frames: z.array(base64).min(1).max(64),
    /** Each object's mask on the frame before the first one sent, at the frames' size. */
    objects: z
      .array(z.object({ id: z.string().min(1), rle: rleSchema }).strict())
      .min(1)
      .max(100),
  })
  .strict();
export type PropagateRequest = z.input<typeof propagateRequestSchema>;

export const propagateResponseSchema = z.object({
  model: z.string().min(1),
  /** One per object sent, in order: its masks on the frames up to where it was lost, and why it was. */
  tracks: z.array(
    z.object({
      id: z.string(),
      masks: z.array(z.object({ rle: rleSchema, score: z.number().finite() })),
      lost: z.object({ frame: z.number().int().min(0), reason: z.string() }).nullable(),
    }),
  ),
});
export type PropagateResponse = z.infer<typeof propagateResponseSchema>;

/** Whether a request body asks for propagation (the rest of the SAM endpoint's modes are wire.ts's). */
export const asksPropagation = (body: unknown): boolean =>
  typeof body === 'object' && body !== null && (body as { mode?: unknown }).mode === 'propagate';
