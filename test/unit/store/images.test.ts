import { describe, expect, it } from 'vitest';
import type { ImageFilter } from '../../../shared/api';
import { FIXED_NOW, box, newImage, newProject, proposal, studioError } from './store-fixtures';

describe('importing images', () => {
  it('adds new paths in one call and skips paths already present, also within the batch', () => {
    const { store } = newProject();
    expect(store.insertImages([newImage(1), newImage(2)])).toEqual({ added: 2, alreadyPresent: 0 });
    expect(store.insertImages([newImage(2), newImage(3), newImage(3)])).toEqual({
      added: 1,
      alreadyPresent: 2,
    });
    expect(store.knownPaths()).toEqual(new Set([1, 2, 3].map((n) => newImage(n).path)));
    expect(store.getImage(1)).toEqual({
      id: 1,
      ...newImage(1),
      status: 'new',
      missing: false,
      addedAt: FIXED_NOW.toISOString(),
      updatedAt: FIXED_NOW.toISOString(),
      annotationCount: 0,
      proposalCount: 0,
    });
  });

  it('refuses a relative path and writes none of the batch', () => {
    const { store } = newProject();
    const err = studioError(
      () => store.insertImages([newImage(1), newImage(2, { path: 'photos/relative.jpg' })]),
      'invalid_input',
    );
    expect(err.message).toContain('photos/relative.jpg');
    expect(store.info().counts.images).toBe(0);
  });

  it('refuses data the schema rejects (orientation 9), naming the rule', () => {
    const { store } = newProject();
    const err = studioError(() => store.insertImages([newImage(1, { orientation: 9 })]), 'invalid_input');
    expect(err.message).toContain('orientation');
  });
});

describe('listing and navigating images', () => {
  // Ten images: statuses cycle, 3 and 7 are missing, "night" in two paths, annotations on a few.
  function tenImages() {
    const { store } = newProject();
    store.insertImages(
      Array.from({ length: 10 }, (_, k) =>
        newImage(k + 1, k === 4 || k === 8 ? { path: `/photos/Night_drive/img-${k + 1}.jpg` } : {}),
      ),
    );
    store.setImageStatus([2, 4, 6], 'done');
    store.setImageStatus([5], 'review');
    store.setMissing([3, 7], true);
    const car = store.createLabel({ name: 'car' });
    const bus = store.createLabel({ name: 'bus' });
    store.saveAnnotations(2, [box(car.id), box(bus.id), proposal(car.id)], []);
    store.saveAnnotations(5, [box(bus.id)], []);
    store.saveAnnotations(8, [proposal(null)], []);
    // A rejected or accepted model annotation is not a prediction waiting for review.
    const [, decided] = store.saveAnnotations(9, [box(null), proposal(car.id)], []);
    store.setReview([decided!.id], 'rejected');
    return { store, car, bus };
  }

  const cases: [string, (ids: { car: number; bus: number }) => ImageFilter, number[]][] = [
    ['no filter', () => ({}), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]],
    ['status', () => ({ status: 'done' }), [2, 4, 6]],
    ['status with no match', () => ({ status: 'skipped' }), []],
    ['label', ({ car }) => ({ labelId: car }), [2, 9]],
    ['other label', ({ bus }) => ({ labelId: bus }), [2, 5]],
    ['unknown label', () => ({ labelId: 999 }), []],
    ['has predictions', () => ({ hasPredictions: true }), [2, 8]],
    ['has no predictions', () => ({ hasPredictions: false }), [1, 3, 4, 5, 6, 7, 9, 10]],
    ['missing', () => ({ missing: true }), [3, 7]],
    ['present', () => ({ missing: false }), [1, 2, 4, 5, 6, 8, 9, 10]],
    ['search, case-insensitive', () => ({ search: 'night_DRIVE' }), [5, 9]],
    ['search treats % and _ literally', () => ({ search: '%' }), []],
    ['search for a file name', () => ({ search: 'img-1' }), [1, 10]],
    ['combined', ({ car }) => ({ status: 'done', labelId: car, hasPredictions: true }), [2]],
  ];

  it.each(cases)('filters by %s, in id order, with totals, pages and neighbours', (_, filterOf, expected) => {
    const { store, car, bus } = tenImages();
    const filter = filterOf({ car: car.id, bus: bus.id });
    const all = store.listImages(filter, 0, 100);
    expect(all.items.map((i) => i.id)).toEqual(expected);
    expect(all.total).toBe(expected.length);

    const page = store.listImages(filter, 1, 2);
    expect(page.items.map((i) => i.id)).toEqual(expected.slice(1, 3));
    expect(page.total).toBe(expected.length);

    expected.forEach((id, k) => {
      expect(store.neighbor(id, 'next', filter)).toBe(expected[k + 1] ?? null);
      expect(store.neighbor(id, 'prev', filter)).toBe(expected[k - 1] ?? null);
    });
  });

  it('finds neighbours from an image outside the filter', () => {
    const { store } = tenImages();
    expect(store.neighbor(3, 'next', { status: 'done' })).toBe(4);
    expect(store.neighbor(3, 'prev', { status: 'done' })).toBe(2);
    expect(store.neighbor(10, 'next', {})).toBeNull();
  });

  it('counts annotations and proposals per image', () => {
    const { store } = tenImages();
    const counts = store.listImages({}, 0, 100).items.map((i) => [i.id, i.annotationCount, i.proposalCount]);
    expect(counts.filter(([, a]) => a! > 0)).toEqual([
      [2, 3, 1],
      [5, 1, 0],
      [8, 1, 1],
      [9, 2, 0],
    ]);
    expect(store.getImage(2)).toMatchObject({ status: 'done', annotationCount: 3, proposalCount: 1 });
    expect(store.getImage(3).missing).toBe(true);
  });
});

describe('changing images', () => {
  it('reports unknown ids as not_found and changes none of the others', () => {
    const { store } = newProject();
    store.insertImages([newImage(1), newImage(2)]);
    const changes: [string, () => unknown][] = [
      ['setImageStatus', () => store.setImageStatus([1, 41, 42], 'done')],
      ['setMissing', () => store.setMissing([1, 41, 42], true)],
      ['removeImages', () => store.removeImages([1, 41, 42])],
    ];
    for (const [name, change] of changes) {
      expect(studioError(change, 'not_found').message, name).toBe(
        'No images with ids 41, 42 in this project.',
      );
    }
    expect(store.getImage(1)).toMatchObject({ status: 'new', missing: false });
    expect(studioError(() => store.getImage(41), 'not_found').message).toBe(
      'No image with id 41 in this project.',
    );
  });

  it('removes images together with their annotations, prompts and model runs', () => {
    const { store } = newProject();
    store.insertImages([newImage(1), newImage(2)]);
    store.saveAnnotations(1, [box(), box()], []);
    store.saveAnnotations(2, [box()], []);
    store.addPrompt(1, { points: [{ point: [1, 1], positive: true }], box: null });
    store.removeImages([1]);
    expect(store.info().counts).toMatchObject({ images: 1, annotations: 1 });
    expect(store.allImages().map((i) => i.id)).toEqual([2]);
    studioError(() => store.listPrompts(1), 'not_found');
  });

  it('marks images missing and relinks them to a new path', () => {
    const { store } = newProject();
    store.insertImages([newImage(1), newImage(2)]);
    store.setMissing([1, 2], true);
    expect(store.info().counts.missing).toBe(2);
    store.relinkImage(1, '/moved/img-1.jpg');
    expect(store.allImages()).toEqual([
      { id: 1, path: '/moved/img-1.jpg', sha256: newImage(1).sha256, missing: false },
      { id: 2, path: newImage(2).path, sha256: newImage(2).sha256, missing: true },
    ]);
    const err = studioError(() => store.relinkImage(2, '/moved/img-1.jpg'), 'conflict');
    expect(err.message).toContain('id 1');
    studioError(() => store.relinkImage(99, '/moved/x.jpg'), 'not_found');
    studioError(() => store.relinkImage(2, 'relative.jpg'), 'invalid_input');
  });
});
