// The JSON wire contract of our model endpoints (docs/ARCHITECTURE.md "Model endpoints",
// resources/endpoints/README.md): what the studio sends to SageMaker InvokeEndpoint and what a SAM /
// Grounded-SAM container answers. The same schemas validate requests in the emulator and responses in the
// clients, so both sides agree by construction.
import { z } from 'zod';
import { rleSchema } from '../api/kit';
import { boxSchema, pointSchema } from '../api/kit';

export const EMBEDDING_DTYPES = ['float16', 'float32'] as const;
export type EmbeddingDtype = (typeof EMBEDDING_DTYPES)[number];

/** Standard base64 (no data: URL prefix): the image file bytes, or an embedding's little-endian floats. */
const base64 = z
  .string()
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'standard base64')
  .min(4);

/** One SAM prompt in the pixels of the image sent: points with labels (1 = foreground, 0 = background), a box. */
export const samPromptSchema = z
  .object({
    points: z.array(pointSchema).optional(),
    labels: z.array(z.union([z.literal(0), z.literal(1)])).optional(),
    box: boxSchema.optional(),
    /** The previous answer, fed back so a click refines it. */
    mask: rleSchema.optional(),
  })
  .superRefine((p, ctx) => {
    if ((p.points?.length ?? 0) !== (p.labels?.length ?? 0))
      ctx.addIssue({ code: 'custom', path: ['labels'], message: 'one label per point' });
    if (!p.points?.length && !p.box)
      ctx.addIssue({ code: 'custom', path: ['points'], message: 'a prompt needs points or a box' });
  });
export type SamPrompt = z.infer<typeof samPromptSchema>;

/** The SAM endpoint's modes (a mode beyond these, as "propagate", is an extension some endpoints offer). */
export const SAM_MODES = ['masks', 'embedding'] as const;

/**
 * How an endpoint answers a mode it does not offer: status 400 (SageMaker's ModelError with that
 * OriginalStatusCode) and a message that starts with this, naming the mode. A client may then do the work
 * another way (propagation falls back to the masks mode); any other failure stays a failure.
 */
export const unsupportedModeMessage = (mode: string, offered: readonly string[] = SAM_MODES) =>
  `unsupported mode "${mode}": this endpoint offers ${offered.join(', ')}`;

/** Whether an endpoint's 400 answer says it does not offer `mode` (see unsupportedModeMessage). */
export const refusesMode = (status: number | undefined, message: string | undefined, mode: string) =>
  status === 400 && typeof message === 'string' && message.startsWith(`unsupported mode "${mode}"`);

export const samRequestSchema = z
  .object({
    image: base64,
    prompts: z.array(samPromptSchema),
    multimask: z.boolean(),
    mode: z.enum(SAM_MODES).default('masks'),
    /** Embedding mode only: the dtype wanted (float16 keeps a 1x256x64x64 embedding at 2 MiB). */
    dtype: z.enum(EMBEDDING_DTYPES).default('float16'),
  })
  .superRefine((r, ctx) => {
    if (r.mode === 'masks' && r.prompts.length === 0)
      ctx.addIssue({ code: 'custom', path: ['prompts'], message: 'masks mode needs at least one prompt' });
  });
export type SamRequest = z.input<typeof samRequestSchema>;

export const wireMaskSchema = z.object({
  rle: rleSchema,
  /** SAM's predicted IoU; may stray slightly outside 0..1, clients clamp it. */
  score: z.number().finite(),
  box: boxSchema,
});
export type WireMask = z.infer<typeof wireMaskSchema>;

/** masks[i] answers prompts[i]: best first, 3 candidates when multimask was asked, else 1. */
export const samMasksResponseSchema = z.object({
  model: z.string().min(1),
  masks: z.array(z.array(wireMaskSchema).min(1)),
});
export type SamMasksResponse = z.infer<typeof samMasksResponseSchema>;

export const samEmbeddingResponseSchema = z.object({
  model: z.string().min(1),
  embedding: base64,
  dtype: z.enum(EMBEDDING_DTYPES),
  shape: z.array(z.number().int().positive()).min(1),
  /**
   * SAM's `input_size`: [height, width] of the image inside the encoder's 1024x1024 frame (resized so its
   * longest side is 1024, before padding). With the original size it maps clicks into the decoder's frame.
   */
  input_size: z.tuple([z.number().int().positive(), z.number().int().positive()]),
});
export type SamEmbeddingResponse = z.infer<typeof samEmbeddingResponseSchema>;

export const groundedRequestSchema = z.object({
  image: base64,
  /** Phrases separated by ' . ' as Grounding DINO takes them: 'silver car . driving lane'. */
  text: z.string().trim().min(1).max(1000),
  box_threshold: z.number().min(0).max(1).default(0.35),
  text_threshold: z.number().min(0).max(1).default(0.25),
  with_masks: z.boolean().default(true),
});
export type GroundedRequest = z.input<typeof groundedRequestSchema>;

export const wireDetectionSchema = z.object({
  /** The phrase of the text this box answers. */
  label: z.string().min(1),
  score: z.number().finite(),
  box: boxSchema,
  rle: rleSchema.optional(),
});
export type WireDetection = z.infer<typeof wireDetectionSchema>;

export const groundedResponseSchema = z.object({
  model: z.string().min(1),
  detections: z.array(wireDetectionSchema),
});
export type GroundedResponse = z.infer<typeof groundedResponseSchema>;

/** The phrases of a Grounding DINO text prompt, trimmed, lower-cased, empty ones dropped, in order. */
export function splitPhrases(text: string): string[] {
  return text
    .split('.')
    .map((p) => p.trim().toLowerCase().replace(/\s+/g, ' '))
    .filter((p) => p.length > 0);
}
