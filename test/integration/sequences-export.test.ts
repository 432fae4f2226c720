// Track-aware exports of the shared BDD100K MOTS frames and their round trips: BDD100K tracking (one file per
// video, label ids the track keys) and KITTI tracking (label_02 lines with frame numbers and track ids) read
// back into new projects with the same sequences and the same track ids; COCO carries a videos list, track_id,
// video_id and frame_id, and reads back the same way; LLaVA's track regions name the tracks across frames. A track the studio made exports with its own key.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exportDataset, type DatasetExportOptions } from '../../electron/datasets/export-dataset';
import { importDataset, type DatasetImportOptions } from '../../electron/datasets/import-dataset';
import { validateDataset } from '../../electron/datasets/validate-dataset';
import { ProjectStore } from '../../electron/store/project-store';
import type { Rle } from '../../shared/domain';
import { exportOptions } from '../helpers/export-options';
import { DRIVING_SAMPLE, hasSharedAssets } from '../helpers/shared-assets';
import { makeTempDir } from '../helpers/temp-dir';

const VIDEO = '00091078-875c1f73';
const MOTS = join(DRIVING_SAMPLE, 'bdd100k_mots');
type Label = { id: string; category: string; rle?: Rle; attributes?: { crowd?: boolean } };
const motsLabels = (n: number) =>
  (JSON.parse(readFileSync(join(MOTS, `${VIDEO}-0000${n}.json`), 'utf8')) as { labels: Label[] }[])[0]!
    .labels;
const truth = (n: number) => new Map(motsLabels(n).map((l) => [l.id, l]));

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function project(name: string) {
  const { dir, cleanup } = makeTempDir('vps-seq-export-');
  const store = ProjectStore.create(join(dir, `${name}.vpstudio`), { name });
  cleanups.push(cleanup, () => store.close());
  return { store, dir };
}
const importInto = (store: ProjectStore, options: Omit<DatasetImportOptions, 'maxMegapixels'>) =>
  importDataset(store, { maxMegapixels: 100, ...options });
const exportTo = (store: ProjectStore, target: string, options: Partial<DatasetExportOptions>) =>
  exportDataset(store, exportOptions(target, options));

/** Track key -> frame -> the member annotation's mask counts (or box), for comparing projects. */
function tracksOf(store: ProjectStore) {
  return store.readSequences((s) => {
    const [sequence] = s.list();
    const out = new Map<string, Map<number, string>>();
    for (const t of s.tracks(sequence!.id)) {
      const frames = new Map<number, string>();
      for (const m of s.trackAnnotations(t.id)) {
        const [a] = store.annotationsByIds([m.annotationId]);
        frames.set(m.frame, a!.rle?.counts ?? JSON.stringify(a!.geometry));
      }
      out.set(t.key, frames);
    }
    return { sequence: sequence!, tracks: out };
  });
}

async function motsProject() {
  const p = project('mots');
  for (const n of [166, 167])
    await importInto(p.store, {
      format: 'bdd100k',
      labels: join(MOTS, `${VIDEO}-0000${n}.json`),
      images: MOTS,
    });
  return p;
}

describe.skipIf(!hasSharedAssets)('track-aware exports and their round trips', () => {
  it('BDD100K tracking: one file for the video, ids the track keys; re-imported with the same tracks', async () => {
    const { store, dir } = await motsProject();
    const out = join(dir, 'bdd-track');
    await exportTo(store, out, { format: 'bdd100k-track' });
    const frames = JSON.parse(readFileSync(join(out, 'labels', 'train', `${VIDEO}.json`), 'utf8')) as {
      name: string;
      videoName: string;
      frameIndex: number;
      labels: Label[];
    }[];
    expect(frames.map((f) => [f.name, f.videoName, f.frameIndex])).toEqual([
      [`${VIDEO}-0000166.jpg`, VIDEO, 165],
      [`${VIDEO}-0000167.jpg`, VIDEO, 166],
    ]);
    for (const [k, n] of [
      [0, 166],
      [1, 167],
    ] as const) {
      const t = truth(n);
      expect(frames[k]!.labels.map((l) => l.id).sort()).toEqual([...t.keys()].sort());
      for (const l of frames[k]!.labels) expect(l.rle!.counts).toBe(t.get(String(l.id))!.rle!.counts);
    }
    expect(readdirSync(join(out, 'images', 'train', VIDEO)).sort()).toEqual([
      `${VIDEO}-0000166.jpg`,
      `${VIDEO}-0000167.jpg`,
    ]);
    expect((await validateDataset('bdd100k-track', out)).valid).toBe(true);

    const again = project('again');
    await importInto(again.store, {
      format: 'bdd100k',
      labels: join(out, 'labels', 'train', `${VIDEO}.json`),
      images: join(out, 'images', 'train', VIDEO),
    });
    const before = tracksOf(store);
    const after = tracksOf(again.store);
    expect(after.sequence).toMatchObject({ name: VIDEO, frames: 2, first: 165, last: 166 });
    expect(after.tracks).toEqual(before.tracks);
  });

  it('KITTI tracking: label_02 lines with frame numbers and track ids; re-imported with the same track ids', async () => {
    const { store, dir } = await motsProject();
    const out = join(dir, 'kitti');
    await exportTo(store, out, { format: 'kitti-tracking' });
    const lines = readFileSync(join(out, 'train', 'label_02', `${VIDEO}.txt`), 'utf8')
      .trim()
      .split('\n');
    const byFrame = (f: number) => lines.filter((l) => l.startsWith(`${f} `)).map((l) => l.split(' '));
    for (const [frame, n] of [
      [165, 166],
      [166, 167],
    ] as const) {
      const ids = byFrame(frame).map((f) => f[1]);
      const want = motsLabels(n).map((l) => (l.attributes?.crowd ? '-1' : l.id));
      expect(ids.sort()).toEqual(want.sort());
    }
    // Inclusive corners: a mask's right edge is its last pixel column.
    const car = motsLabels(166).find((l) => l.category === 'car')!;
    const line = byFrame(165).find((f) => f[1] === car.id)!;
    const [, , , , , , left, , right] = line.map(Number);
    const member = store.readSequences((s) =>
      s.trackAnnotations(s.trackByKey(s.list()[0]!.id, car.id)!).find((m) => m.frame === 165),
    )!;
    const geometry = store.annotationsByIds([member.annotationId])[0]!.geometry as {
      box: [number, number, number, number];
    };
    const [mx1, , mx2] = geometry.box;
    expect([left, right]).toEqual([mx1, mx2 - 1]);

    const again = project('again');
    await importInto(again.store, {
      format: 'kitti-tracking',
      labels: join(out, 'train', 'label_02', `${VIDEO}.txt`),
      images: join(out, 'train', 'image_02', VIDEO),
    });
    const after = tracksOf(again.store);
    expect(after.sequence).toMatchObject({ name: VIDEO, frames: 2, first: 165, last: 166 });
    const keys = new Set(
      [...motsLabels(166), ...motsLabels(167)].filter((l) => !l.attributes?.crowd).map((l) => l.id),
    );
    expect(new Set(after.tracks.keys())).toEqual(keys);
    for (const [key, frames] of after.tracks)
      expect([...frames.keys()]).toEqual([...tracksOf(store).tracks.get(key)!.keys()]);
  });

  it('COCO with track ids and videos, re-imported with the same tracks; LLaVA regions naming the tracks; a studio-made track exports its own key', async () => {
    const { store, dir } = await motsProject();
    // A second track made in the studio: a box on both frames.
    const ids = store.readSequences((s) => s.frames(s.list()[0]!.id)).map((f) => f.imageId);
    const label = store.listLabels()[0]!.id;
    const boxes = store.insertAnnotations(
      ids.map((imageId, k) => ({
        imageId,
        labelId: label,
        kind: 'box' as const,
        geometry: { kind: 'box' as const, box: [10 + k, 10, 60 + k, 40] as [number, number, number, number] },
        rle: null,
        source: 'manual' as const,
        modelId: null,
        promptId: null,
        score: null,
        reviewState: 'accepted' as const,
      })),
    );
    const made = store.writeSequences((s) => {
      const id = s.createTrack(s.list()[0]!.id, label);
      s.addMembers(id, boxes);
      return s.track(id);
    });
    const numeric = [...motsLabels(166), ...motsLabels(167)].map((l) => Number(l.id));
    expect(Number(made.key)).toBe(Math.max(...numeric) + 1);

    const out = join(dir, 'coco');
    await exportTo(store, out, { format: 'coco-video' });
    const doc = JSON.parse(readFileSync(join(out, 'annotations', 'instances_train.json'), 'utf8')) as {
      videos: { id: number; name: string; width: number; height: number }[];
      images: { id: number; video: string; video_id: number; frame_id: number }[];
      annotations: { image_id: number; track_id: number; video_id: number; bbox: number[] }[];
    };
    expect(doc.images.map((i) => [i.video, i.frame_id])).toEqual([
      [VIDEO, 165],
      [VIDEO, 166],
    ]);
    expect(new Set(doc.images.map((i) => i.video_id)).size).toBe(1);
    for (const [k, n] of [
      [0, 166],
      [1, 167],
    ] as const) {
      const onFrame = doc.annotations.filter((a) => a.image_id === doc.images[k]!.id);
      const want = [...motsLabels(n).map((l) => (l.attributes?.crowd ? -1 : Number(l.id))), Number(made.key)];
      expect(onFrame.map((a) => a.track_id).sort()).toEqual(want.sort());
    }
    // The videos list (TAO's convention): the video once, with its frames' size.
    expect(doc.videos).toEqual([{ id: doc.images[0]!.video_id, name: VIDEO, width: 1280, height: 720 }]);
    expect((await validateDataset('coco-video', out)).valid).toBe(true);

    // Read back into a new project: the same sequence, frame order and track ids (the studio-made one too).
    const again = project('again');
    await importInto(again.store, {
      format: 'coco-video',
      labels: join(out, 'annotations', 'instances_train.json'),
      images: join(out, 'images'),
    });
    const before = tracksOf(store);
    const after = tracksOf(again.store);
    expect(after.sequence).toMatchObject({ name: VIDEO, frames: 2, first: 165, last: 166, problems: [] });
    const order = (p: ProjectStore) =>
      p.readSequences((s) => s.frames(s.list()[0]!.id)).map((f) => [f.frame, basename(f.path)]);
    expect(order(again.store)).toEqual(order(store));
    // Crowd regions are no track in either project; every other key comes back on the same frames, a mask
    // track with the same masks (COCO writes a box as its 4-corner polygon, so the studio-made track's shape
    // comes back as that polygon).
    expect(new Set(after.tracks.keys())).toEqual(new Set(before.tracks.keys()));
    for (const [key, frames] of after.tracks) {
      const was = before.tracks.get(key)!;
      expect([...frames.keys()], `track ${key}`).toEqual([...was.keys()]);
      if (key !== made.key) expect(frames, `track ${key}`).toEqual(was);
    }
    expect(after.tracks.get(made.key)!.size).toBe(2);

    const llava = join(dir, 'llava');
    await exportTo(store, llava, { format: 'llava-tracks' });
    const records = JSON.parse(readFileSync(join(llava, 'llava_tracks_train.json'), 'utf8')) as {
      conversations: { from: string; value: string }[];
    }[];
    expect(records).toHaveLength(2);
    const car = motsLabels(166).find(
      (l) => l.category === 'car' && motsLabels(167).some((m) => m.id === l.id),
    )!;
    for (const [k, frame] of [
      [0, 165],
      [1, 166],
    ] as const) {
      const turns = records[k]!.conversations;
      expect(turns[0]!.value).toMatch(
        new RegExp(
          `^<image>\\nWhich tracked object is in the region \\[[\\d., ]+\\] of frame ${frame} of video ${VIDEO}\\?$`,
        ),
      );
      expect(turns.filter((t) => t.from === 'gpt').map((t) => t.value)).toContain(`Track ${car.id}, a car.`);
    }
    expect((await validateDataset('llava-tracks', llava)).valid).toBe(true);
  });
});
