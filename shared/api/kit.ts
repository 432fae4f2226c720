// The building blocks of every API group: each method is its input schema plus (as a phantom type) its output.
// Groups live in their own files under shared/api/ and are put together in index.ts.
import { z } from 'zod';

export interface MethodSpec<I extends z.ZodType, O> {
  input: I;
  output?: O;
}
export const method = <O>() => ({
  of: <I extends z.ZodType>(input: I): MethodSpec<I, O> => ({ input }),
});
export const none = z.object({}).strict();

/** A zod failure as one readable sentence: "labels.create: name: Too small; color: a colour like #1f77b4". */
export function describeIssues(what: string, error: z.ZodError): string {
  const parts = error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message));
  return `${what}: ${parts.join('; ')}`;
}

/** Whether a path holds a NUL character, which no file system takes (Node refuses it with a TypeError). */
export const hasNul = (path: string) => path.includes('\0');
/** A file or folder path: not empty, no NUL (refused here with a clear message, never as an internal error). */
export const filePath = z
  .string()
  .min(1)
  .refine((p) => !hasNul(p), 'a path cannot hold a NUL character');
/** A project-scoped call names its project by file path. */
export const project = filePath;
export const id = z.number().int().positive();

const finite = z.number().finite();
/** [x, y] in image pixels. */
export const pointSchema = z.tuple([finite, finite]);
/** [x1, y1, x2, y2] in image pixels. */
export const boxSchema = z.tuple([finite, finite, finite, finite]);

/** A mask as COCO RLE: [height, width] and the compressed counts string of pycocotools. */
export const rleSchema = z.object({
  size: z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]),
  counts: z.string(),
});
