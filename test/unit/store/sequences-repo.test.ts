// The store's sequences and tracks on a real project file: frames edited, tracks made, merged, split, relabelled
// and re-keyed, with each rule refused in words (an image in two sequences, a frame number twice, a track twice
// on a frame, a key taken), nothing of a refused change written; what a sequence's summary says is odd.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProjectStore } from '../../../electron/store/project-store';
import { sequenceProblems } from '../../../electron/store/sequences-repo';
import type { NewAnnotation } from '../../../electron/store/types';
import { makeTempDir } from '../../helpers/temp-dir';

describe('sequences repo', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let store: ProjectStore;
  let images: number[];
  let car: number;
  let bus: number;

  const box = (imageId: number, labelId = car): NewAnnotation => ({
    imageId,
    labelId,
    kind: 'box',
    geometry: { kind: 'box', box: [1, 1, 5, 5] },
    rle: null,
    source: 'manual',
    modelId: null,
    promptId: null,
    score: null,
    reviewState: 'accepted',
  });

  beforeEach(() => {
    tmp = makeTempDir('vps-seq-repo-');
    store = ProjectStore.create(join(tmp.dir, 'p.vpstudio'), { name: 'p' });
    store.insertImages(
      [0, 1, 2, 3].map((i) => ({
        path: join(tmp.dir, `f${i}.jpg`),
        sha256: String(i).repeat(64),
        sizeBytes: 1,
        width: i === 3 ? 640 : 1280,
        height: i === 3 ? 480 : 720,
        orientation: 1,
        format: 'jpeg',
      })),
    );
    images = store.allImages().map((i) => i.id);
    car = store.createLabel({ name: 'car' }).id;
    bus = store.createLabel({ name: 'bus' }).id;
  });
  afterEach(() => {
    store.close();
    tmp.cleanup();
  });

  const seq = () =>
    store.writeSequences((s) =>
      s.create(
        'v',
        'manual',
        images.slice(0, 3).map((imageId, frame) => ({ imageId, frame })),
      ),
    );

  it('keeps an image in one sequence and each frame number once, writing nothing of a refused change', () => {
    const id = seq();
    expect(() =>
      store.writeSequences((s) => s.create('w', 'manual', [{ imageId: images[0]!, frame: 0 }])),
    ).toThrow(/Image \d+ is already frame 0 of sequence "v"; an image is a frame of one sequence/);
    expect(() =>
      store.writeSequences((s) =>
        s.setFrames(id, [
          { imageId: images[0]!, frame: 4 },
          { imageId: images[1]!, frame: 4 },
        ]),
      ),
    ).toThrow(/Frame 4 is given twice/);
    expect(store.readSequences((s) => s.list().map((x) => x.name))).toEqual(['v']);
    expect(store.readSequences((s) => s.frames(id).map((f) => f.frame))).toEqual([0, 1, 2]);
  });

  it('edits the order; annotations of a frame that leaves leave its tracks', () => {
    const id = seq();
    const [a, b, c] = store.insertAnnotations(images.slice(0, 3).map((i) => box(i)));
    const track = store.writeSequences((s) => {
      const t = s.createTrack(id, car);
      s.addMembers(t, [a!, b!, c!]);
      return t;
    });
    store.writeSequences((s) =>
      s.setFrames(id, [
        { imageId: images[2]!, frame: 0 },
        { imageId: images[0]!, frame: 1 },
      ]),
    );
    const summary = store.readSequences((s) => s.summary(id));
    expect(summary).toMatchObject({ frames: 2, first: 0, last: 1, tracks: 1 });
    expect(
      store.readSequences((s) => s.trackAnnotations(track).map((m) => [m.annotationId, m.frame])),
    ).toEqual([
      [c, 0],
      [a, 1],
    ]);
  });

  it('merges, splits, relabels and re-keys tracks, refusing a second annotation on a frame', () => {
    const id = seq();
    const [a0, a1, b1, b2] = store.insertAnnotations([
      box(images[0]!),
      box(images[1]!),
      box(images[1]!),
      box(images[2]!),
    ]);
    const [ta, tb] = store.writeSequences((s) => {
      const x = s.createTrack(id, car);
      const y = s.createTrack(id, car);
      s.addMembers(x, [a0!, a1!]);
      s.addMembers(y, [b1!, b2!]);
      return [x, y];
    });
    expect(store.readSequences((s) => [s.track(ta!).key, s.track(tb!).key])).toEqual(['0', '1']);
    expect(() => store.writeSequences((s) => s.addMembers(ta!, [b1!]))).toThrow(
      /Track 0 already has annotation \d+ on frame 1; a track has one per frame/,
    );
    expect(() => store.writeSequences((s) => s.merge(ta!, tb!))).toThrow(
      /both have an annotation on frame 1/,
    );

    // Split b's track at frame 2, then merge that piece into a's track (no frame shared).
    const piece = store.writeSequences((s) => s.split(tb!, 2));
    expect(
      store.readSequences((s) => [s.track(tb!).frames, s.track(piece).frames, s.track(piece).key]),
    ).toEqual([1, 1, '2']);
    store.writeSequences((s) => s.merge(ta!, piece));
    expect(store.readSequences((s) => s.track(ta!))).toMatchObject({ frames: 3, first: 0, last: 2 });

    store.writeSequences((s) => s.relabel(ta!, bus));
    expect(store.annotationsByIds([a0!, a1!, b2!]).map((a) => a.labelId)).toEqual([bus, bus, bus]);
    expect(store.annotationsByIds([b1!])[0]!.labelId).toBe(car);

    expect(() => store.writeSequences((s) => s.rekey(ta!, '1'))).toThrow(/already has a track 1/);
    store.writeSequences((s) => s.rekey(ta!, '609'));
    expect(store.readSequences((s) => s.members(images[2]!))).toEqual([
      { annotationId: b2, trackId: ta, key: '609', labelId: bus, interpolated: false },
    ]);
  });

  it('an annotation goes with its track when deleted, and a track stays in its sequence', () => {
    const id = seq();
    const other = store.writeSequences((s) => s.create('w', 'manual', [{ imageId: images[3]!, frame: 0 }]));
    const [a, z] = store.insertAnnotations([box(images[0]!), box(images[3]!)]);
    const t = store.writeSequences((s) => s.createTrack(id, car));
    expect(() => store.writeSequences((s) => s.addMembers(t, [z!]))).toThrow(
      /not on a frame of the track's sequence/,
    );
    store.writeSequences((s) => s.addMembers(t, [a!]));
    store.saveAnnotations(images[0]!, [], [a!]);
    expect(store.readSequences((s) => s.track(t).frames)).toBe(0);
    expect(other).toBeGreaterThan(id);
  });

  it.each([
    [[0, 1, 2], [1280, 1280, 1280], [0, 0, 0], []],
    [[0, 3, 4], [1280, 1280, 1280], [0, 0, 0], ['Frames 1-2 are missing']],
    [
      [0, 1, 2],
      [1280, 640, 1280],
      [0, 0, 1],
      ['Frame 1 is 640x720; the others are 1280x720', 'The file of frame 2 is missing'],
    ],
  ])('summary problems of frames %j', (frames, widths, missing, want) => {
    expect(
      sequenceProblems(
        frames.map((frame, i) => ({ frame, width: widths[i]!, height: 720, missing: missing[i] as 0 | 1 })),
      ),
    ).toEqual(want);
  });
});
