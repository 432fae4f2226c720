// `npx tsx scripts/check-packaging.ts` (after `electron-vite build`; npm test runs it): does electron-builder.yml
// package everything the built app loads at run time, and unpack from the asar what must be real files? It
// finds: every file of out/ (the bundles, the preload, the renderer), the worker entries the bundles locate by
// file name (and the packages those workers require, which then resolve from the unpacked folder), the native
// addons, shared libraries and wasm files of the production dependencies (package-lock.json), and the
// resources/ files the bundles name. Prints what is missing and exits 1; electron-builder itself is not run.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import yaml from 'js-yaml';
import {
  checkPackaging,
  isNativeFile,
  requiredPackages,
  type BuilderConfig,
  type RuntimeNeed,
} from './packaging/packaging-check';

const root = join(import.meta.dirname, '..');
const rel = (path: string) => relative(root, path).split(sep).join('/');

function* walk(dir: string): Generator<string> {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const path = join(dir, e.name);
    // A package's own node_modules holds other packages, each listed in the lock file on its own.
    if (e.isDirectory() && e.name !== 'node_modules') yield* walk(path);
    else if (e.isFile()) yield path;
  }
}

/** Production packages as installed: the lock file's entries not marked dev, present on disk. */
function productionPackages(): string[] {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { dev?: boolean; devOptional?: boolean }>;
  };
  return Object.entries(lock.packages)
    .filter(([path, p]) => path.startsWith('node_modules/') && !p.dev && !p.devOptional)
    .map(([path]) => path)
    .filter((path) => existsSync(join(root, path)));
}

export function runtimeNeeds(): RuntimeNeed[] {
  const out = join(root, 'out');
  if (!existsSync(join(out, 'main'))) throw new Error('No out/main: run `npx electron-vite build` first.');
  const needs: RuntimeNeed[] = [{ path: 'package.json', why: "the app's entry (main)", unpack: false }];
  const outFiles = [...walk(out)].filter((p) => !p.endsWith('.map'));
  for (const file of outFiles) needs.push({ path: rel(file), why: 'built app', unpack: false });

  // Worker entries: a bundle of out/main named in a string another bundle holds, not as an import.
  const mainBundles = outFiles.filter((p) => p.startsWith(join(out, 'main')) && p.endsWith('.js'));
  const sources = new Map(mainBundles.map((p) => [p, readFileSync(p, 'utf8')]));
  const workers = mainBundles.filter((candidate) => {
    const name = basename(candidate);
    const asString = new RegExp(`["'\`](?:\\.\\.?/)*${name.replace(/[.]/g, '\\.')}["'\`]`);
    const asImport = new RegExp(
      `(?:from\\s*|import\\s*\\(\\s*|import\\s*)["'][^"']*${name.replace(/[.]/g, '\\.')}["']`,
    );
    return [...sources].some(([p, src]) => p !== candidate && asString.test(src) && !asImport.test(src));
  });
  const production = new Set(productionPackages());
  for (const worker of workers) {
    needs.push({ path: rel(worker), why: 'worker entry (loaded by file name)', unpack: true });
    // What the worker requires resolves next to the unpacked worker, so it must be unpacked too.
    for (const pkg of requiredPackages(sources.get(worker)!)) {
      const dir = `node_modules/${pkg}`;
      if (!production.has(dir))
        throw new Error(`${rel(worker)} requires ${pkg}, which is not a production dependency.`);
      for (const file of walk(join(root, dir)))
        needs.push({ path: rel(file), why: `required by the worker ${basename(worker)}`, unpack: true });
    }
  }

  // Native addons, their shared libraries and wasm in the production dependencies.
  for (const dir of production)
    for (const file of walk(join(root, dir)))
      if (isNativeFile(basename(file)) && !rel(file).includes('/test/') && !rel(file).includes('/tests/'))
        needs.push({
          path: rel(file),
          why: `native file of ${dir.slice('node_modules/'.length)}`,
          unpack: true,
        });

  // resources/ files a bundle names (read with fs at run time rather than bundled).
  for (const src of sources.values())
    for (const [, path] of src.matchAll(/["'`](resources\/[\w./-]+)["'`]/g))
      if (existsSync(join(root, path!)) && statSync(join(root, path!)).isFile())
        needs.push({ path: path!, why: 'read at run time', unpack: false });
  return needs;
}

function main(): number {
  const config = yaml.load(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
  const needs = runtimeNeeds();
  const problems = checkPackaging(config, needs);
  const unpack = needs.filter((n) => n.unpack).length;
  if (problems.length === 0) {
    console.log(
      `electron-builder.yml packages all ${needs.length} run-time files (${unpack} unpacked from the asar).`,
    );
    return 0;
  }
  console.error(
    `electron-builder.yml misses ${problems.length} of the ${needs.length} files the built app loads:`,
  );
  for (const p of problems.slice(0, 50)) console.error(`  ${p.problem}: ${p.path} (${p.why})`);
  if (problems.length > 50) console.error(`  ... and ${problems.length - 50} more`);
  return 1;
}

process.exit(main());
