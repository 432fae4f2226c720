// The smallest dataset the dataset tests import: two generated 40x30 images (a.jpg, b.png) in `<dir>/images`
// and a COCO file over them with the categories car and person.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeImage } from './images';

/** Writes a.jpg and b.png into `<dir>/images` and returns that folder. */
export async function writeTwoImages(dir: string): Promise<string> {
  const images = join(dir, 'images');
  await makeImage(images, 'a.jpg', { width: 40, height: 30, format: 'jpeg', pattern: 1 });
  await makeImage(images, 'b.png', { width: 40, height: 30, format: 'png', pattern: 2 });
  return images;
}

/** A COCO instances document over the two images (ids 1 and 2) with `annotations`. */
export const twoImageCoco = (annotations: unknown[], extra: Record<string, unknown> = {}) => ({
  images: [
    { id: 1, file_name: 'a.jpg', width: 40, height: 30 },
    { id: 2, file_name: 'b.png', width: 40, height: 30 },
  ],
  categories: [
    { id: 1, name: 'car' },
    { id: 2, name: 'person' },
  ],
  annotations,
  ...extra,
});

/** Writes `twoImageCoco(annotations)` to `<dir>/labels.json` and returns its path. */
export function writeTwoImageCoco(dir: string, annotations: unknown[]): string {
  const labels = join(dir, 'labels.json');
  writeFileSync(labels, JSON.stringify(twoImageCoco(annotations)));
  return labels;
}
