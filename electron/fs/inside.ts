// Paths that must stay inside a root (an export folder, the models folder, a report folder): a relative path
// from a writer, a manifest or a user joined to the root, refused when it is absolute, climbs out with '..',
// holds a NUL, or (resolveInside) reaches outside the root through a symbolic link on the way.
import { lstat, realpath } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { hasNul } from '../../shared/api/kit';
import { StudioError } from '../../shared/errors';

/** Whether `path` is `folder` or below it (both absolute, compared as written). */
export function isWithin(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

const refuse = (what: string, rel: string, why: string) =>
  new StudioError('invalid_input', `${what} ${JSON.stringify(rel)} ${why}.`);

/**
 * `rel` under `root`, checked as written: not absolute (nor a Windows drive or UNC path on any platform), no
 * '..' that climbs out of `root`, no NUL. Cheap; for a folder the caller made itself (no links in it).
 */
export function joinInside(root: string, rel: string, what = 'The path'): string {
  if (hasNul(rel) || hasNul(root)) throw refuse(what, rel, 'holds a NUL character');
  if (isAbsolute(rel) || /^[A-Za-z]:/.test(rel) || rel.startsWith('\\\\'))
    throw refuse(what, rel, 'must be relative to its folder, not absolute');
  const base = resolve(root);
  const path = resolve(base, rel.replace(/\\/g, '/'));
  if (!isWithin(path, base)) throw refuse(what, rel, `leads outside ${base}`);
  return path;
}

/**
 * The real path of `path`: its links resolved as far as it exists, the rest as written; null when a link on the
 * way points nowhere (the write that creates its target would follow it: where to is unknown).
 */
async function realPathOf(path: string): Promise<string | null> {
  try {
    return await realpath(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    if ((await lstat(path).catch(() => null))?.isSymbolicLink()) return null;
    const parent = dirname(path);
    if (parent === path) return path;
    const real = await realPathOf(parent);
    return real === null ? null : join(real, basename(path));
  }
}

/**
 * `rel` under `root` as joinInside, and also after resolving the links on the way: a folder or file inside
 * `root` that is a symbolic link to somewhere outside it is refused (a write would land there). Returns the
 * path as written under `root`.
 */
export async function resolveInside(root: string, rel: string, what = 'The path'): Promise<string> {
  const path = joinInside(root, rel, what);
  const [realRoot, real] = await Promise.all([realPathOf(resolve(root)), realPathOf(path)]);
  if (real === null || realRoot === null)
    throw refuse(what, rel, 'is a broken symbolic link (or lies in one)');
  if (!isWithin(real, realRoot))
    throw refuse(what, rel, `leads outside ${resolve(root)} through a symbolic link (to ${real})`);
  return path;
}
