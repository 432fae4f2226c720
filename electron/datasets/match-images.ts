// Finds the image file a label record names, inside the image folder only: by its relative path, else by its
// file name (unique in the folder), else, for KITTI's .png names, by its stem. A name with "..", a drive or an
// absolute path is never followed outside the folder; it is looked up by its file name.
import { relative, sep } from 'node:path';
import { stemOf } from '../../shared/datasets/names';
import { scanFolder } from '../media/scan-folder';

export interface ImageIndex {
  /** The absolute path for a record's file name, or a reason it has none. */
  find(fileName: string): { path: string; note?: string } | { reason: string };
}

const push = (map: Map<string, string[]>, key: string, path: string) => {
  const list = map.get(key);
  if (list) list.push(path);
  else map.set(key, [path]);
};

export async function indexImages(folder: string): Promise<ImageIndex> {
  const byRelative = new Map<string, string>();
  const byName = new Map<string, string[]>();
  const byStem = new Map<string, string[]>();
  for await (const path of scanFolder(folder, { recursive: true })) {
    const rel = relative(folder, path).split(sep).join('/');
    byRelative.set(rel, path);
    const name = rel.slice(rel.lastIndexOf('/') + 1);
    push(byName, name, path);
    push(byStem, stemOf(name), path);
  }
  const unique = (list: string[] | undefined, what: string) =>
    list?.length === 1
      ? { path: list[0]! }
      : list && list.length > 1
        ? {
            reason: `${list.length} files in the folder are called ${what}; give its path relative to the folder.`,
          }
        : null;

  return {
    find(fileName) {
      const parts = fileName.replace(/\\/g, '/').split('/');
      const escapes = /^[A-Za-z]:$/.test(parts[0] ?? '') || parts[0] === '' || parts.includes('..');
      const rel = parts.filter((p) => p !== '.' && p !== '').join('/');
      if (!escapes) {
        const path = byRelative.get(rel);
        if (path) return { path };
      }
      const name = parts[parts.length - 1] ?? '';
      const note = escapes
        ? `"${fileName}" points outside the image folder; matched by its file name.`
        : undefined;
      const found =
        unique(byName.get(name), name) ??
        (name.toLowerCase().endsWith('.png') ? unique(byStem.get(stemOf(name)), `${stemOf(name)}.*`) : null);
      if (found && 'path' in found) return note ? { ...found, note } : found;
      return found ?? { reason: `No image called ${name} in the image folder.` };
    },
  };
}
