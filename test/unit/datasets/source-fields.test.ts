// Fields of imported datasets kept beside annotations and images (schema v4): set, replaced, removed with an
// empty object, and gone with their annotation or image.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ProjectStore } from '../../../electron/store/project-store';
import { makeTempDir } from '../../helpers/temp-dir';

const cleanups: (() => void)[] = [];
const fieldsOf = (store: ProjectStore, imageId: number) =>
  store.imagesWithAnnotations(0, 100).items.find((i) => i.image.id === imageId)!.sourceFields;
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function project() {
  const { dir, cleanup } = makeTempDir('vps-fields-');
  const store = ProjectStore.create(join(dir, 'p.vpstudio'), { name: 'fields' });
  cleanups.push(cleanup, () => store.close());
  store.insertImages([
    {
      path: '/x/a.jpg',
      sha256: 'a'.repeat(64),
      sizeBytes: 1,
      width: 10,
      height: 10,
      orientation: 1,
      format: 'jpeg',
    },
  ]);
  const [first, second] = store.insertAnnotations(
    [0, 1].map(() => ({
      imageId: 1,
      labelId: null,
      kind: 'box' as const,
      geometry: { kind: 'box' as const, box: [1, 1, 5, 5] as [number, number, number, number] },
      rle: null,
      source: 'import' as const,
      modelId: null,
      promptId: null,
      score: null,
      reviewState: 'accepted' as const,
    })),
  );
  return { store, first: first!, second: second! };
}

describe('source fields', () => {
  it('are kept per annotation and image, replaced, and removed by an empty object', () => {
    const { store, first, second } = project();
    store.setSourceFields(
      [
        { annotationId: first, fields: { sourceId: '609', attributes: { occluded: true } } },
        { annotationId: second, fields: { ignore: true } },
      ],
      [{ imageId: 1, fields: { videoName: 'v', frameIndex: 3 } }],
    );
    expect(fieldsOf(store, 1)).toEqual({
      image: { videoName: 'v', frameIndex: 3 },
      annotations: new Map([
        [first, { sourceId: '609', attributes: { occluded: true } }],
        [second, { ignore: true }],
      ]),
    });
    store.setSourceFields([
      { annotationId: first, fields: { sourceId: '7' } },
      { annotationId: second, fields: {} },
    ]);
    expect(fieldsOf(store, 1).annotations).toEqual(new Map([[first, { sourceId: '7' }]]));
  });

  it('go with their annotation and image', () => {
    const { store, first, second } = project();
    store.setSourceFields(
      [
        { annotationId: first, fields: { sourceId: '1' } },
        { annotationId: second, fields: { sourceId: '2' } },
      ],
      [{ imageId: 1, fields: { videoName: 'v' } }],
    );
    store.saveAnnotations(1, [], [first]);
    expect([...fieldsOf(store, 1).annotations.keys()]).toEqual([second]);
    store.removeImages([1]);
    store.insertImages([
      {
        path: '/x/b.jpg',
        sha256: 'b'.repeat(64),
        sizeBytes: 1,
        width: 10,
        height: 10,
        orientation: 1,
        format: 'jpeg',
      },
    ]);
    // SQLite hands the freed row id out again: nothing of the removed image may come back with it.
    const [again] = store.allImages();
    expect(again!.id).toBe(1);
    expect(fieldsOf(store, again!.id)).toEqual({ image: null, annotations: new Map() });
  });
});
