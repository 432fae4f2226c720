// Before an export places an image, the file at the image's path must still be the one imported into the
// project: a regular file of the same size and sha256. A project file is data a user may receive from anyone;
// a row pointing at /etc/shadow, or at a file replaced since, is left out rather than copied into a dataset.
import { stat } from 'node:fs/promises';
import { mapConcurrently } from '../../shared/concurrency';
import type { ImageRecord } from '../../shared/domain';
import { hashFile } from '../media/hash-file';

/** Hashing waits on the disk: a few files at a time. */
const CHECK_CONCURRENCY = 8;

export type ImageFile = Pick<ImageRecord, 'path' | 'sha256' | 'sizeBytes'>;

/** Why the file at the image's path cannot be exported (a sentence without a full stop), or null. */
export async function imageFileProblem(image: ImageFile): Promise<string | null> {
  const info = await stat(image.path).catch((err: NodeJS.ErrnoException) => err);
  if (info instanceof Error) {
    return ['ENOENT', 'ENOTDIR'].includes(info.code ?? '')
      ? 'The image file is gone since the project last looked'
      : `The image file cannot be read (${info.code ?? info.message})`;
  }
  if (!info.isFile()) return 'The image path is not a file';
  const notImported = 'The file there is not the file imported into the project';
  if (info.size !== image.sizeBytes) return notImported;
  const sha256 = await hashFile(image.path).catch(() => null);
  if (sha256 === null) return 'The image file cannot be read';
  return sha256 === image.sha256 ? null : notImported;
}

/** The problem of each image's file, in order (null for the good ones); `cancelled` throws once aborted. */
export const imageFileProblems = (images: readonly ImageFile[], cancelled: () => void) =>
  mapConcurrently(images, CHECK_CONCURRENCY, (image) => {
    cancelled();
    return imageFileProblem(image);
  });
