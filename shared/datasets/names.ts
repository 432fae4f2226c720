// File names for an export: whatever an image was called (folders, "..", absolute paths, characters a
// filesystem or a trainer chokes on, names that were not UTF-8), what lands under the export root is one plain,
// unique file name.
const MAX_NAME = 120;

/** The last path part, reduced to [A-Za-z0-9._-] (others become _), no leading dot, not empty. */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  let safe = base
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._-]/g, '_')
    .replace(/^[.]+/, '');
  if (safe === '' || /^_*$/.test(safe.replace(/\..*$/, '')))
    safe = `image${safe.includes('.') ? safe.slice(safe.indexOf('.')) : ''}`;
  if (safe.length > MAX_NAME) {
    const dot = safe.lastIndexOf('.');
    const ext = dot > 0 && safe.length - dot <= 10 ? safe.slice(dot) : '';
    safe = safe.slice(0, MAX_NAME - ext.length) + ext;
  }
  return safe;
}

/**
 * Hands out safe names whose stems are unique ignoring case: a-1.jpg after a.jpg or A.png, so names survive a
 * case-insensitive filesystem and formats that pair files by stem (KITTI's 000001.png with 000001.txt).
 */
export class NameAllocator {
  private readonly taken = new Set<string>();

  allocate(name: string): string {
    const safe = safeFileName(name);
    const dot = safe.lastIndexOf('.');
    const [stem, ext] = dot > 0 ? [safe.slice(0, dot), safe.slice(dot)] : [safe, ''];
    let candidate = stem;
    for (let n = 1; this.taken.has(candidate.toLowerCase()); n++) candidate = `${stem}-${n}`;
    this.taken.add(candidate.toLowerCase());
    return candidate + ext;
  }
}

/** The file name without its extension. */
export const stemOf = (name: string) => {
  const base = name.split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
};
