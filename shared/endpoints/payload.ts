// SageMaker's synchronous InvokeEndpoint takes at most 6 MB of request body (and returns at most 6 MB). Our JSON
// carries the image as base64, which grows it by 4/3, so the image budget is what is left after the rest of the
// JSON, with a margin for escaping and headers we do not control.

/** The InvokeEndpoint payload limit (6 MB as the service counts it: 6 MiB). */
export const SAGEMAKER_PAYLOAD_LIMIT = 6 * 1024 * 1024;

/** Bytes kept free for the JSON around the image (prompts, previous mask, field names). */
export const JSON_MARGIN = 64 * 1024;

/** Length of the base64 text of `bytes` bytes (with padding). */
export function base64Length(bytes: number): number {
  return 4 * Math.ceil(bytes / 3);
}

/** The largest image file (in bytes) whose base64 still fits the payload beside `otherJsonBytes` of JSON. */
export function imageByteBudget(otherJsonBytes: number, limit = SAGEMAKER_PAYLOAD_LIMIT): number {
  const room = limit - JSON_MARGIN - otherJsonBytes;
  return Math.max(0, Math.floor(room / 4) * 3);
}

/**
 * The size to send an image at: the original when its longest side is at most `maxSide`, else scaled down
 * (aspect kept, each side at least 1 px). SAM resizes to 1024 on its longest side itself, so more pixels than
 * that only cost bandwidth.
 */
export function fitWithin(width: number, height: number, maxSide: number): { width: number; height: number } {
  const longest = Math.max(width, height);
  if (longest <= maxSide) return { width, height };
  const scale = maxSide / longest;
  return {
    width: Math.max(1, Math.round(width * scale)),
    height: Math.max(1, Math.round(height * scale)),
  };
}

/** The decoded size of a 1xCxHxW float embedding in bytes, and of its base64 text. */
export function embeddingPayloadBytes(shape: readonly number[], bytesPerValue: 2 | 4): number {
  return base64Length(shape.reduce((a, b) => a * b, 1) * bytesPerValue);
}
