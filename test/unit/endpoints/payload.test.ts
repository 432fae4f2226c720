import { describe, expect, it } from 'vitest';
import {
  base64Length,
  embeddingPayloadBytes,
  fitWithin,
  imageByteBudget,
  JSON_MARGIN,
  SAGEMAKER_PAYLOAD_LIMIT,
} from '../../../shared/endpoints/payload';

describe('payload sizing', () => {
  it.each([
    [0, 0],
    [1, 4],
    [2, 4],
    [3, 4],
    [4, 8],
    [3 * 1024, 4 * 1024],
  ])('base64 of %d bytes is %d chars', (bytes, chars) => {
    expect(base64Length(bytes)).toBe(chars);
    expect(Buffer.alloc(bytes).toString('base64')).toHaveLength(chars);
  });

  it('the image budget leaves room for the rest of the JSON', () => {
    const budget = imageByteBudget(1000);
    expect(base64Length(budget) + 1000 + JSON_MARGIN).toBeLessThanOrEqual(SAGEMAKER_PAYLOAD_LIMIT);
    expect(base64Length(budget + 3) + 1000 + JSON_MARGIN).toBeGreaterThan(SAGEMAKER_PAYLOAD_LIMIT);
    expect(imageByteBudget(SAGEMAKER_PAYLOAD_LIMIT)).toBe(0);
  });

  it.each([
    [1280, 720, 1024, 1024, 576],
    [720, 1280, 1024, 576, 1024],
    [800, 600, 1024, 800, 600],
    [5000, 3, 1024, 1024, 1],
    [1024, 1024, 1024, 1024, 1024],
  ])('%dx%d within %d is %dx%d', (w, h, max, ew, eh) => {
    expect(fitWithin(w, h, max)).toEqual({ width: ew, height: eh });
  });

  it('a 1x256x64x64 embedding: float16 fits the 6 MB response limit with room, float32 barely', () => {
    const shape = [1, 256, 64, 64];
    expect(embeddingPayloadBytes(shape, 2)).toBe(2_796_204);
    expect(embeddingPayloadBytes(shape, 4)).toBe(5_592_408);
    expect(embeddingPayloadBytes(shape, 4)).toBeLessThan(SAGEMAKER_PAYLOAD_LIMIT);
  });
});
