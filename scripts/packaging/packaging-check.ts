// The pure half of scripts/check-packaging.ts: given electron-builder's config and what the built app loads at run
// time, what the package would lack. A file is packaged when `files` takes it (patterns in order, `!` excludes;
// production node_modules are taken unless a pattern excludes them) or an `extraResources` entry copies it; it is
// unpacked from the asar when an `asarUnpack` pattern matches it (or `asar` is false). Native addons, their
// shared libraries, wasm, worker entries and what a worker requires must be unpacked: a worker thread and the
// dynamic loader read real files, not the archive.
import { builtinModules } from 'node:module';
import { minimatch } from 'minimatch';

export interface BuilderConfig {
  files?: string[];
  asarUnpack?: string[] | string;
  asar?: boolean;
  extraResources?: (string | { from: string; to?: string; filter?: string[] | string })[];
}

export interface RuntimeNeed {
  /** Relative to the app's root, with '/': 'out/main/classical-worker.js', 'node_modules/sharp/lib/index.js'. */
  path: string;
  /** Why the app needs it: 'native addon of better-sqlite3', 'worker entry'. */
  why: string;
  /** Must live outside the asar archive. */
  unpack: boolean;
}

export interface PackagingProblem extends RuntimeNeed {
  problem: 'not packaged' | 'not unpacked';
}

const list = (v: string[] | string | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const match = (path: string, pattern: string) => minimatch(path, pattern, { dot: true });

/** Whether `files` (in order, with negations) takes the path; node_modules of dependencies are in by default. */
export function packaged(config: BuilderConfig, path: string): boolean {
  let taken = path.startsWith('node_modules/');
  for (const raw of config.files ?? ['**/*']) {
    const negated = raw.startsWith('!');
    const pattern = negated ? raw.slice(1) : raw;
    if (match(path, pattern)) taken = !negated;
  }
  if (taken) return true;
  return (config.extraResources ?? []).some((entry) => {
    const from = (typeof entry === 'string' ? entry : entry.from).replace(/\/+$/, '');
    if (typeof entry === 'string' && /[*?[{]/.test(from)) return match(path, from);
    if (!(path === from || path.startsWith(`${from}/`))) return false;
    const filters = typeof entry === 'string' ? [] : list(entry.filter);
    const rest = path.slice(from.length + 1);
    return filters.length === 0 || filters.some((f) => match(rest, f));
  });
}

export function unpacked(config: BuilderConfig, path: string): boolean {
  if (config.asar === false) return true;
  return list(config.asarUnpack).some((pattern) => match(path, pattern));
}

export function checkPackaging(config: BuilderConfig, needs: readonly RuntimeNeed[]): PackagingProblem[] {
  const problems: PackagingProblem[] = [];
  for (const need of needs) {
    if (!packaged(config, need.path)) problems.push({ ...need, problem: 'not packaged' });
    else if (need.unpack && !unpacked(config, need.path)) problems.push({ ...need, problem: 'not unpacked' });
  }
  return problems;
}

/** Native files by name: addons, shared libraries (libvips-cpp.so.8.17.3, onnxruntime.dll) and wasm. */
export const isNativeFile = (name: string) => /\.(node|wasm|dylib|dll)$|\.so(\.\d+)*$/.test(name);

/** The packages a bundle requires or imports by name (not Node built-ins, not relative paths). */
export function requiredPackages(source: string): string[] {
  const names = new Set<string>();
  const pattern =
    /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|createRequire\([^)]*\)\s*\(\s*)["']([^"'.][^"']*)["']/g;
  for (const [, spec] of source.matchAll(pattern)) {
    if (spec!.startsWith('node:') || builtinModules.includes(spec!.split('/')[0]!)) continue;
    const parts = spec!.split('/');
    names.add(spec!.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!);
  }
  return [...names].sort();
}
