import { describe, expect, it } from 'vitest';
import {
  groundedRequestSchema,
  groundedResponseSchema,
  samEmbeddingResponseSchema,
  samMasksResponseSchema,
  refusesMode,
  samRequestSchema,
  splitPhrases,
  unsupportedModeMessage,
} from '../../../shared/endpoints/wire';

const image = Buffer.from('not really a jpeg').toString('base64');
const rle = { size: [4, 3], counts: '521O2' };

describe('SAM request', () => {
  it.each([
    ['points with labels', { image, prompts: [{ points: [[1, 2]], labels: [1] }], multimask: true }],
    ['a box and a previous mask', { image, prompts: [{ box: [0, 0, 3, 4], mask: rle }], multimask: false }],
    ['embedding mode without prompts', { image, prompts: [], multimask: false, mode: 'embedding' }],
  ])('accepts %s', (_, body) => {
    expect(samRequestSchema.safeParse(body).success).toBe(true);
  });

  it.each([
    ['no prompt in masks mode', { image, prompts: [], multimask: true }, 'prompts'],
    ['a label missing', { image, prompts: [{ points: [[1, 2]], labels: [] }], multimask: true }, 'labels'],
    [
      'a label other than 0/1',
      { image, prompts: [{ points: [[1, 2]], labels: [2] }], multimask: true },
      'labels',
    ],
    ['neither points nor box', { image, prompts: [{}], multimask: true }, 'points'],
    [
      'an image that is not base64',
      { image: 'data:image/jpeg;base64,AAAA', prompts: [], mode: 'embedding', multimask: false },
      'image',
    ],
  ])('refuses %s', (_, body, field) => {
    const parsed = samRequestSchema.safeParse(body);
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.some((i) => i.path.includes(field))).toBe(true);
  });

  it('defaults to masks mode and float16 embeddings', () => {
    const parsed = samRequestSchema.parse({ image, prompts: [{ box: [0, 0, 1, 1] }], multimask: false });
    expect(parsed.mode).toBe('masks');
    expect(parsed.dtype).toBe('float16');
  });
});

describe('SAM responses', () => {
  it('accepts masks per prompt and refuses a prompt without a candidate', () => {
    const ok = { model: 'sam-vit-h', masks: [[{ rle, score: 0.97, box: [1, 0, 3, 3] }]] };
    expect(samMasksResponseSchema.safeParse(ok).success).toBe(true);
    expect(samMasksResponseSchema.safeParse({ model: 'x', masks: [[]] }).success).toBe(false);
    expect(
      samMasksResponseSchema.safeParse({ model: 'x', masks: [[{ rle, box: [0, 0, 1, 1] }]] }).success,
    ).toBe(false);
  });

  it('accepts an embedding and refuses an unknown dtype', () => {
    const ok = {
      model: 'm',
      embedding: 'AAAA',
      dtype: 'float16',
      shape: [1, 256, 64, 64],
      input_size: [720, 1280],
    };
    expect(samEmbeddingResponseSchema.safeParse(ok).success).toBe(true);
    expect(samEmbeddingResponseSchema.safeParse({ ...ok, dtype: 'bfloat16' }).success).toBe(false);
  });
});

describe('Grounded-SAM', () => {
  it('fills the thresholds and masks flag', () => {
    expect(groundedRequestSchema.parse({ image, text: 'car' })).toMatchObject({
      box_threshold: 0.35,
      text_threshold: 0.25,
      with_masks: true,
    });
    expect(groundedRequestSchema.safeParse({ image, text: '   ' }).success).toBe(false);
  });

  it('accepts detections with or without masks', () => {
    const body = {
      model: 'grounded-sam',
      detections: [
        { label: 'car', score: 0.8, box: [1, 2, 3, 4], rle },
        { label: 'driving lane', score: 0.4, box: [0, 0, 3, 4] },
      ],
    };
    expect(groundedResponseSchema.safeParse(body).success).toBe(true);
  });

  it.each([
    ['silver car . driving lane', ['silver car', 'driving lane']],
    ['  Car.  ', ['car']],
    ['traffic   light . . person .', ['traffic light', 'person']],
  ])('splits %j into phrases', (text, phrases) => {
    expect(splitPhrases(text)).toEqual(phrases);
  });
});

describe('an endpoint without a mode', () => {
  it.each([
    [400, unsupportedModeMessage('propagate'), true],
    [400, 'unsupported mode "propagate": this endpoint offers masks', true],
    // Another mode refused, another 400, a server error saying the words: not the answer for propagate.
    [400, unsupportedModeMessage('embedding'), false],
    [400, 'Invalid propagation request: frames: Array must contain at least 1 element(s)', false],
    [500, unsupportedModeMessage('propagate'), false],
    [400, undefined, false],
  ])('status %s, %j: refuses propagate = %s', (status, message, refuses) => {
    expect(refusesMode(status, message, 'propagate')).toBe(refuses);
  });
});
