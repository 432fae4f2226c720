// Path text handling for display and defaults. The renderer never touches the file system: these only
// split and join strings, keeping whichever separator the path already uses (POSIX or Windows).

export function separatorOf(path: string): '/' | '\\' {
  return path.includes('\\') && !path.includes('/') ? '\\' : '/';
}

export function joinPath(dir: string, name: string): string {
  const sep = separatorOf(dir);
  return dir.endsWith('/') || dir.endsWith('\\') ? dir + name : dir + sep + name;
}

export function baseName(path: string): string {
  const trimmed = path.replace(/[\\/]+$/, '');
  const i = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
  return i === -1 ? trimmed : trimmed.slice(i + 1);
}

export function dirName(path: string): string {
  const trimmed = path.replace(/[\\/]+$/, '');
  const i = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
  if (i === -1) return '';
  if (i === 0) return trimmed.slice(0, 1);
  // Keep "C:\" whole.
  if (/^[A-Za-z]:$/.test(trimmed.slice(0, i))) return trimmed.slice(0, i + 1);
  return trimmed.slice(0, i);
}

/** A project name as a file name: characters no file system accepts become '-'. */
export function fileNameFor(name: string): string {
  const clean = name
    .trim()
    .replace(/[<>:"/\\|?*]/g, '-')
    .split('')
    .filter((c) => c.charCodeAt(0) >= 32)
    .join('')
    .replace(/\s+/g, ' ')
    .replace(/^\.+/, '');
  return clean || 'Untitled';
}

export const PROJECT_EXTENSION = '.vpstudio';

/** Where a new project goes by default: <projects folder>/<name>.vpstudio */
export function defaultProjectPath(projectsDir: string, name: string): string {
  return joinPath(projectsDir, fileNameFor(name) + PROJECT_EXTENSION);
}

export interface Crumb {
  name: string;
  path: string;
}

/** "/home/ana/drive" -> [/, home, ana, drive]; "C:\data\drive" -> [C:\, data, drive], each with its path. */
export function breadcrumbs(path: string): Crumb[] {
  const sep = separatorOf(path);
  const drive = /^[A-Za-z]:[\\/]?/.exec(path);
  const root = drive ? drive[0].slice(0, 2) + sep : path.startsWith(sep) ? sep : '';
  const rest = path.slice(drive ? drive[0].length : root.length);
  const parts = rest.split(/[\\/]+/).filter(Boolean);
  const crumbs: Crumb[] = root ? [{ name: root, path: root }] : [];
  let current = root;
  for (const part of parts) {
    current = current === '' || current.endsWith(sep) ? current + part : current + sep + part;
    crumbs.push({ name: part, path: current });
  }
  return crumbs;
}
