import { describe, expect, it } from 'vitest';
import { LABEL_PALETTE } from '../../../shared/labels';
import { box, newImage, newProject, studioError } from './store-fixtures';

describe('labels', () => {
  it('creates labels in order, giving each a distinct palette colour unless one is chosen', () => {
    const { store } = newProject();
    const car = store.createLabel({ name: '  car ', hotkey: 1 });
    const bus = store.createLabel({ name: 'bus', color: '#123abc' });
    const person = store.createLabel({ name: 'person' });
    expect(car).toEqual({ id: car.id, name: 'car', color: LABEL_PALETTE[0], hotkey: 1 });
    expect(bus).toMatchObject({ color: '#123abc', hotkey: null });
    expect(person.color).toBe(LABEL_PALETTE[1]);
    expect(store.listLabels()).toEqual([car, bus, person]);
  });

  it('cycles through the palette once every colour is taken', () => {
    const { store } = newProject();
    const colours = Array.from(
      { length: LABEL_PALETTE.length + 2 },
      (_, k) => store.createLabel({ name: `l${k}` }).color,
    );
    expect(new Set(colours.slice(0, LABEL_PALETTE.length)).size).toBe(LABEL_PALETTE.length);
    expect(colours.slice(LABEL_PALETTE.length)).toEqual(LABEL_PALETTE.slice(0, 2));
  });

  it.each([
    ['the same name', { name: 'Car' }, 'A label named "Car" already exists.'],
    ['a hotkey in use', { name: 'van', hotkey: 3 }, 'Hotkey 3 is already used by the label "Car".'],
  ])('refuses %s with a conflict naming the clash', (_, input, message) => {
    const { store } = newProject();
    store.createLabel({ name: 'Car', hotkey: 3 });
    expect(studioError(() => store.createLabel(input), 'conflict').message).toBe(message);
    expect(store.listLabels()).toHaveLength(1);
  });

  it('keeps names that differ only in case apart (KITTI "Car" and BDD100K "car" are two datasets\' labels)', () => {
    const { store } = newProject();
    const kitti = store.createLabel({ name: 'Car' });
    const bdd = store.createLabel({ name: 'car' });
    expect(store.listLabels().map((l) => [l.id, l.name])).toEqual([
      [kitti.id, 'Car'],
      [bdd.id, 'car'],
    ]);
  });

  it.each([
    ['an empty name', { name: ' ' }],
    ['a colour that is not #rrggbb', { name: 'x', color: 'red' }],
    ['hotkey 0', { name: 'x', hotkey: 0 }],
  ])('refuses %s', (_, input) => {
    const { store } = newProject();
    studioError(() => store.createLabel(input), 'invalid_input');
  });

  it('updates fields, keeps the rest, frees hotkeys, and checks clashes against the others only', () => {
    const { store } = newProject();
    const car = store.createLabel({ name: 'car', hotkey: 1 });
    const bus = store.createLabel({ name: 'bus', hotkey: 2 });
    expect(store.updateLabel(car.id, { name: 'Car' })).toEqual({ ...car, name: 'Car' });
    expect(studioError(() => store.updateLabel(car.id, { hotkey: 2 }), 'conflict').message).toContain(
      '"bus"',
    );
    expect(studioError(() => store.updateLabel(car.id, { name: 'bus' }), 'conflict').message).toContain(
      '"bus"',
    );
    store.updateLabel(bus.id, { hotkey: null });
    expect(store.updateLabel(car.id, { hotkey: 2, color: '#000000' })).toEqual({
      id: car.id,
      name: 'Car',
      color: '#000000',
      hotkey: 2,
    });
    expect(store.listLabels()).toEqual([
      { id: car.id, name: 'Car', color: '#000000', hotkey: 2 },
      { ...bus, hotkey: null },
    ]);
    studioError(() => store.updateLabel(999, { name: 'x' }), 'not_found');
  });

  it('removing a label keeps its annotations, unlabelled', () => {
    const { store } = newProject();
    store.insertImages([newImage(1)]);
    const car = store.createLabel({ name: 'car' });
    store.saveAnnotations(1, [box(car.id)], []);
    store.removeLabel(car.id);
    expect(store.listLabels()).toEqual([]);
    expect(store.listAnnotations(1)).toMatchObject([{ labelId: null }]);
    expect(studioError(() => store.removeLabel(car.id), 'not_found').message).toBe(
      `No label with id ${car.id} in this project.`,
    );
  });
});
