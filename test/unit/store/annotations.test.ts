import { describe, expect, it } from 'vitest';
import type { ProjectStore } from '../../../electron/store/project-store';
import { FIXED_NOW, annotation, box, newImage, newProject, proposal, studioError } from './store-fixtures';

/** One 4x3 image, two labels, one saved box. */
function project() {
  const { store } = newProject();
  store.insertImages([newImage(1), newImage(2)]);
  const car = store.createLabel({ name: 'car' });
  const bus = store.createLabel({ name: 'bus' });
  const [first] = store.saveAnnotations(1, [box(car.id)], []);
  return { store, car, bus, first: first! };
}

const snapshot = (store: ProjectStore) => [
  store.listAnnotations(1),
  store.listAnnotations(2),
  store.info().counts,
];

describe('saving annotations', () => {
  it('creates, updates and deletes in one call and returns the image annotations', () => {
    const { store, car, bus, first } = project();
    expect(first).toEqual({
      id: first.id,
      imageId: 1,
      labelId: car.id,
      kind: 'box',
      geometry: { kind: 'box', box: [0, 0, 2, 3] },
      rle: null,
      area: 6,
      source: 'manual',
      modelId: null,
      promptId: null,
      score: null,
      reviewState: 'accepted',
      locked: false,
      hidden: false,
      jobId: null,
      modelPrompt: null,
      createdAt: FIXED_NOW.toISOString(),
      updatedAt: FIXED_NOW.toISOString(),
    });
    const [second] = store.saveAnnotations(1, [box(bus.id)], []).slice(1);
    const after = store.saveAnnotations(
      1,
      [
        annotation({
          id: second!.id,
          labelId: car.id,
          kind: 'point',
          geometry: { kind: 'point', point: [1, 1], positive: true },
        }),
        box(null),
      ],
      [first.id],
    );
    expect(after.map((a) => [a.id, a.kind, a.labelId])).toEqual([
      [second!.id, 'point', car.id],
      [second!.id + 1, 'box', null],
    ]);
    expect(store.getImage(1).annotationCount).toBe(2);
  });

  it('stores masks as COCO RLE with their area', () => {
    const { store, car } = project();
    const rle = { size: [3, 4] as [number, number], counts: '521O2' };
    const saved = store.saveAnnotations(
      2,
      [annotation({ labelId: car.id, kind: 'mask', geometry: { kind: 'mask', box: [1, 0, 3, 3] }, rle })],
      [],
    );
    expect(saved).toMatchObject([{ kind: 'mask', rle, area: 3 }]);
  });

  const rollbacks: [string, (p: ReturnType<typeof project>) => () => unknown, string][] = [
    [
      'a delete of an id on another image',
      ({ store, first }) =>
        () =>
          store.saveAnnotations(2, [box()], [first.id]),
      'not_found',
    ],
    [
      'a delete of an unknown id',
      ({ store }) =>
        () =>
          store.saveAnnotations(1, [box()], [999]),
      'not_found',
    ],
    [
      'an update of an unknown id',
      ({ store, first }) =>
        () =>
          store.saveAnnotations(1, [box(), box(null, { id: 999 })], [first.id]),
      'not_found',
    ],
    [
      'a label that does not exist',
      ({ store, first }) =>
        () =>
          store.saveAnnotations(1, [box(), box(12345)], [first.id]),
      'not_found',
    ],
    [
      'a prompt that does not exist',
      ({ store, first }) =>
        () =>
          store.saveAnnotations(1, [box(null, { promptId: 777 })], [first.id]),
      'not_found',
    ],
    [
      'an annotation whose geometry is not of its kind',
      ({ store, first }) =>
        () =>
          store.saveAnnotations(
            1,
            [
              box(),
              annotation({ labelId: null, kind: 'polygon', geometry: { kind: 'box', box: [0, 0, 1, 1] } }),
            ],
            [first.id],
          ),
      'invalid_input',
    ],
    [
      'a mask of another size than its image',
      ({ store, first }) =>
        () =>
          store.saveAnnotations(
            1,
            [
              box(),
              annotation({
                labelId: null,
                kind: 'mask',
                geometry: { kind: 'mask', box: [0, 0, 1, 1] },
                rle: { size: [2, 2], counts: '04' },
              }),
            ],
            [first.id],
          ),
      'invalid_input',
    ],
    [
      'an id both changed and deleted',
      ({ store, first }) =>
        () =>
          store.saveAnnotations(1, [box(null, { id: first.id })], [first.id]),
      'invalid_input',
    ],
    [
      'an unknown image',
      ({ store }) =>
        () =>
          store.saveAnnotations(99, [box()], []),
      'not_found',
    ],
  ];

  it.each(rollbacks)('writes nothing when the save has %s', (_, save, code) => {
    const p = project();
    const before = snapshot(p.store);
    studioError(save(p), code as 'not_found');
    expect(snapshot(p.store)).toEqual(before);
  });

  it('names the foreign ids in the error', () => {
    const { store, first } = project();
    expect(studioError(() => store.saveAnnotations(2, [], [first.id, 998]), 'not_found').message).toBe(
      `No annotations with ids ${first.id}, 998 on image 2.`,
    );
    expect(studioError(() => store.saveAnnotations(1, [box(4242)], []), 'not_found').message).toBe(
      'No label with id 4242 in this project.',
    );
  });
});

describe('bulk insert', () => {
  it('adds annotations across images in one transaction and returns their ids in order', () => {
    const { store, car } = project();
    const ids = store.insertAnnotations([
      { ...proposal(car.id), imageId: 2 },
      { ...box(null), imageId: 1 },
      { ...proposal(null), imageId: 2 },
    ]);
    expect(ids).toHaveLength(3);
    expect(store.listAnnotations(2).map((a) => a.id)).toEqual([ids[0], ids[2]]);
    expect(store.getImage(2).proposalCount).toBe(2);
  });

  it('writes none of them when one refers to an unknown image', () => {
    const { store } = project();
    const before = snapshot(store);
    const err = studioError(
      () =>
        store.insertAnnotations([
          { ...box(), imageId: 2 },
          { ...box(), imageId: 50 },
        ]),
      'not_found',
    );
    expect(err.message).toBe('No image with id 50 in this project.');
    expect(snapshot(store)).toEqual(before);
  });
});

describe('review states, prompts and cascades', () => {
  it('moves proposals through review and counts only the proposed ones', () => {
    const { store } = project();
    const saved = store.saveAnnotations(2, [proposal(), proposal(), proposal()], []);
    const [a, b, c] = saved.map((x) => x.id);
    expect(store.getImage(2).proposalCount).toBe(3);
    store.setReview([a!], 'accepted');
    store.setReview([b!], 'rejected');
    store.setReview([c!], 'edited');
    expect(store.listAnnotations(2).map((x) => x.reviewState)).toEqual(['accepted', 'rejected', 'edited']);
    expect(store.listImages({ hasPredictions: true }, 0, 10).total).toBe(0);
    store.setReview([a!, b!], 'proposed');
    expect(store.getImage(2).proposalCount).toBe(2);
    studioError(() => store.setReview([a!, 555], 'accepted'), 'not_found');
    expect(store.listAnnotations(2)[0]!.reviewState).toBe('proposed');
  });

  it('keeps annotations and model runs when their prompt is removed, without the link', () => {
    const { store } = project();
    const prompt = store.addPrompt(2, { points: [], box: [0, 0, 2, 2] });
    expect(prompt).toEqual({
      id: prompt.id,
      imageId: 2,
      points: [],
      box: [0, 0, 2, 2],
      closed: true,
      createdAt: FIXED_NOW.toISOString(),
      updatedAt: FIXED_NOW.toISOString(),
    });
    store.saveAnnotations(2, [box(null, { promptId: prompt.id, source: 'model' })], []);
    const run = store.recordModelRun({
      imageId: 2,
      modelId: 'sam-vit-b',
      engine: 'local-sam',
      params: { multimask: true },
      promptId: prompt.id,
      startedAt: FIXED_NOW.toISOString(),
      durationMs: 85.5,
      status: 'ok',
      error: null,
    });
    expect(store.listModelRuns(2)).toEqual([run]);
    store.removePrompt(prompt.id);
    expect(store.listPrompts(2)).toEqual([]);
    expect(store.listAnnotations(2)).toMatchObject([{ promptId: null }]);
    expect(store.listModelRuns(2)).toEqual([{ ...run, promptId: null }]);
    studioError(() => store.removePrompt(prompt.id), 'not_found');
    studioError(() => store.addPrompt(99, { points: [], box: [0, 0, 1, 1] }), 'not_found');
  });

  it('records failed model runs with their error and refuses runs on unknown images or prompts', () => {
    const { store } = project();
    const base = {
      imageId: 1,
      modelId: 'grounded-sam',
      engine: 'sagemaker-grounded-sam',
      params: null,
      promptId: null,
      startedAt: FIXED_NOW.toISOString(),
      durationMs: 3000,
      status: 'failed' as const,
      error: 'ThrottlingException',
    };
    expect(store.recordModelRun(base)).toMatchObject({
      status: 'failed',
      error: 'ThrottlingException',
      params: null,
    });
    studioError(() => store.recordModelRun({ ...base, imageId: 99 }), 'not_found');
    studioError(() => store.recordModelRun({ ...base, promptId: 99 }), 'not_found');
    studioError(() => store.recordModelRun({ ...base, durationMs: -1 }), 'invalid_input');
  });

  it('stores project settings as JSON', () => {
    const { store } = project();
    expect(store.getSetting('chain')).toBeUndefined();
    store.setSetting('chain', { steps: ['detect', 'segment'] });
    store.setSetting('chain', { steps: ['segment'] });
    expect(store.getSetting('chain')).toEqual({ steps: ['segment'] });
    studioError(() => store.setSetting('chain', undefined), 'invalid_input');
  });
});
