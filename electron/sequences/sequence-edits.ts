// Making and ordering sequences from the library: the selection or a folder of the project's images made a
// sequence in file-name order, the project's folders to choose from, and a sequence sorted by file name or by
// EXIF capture time. Each change is one transaction (reading capture times happens before it).
import { dirname } from 'node:path';
import type { FrameOrder, SequenceFolder, SequenceSummary } from '../../shared/api/sequences';
import { StudioError } from '../../shared/errors';
import { framesByFileName } from '../../shared/sequences/frame-order';
import { readCaptureTime } from '../media/capture-time';
import type { ProjectStore } from '../store/project-store';

/** Capture times are read a few files at a time (header reads: mostly waiting on the disk). */
const READ_CONCURRENCY = 8;

/** The images as a sequence in file-name order, numbered from 0 (the library's selection). */
export function sequenceOfImages(
  store: ProjectStore,
  name: string,
  imageIds: readonly number[],
  origin: 'manual' | 'folder' = 'manual',
): SequenceSummary {
  const images = [...new Set(imageIds)].map((id) => store.getImage(id));
  const frames = framesByFileName(images).map(({ item, frame }) => ({ imageId: item.id, frame }));
  return store.writeSequences((s) => s.summary(s.create(name, origin, frames)));
}

/** The project's images directly in `folder`, as a sequence in file-name order. */
export function sequenceOfFolder(store: ProjectStore, name: string, folder: string): SequenceSummary {
  const wanted = folder.replace(/[\\/]+$/, '') || folder;
  const ids = store
    .allImages()
    .filter((i) => dirname(i.path) === wanted)
    .map((i) => i.id);
  if (ids.length === 0)
    throw new StudioError('not_found', `No image of this project is in the folder ${folder}.`);
  return sequenceOfImages(store, name, ids, 'folder');
}

/** The folders the project's images are in, with how many images each holds and how many are frames. */
export function imageFolders(store: ProjectStore): SequenceFolder[] {
  const byFolder = new Map<string, number[]>();
  for (const image of store.allImages()) {
    const folder = dirname(image.path);
    const ids = byFolder.get(folder) ?? [];
    ids.push(image.id);
    byFolder.set(folder, ids);
  }
  return store.readSequences((s) =>
    [...byFolder]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([folder, ids]) => ({ folder, images: ids.length, framed: s.countFramed(ids) })),
  );
}

/**
 * The sequence's frames sorted by file name or by capture time (frames with none after the dated ones, in
 * file-name order); the sequence's frame numbers are given out again in that order.
 */
export async function sortSequence(
  store: ProjectStore,
  sequenceId: number,
  by: FrameOrder,
): Promise<{ sequence: SequenceSummary; undated: number }> {
  const frames = store.readSequences((s) => s.frames(sequenceId));
  const byName = framesByFileName(frames).map(({ item }) => item);
  let order = byName;
  let undated = 0;
  if (by === 'captured') {
    const times = new Map<number, string | null>();
    for (let k = 0; k < byName.length; k += READ_CONCURRENCY) {
      const batch = byName.slice(k, k + READ_CONCURRENCY);
      const read = await Promise.all(batch.map((f) => readCaptureTime(f.path)));
      batch.forEach((f, i) => times.set(f.imageId, read[i]!));
    }
    const dated = byName.filter((f) => times.get(f.imageId) !== null);
    undated = byName.length - dated.length;
    // A stable sort: frames taken in the same second keep their file-name order.
    dated.sort((a, b) => {
      const [x, y] = [times.get(a.imageId)!, times.get(b.imageId)!];
      return x < y ? -1 : x > y ? 1 : 0;
    });
    order = [...dated, ...byName.filter((f) => times.get(f.imageId) === null)];
  }
  return store.writeSequences((s) => {
    s.reorder(
      sequenceId,
      order.map((f) => f.imageId),
    );
    return { sequence: s.summary(sequenceId), undated };
  });
}
