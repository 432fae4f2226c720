// Whether an export may replace what is at its target. "Replace an existing folder" must never remove a project,
// its images or the studio's own folders, whatever path it is given: only a folder this studio exported (its
// manifest inside) holding nothing but what that export wrote is replaced. The same check answers the
// screen's question "what will be removed?" before the user confirms.
import { lstat, readdir, readFile, realpath } from 'node:fs/promises';
import { basename, join, relative, resolve } from 'node:path';
import { z } from 'zod';
import type { ExportTargetCheck } from '../../shared/api/datasets';
import { EXPORT_FORMATS, formatWriter } from '../../shared/datasets/formats';
import { StudioError } from '../../shared/errors';
import { isWithin } from '../fs/inside';

/** What a replaced folder must not be or hold. */
export interface TargetGuard {
  /** The open project's file. */
  projectFile: string;
  /** Where the project's images are. */
  imagePaths: readonly string[];
  /** The studio's own folders: its data dir, the projects folder. */
  protectedFolders: readonly string[];
}

export const MANIFEST_FILE = 'manifest.json';

/** The part of an export manifest that says what the export wrote. */
const manifestSchema = z.object({
  format: z.enum(EXPORT_FORMATS),
  studioVersion: z.string(),
  createdAt: z.string(),
  files: z.array(z.string()),
});

/** Files an OS drops into any folder it shows; an export holding them is still only an export. */
const OS_LITTER = new Set(['.DS_Store', 'Thumbs.db', 'desktop.ini']);
const PROJECT_FILE = /\.vpstudio(-wal|-shm|-journal)?$/i;

/** The real path when there is one (links resolved), else the path as given. */
const real = (path: string) => realpath(path).catch(() => resolve(path));

const examples = (names: string[]) =>
  names.slice(0, 3).join(', ') + (names.length > 3 ? ` and ${names.length - 3} more` : '');

/** What is at `target`, and whether an export may replace it (with why not), with what that would remove. */
export async function checkExportTarget(target: string, guard: TargetGuard): Promise<ExportTargetCheck> {
  const refused = (reason: string): ExportTargetCheck => ({
    exists: true,
    replaceable: false,
    reason,
    files: 0,
    bytes: 0,
  });
  const info = await lstat(target).catch(() => null);
  if (!info) return { exists: false, replaceable: true, files: 0, bytes: 0 };
  if (info.isSymbolicLink()) return refused('is a symbolic link, not an export folder');
  const at = await real(target);
  const projectFile = await real(guard.projectFile);
  if (at === projectFile) return refused("is the open project's file");
  if (!info.isDirectory()) return refused('is a file, not a folder');
  if (isWithin(projectFile, at)) return refused(`holds the open project (${basename(projectFile)})`);
  for (const folder of guard.protectedFolders) {
    const path = await real(folder);
    if (isWithin(path, at)) return refused(`${path === at ? 'is' : 'holds'} the studio's folder ${path}`);
  }
  const images = guard.imagePaths.filter((p) => isWithin(p, target) || isWithin(p, at));
  if (images.length > 0)
    return refused(
      `holds ${images.length} of the project's images (${examples(images.map((p) => relative(target, p)))})`,
    );

  let files: FoundFile[];
  try {
    files = await listFiles(target);
  } catch (err) {
    return refused(`cannot be read in full (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  const projects = files.filter((f) => PROJECT_FILE.test(f.path));
  if (projects.length > 0) return refused(`holds a project file (${examples(projects.map((f) => f.path))})`);
  const manifest = await readManifest(join(target, MANIFEST_FILE));
  if (!manifest) return refused(`has no export manifest (${MANIFEST_FILE}) this studio can read`);
  const writer = formatWriter(manifest.format);
  const expected = new Set([MANIFEST_FILE, ...manifest.files]);
  const imageFolders = new Set(writer.imageFolders);
  const unexpected = files.filter(
    (f) =>
      !expected.has(f.path) &&
      !(f.kind !== 'other' && inImageFolder(f.folder, imageFolders)) &&
      !OS_LITTER.has(basename(f.path)),
  );
  if (unexpected.length > 0)
    return refused(`holds files the export did not write (${examples(unexpected.map((f) => f.path))})`);
  return {
    exists: true,
    replaceable: true,
    files: files.length,
    bytes: files.reduce((sum, f) => sum + f.bytes, 0),
  };
}

/** Whether a folder is one of the image folders or inside one (KITTI tracking's sequence folders). */
const inImageFolder = (folder: string, imageFolders: ReadonlySet<string>) =>
  [...imageFolders].some((d) => folder === d || folder.startsWith(`${d}/`));

/** Throws the refusal of a target that may not be replaced, naming why. */
export function refuseReplacing(target: string, reason: string): never {
  throw new StudioError(
    'conflict',
    `${target} ${reason}; only a folder this studio exported is replaced. Choose another folder.`,
  );
}

interface FoundFile {
  /** Relative to the folder, with "/" (as an export's manifest lists files). */
  path: string;
  /** The folder it is in, the same way ('' at the top). */
  folder: string;
  kind: 'file' | 'link' | 'other';
  bytes: number;
}

/** Everything under `root` but folders, links not followed. */
async function listFiles(root: string): Promise<FoundFile[]> {
  const found: FoundFile[] = [];
  const walk = async (folder: string) => {
    for (const entry of await readdir(join(root, folder), { withFileTypes: true })) {
      const path = folder ? `${folder}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(path);
      else {
        const info = await lstat(join(root, path));
        const kind = entry.isFile() ? 'file' : entry.isSymbolicLink() ? 'link' : 'other';
        found.push({ path, folder, kind, bytes: kind === 'file' ? info.size : 0 });
      }
    }
  };
  await walk('');
  return found;
}

async function readManifest(path: string): Promise<z.output<typeof manifestSchema> | null> {
  try {
    return manifestSchema.parse(JSON.parse(await readFile(path, 'utf8')));
  } catch {
    return null;
  }
}
