// The prompts group: the points (±) and box a user places on an image for a segmentation model. Each image has
// at most one open prompt, edited click by click; accepting a mask made from it closes it.
import { z } from 'zod';
import type { Prompt } from '../domain';
import { boxSchema, id, method, pointSchema, project } from './kit';

/** Enough for any interactive refinement; a runaway client cannot grow a prompt without bound. */
export const MAX_PROMPT_POINTS = 64;

export const promptInputSchema = z.object({
  points: z
    .array(z.object({ point: pointSchema, positive: z.boolean() }))
    .max(MAX_PROMPT_POINTS, `A prompt holds at most ${MAX_PROMPT_POINTS} points`),
  box: boxSchema.nullable(),
});

export const promptMethods = {
  /** Every prompt of the image, open and closed, oldest first. */
  list: method<Prompt[]>().of(z.object({ project, imageId: id })),
  /** The open prompt of the image, or null. */
  current: method<Prompt | null>().of(z.object({ project, imageId: id })),
  /** Replaces the open prompt (creating it); an empty prompt removes it and returns null. */
  setCurrent: method<Prompt | null>().of(z.object({ project, imageId: id, prompt: promptInputSchema })),
  /** Freezes a prompt once a mask made from it is accepted; the next edit starts a new prompt. */
  close: method<void>().of(z.object({ project, id })),
} as const;
