// An export is written to a hidden temp folder beside its target, `.<target>.export-<pid>-<8 hex>`, and a
// replaced export is moved aside to `<temp>.old` until the new one is in place. A process killed meanwhile
// leaves them behind; they are removed before the next export beside them and, through a journal of the exports
// under way, on the next start. Only folders named exactly so are touched, never one a live process is writing
// (its pid is in the name), and a replaced export left aside with nothing in its place is put back.
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { processAlive } from '../fs/process-alive';

/** `.<name>.export-<pid>-<hex>` (the pid is missing in folders left by earlier versions), maybe `.old`. */
const LEFTOVER = /^\.(.+)\.export-(?:(\d+)-)?([0-9a-f]{8})(\.old)?$/;

/** The temp folders of the exports this process is writing. */
const active = new Set<string>();

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

/** A new temp folder name for an export to `target`, marked as this process's until `release`. */
export function claimTempFolder(target: string): string {
  const temp = join(
    dirname(target),
    `.${basename(target)}.export-${process.pid}-${randomBytes(4).toString('hex')}`,
  );
  active.add(temp);
  return temp;
}

export function releaseTempFolder(temp: string): void {
  active.delete(temp);
}

/** Removes the export leftovers in `folder` whose writer is gone; puts back a replaced export left aside. */
export async function removeExportLeftovers(folder: string): Promise<void> {
  const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    const match = LEFTOVER.exec(entry.name);
    if (!match || !entry.isDirectory()) continue;
    const [, name, pid, , aside] = match;
    const path = join(folder, entry.name);
    const temp = aside ? path.slice(0, -'.old'.length) : path;
    if (active.has(temp)) continue;
    // This process's pid on a folder it is not writing: left by an earlier run that had the same pid.
    if (pid !== undefined && Number(pid) !== process.pid && processAlive(Number(pid))) continue;
    const target = join(folder, name!);
    if (aside && !(await exists(target))) await rename(path, target);
    else await rm(path, { recursive: true, force: true });
  }
}

/**
 * The exports under way, one small file each in `dir` (the studio's data dir), so the next start knows where
 * a killed export left its temp folder.
 */
export class ExportJournal {
  constructor(readonly dir: string) {}

  /** Notes an export under way; housekeeping only, so a data dir that cannot be written does not stop it. */
  async begin(temp: string): Promise<void> {
    await mkdir(this.dir, { recursive: true })
      .then(() => writeFile(this.entry(temp), `${JSON.stringify({ temp })}\n`))
      .catch(() => undefined);
  }

  async end(temp: string): Promise<void> {
    await rm(this.entry(temp), { force: true }).catch(() => undefined);
  }

  /** Cleans up after every export of the journal whose writer is gone (on start). */
  async recover(): Promise<void> {
    for (const name of await readdir(this.dir).catch(() => [])) {
      if (!name.endsWith('.json')) continue;
      const temp = await readFile(join(this.dir, name), 'utf8')
        .then((text) => (JSON.parse(text) as { temp?: unknown }).temp)
        .catch(() => undefined);
      if (typeof temp === 'string' && LEFTOVER.test(basename(temp)))
        await removeExportLeftovers(dirname(temp));
      const done = typeof temp !== 'string' || !((await exists(temp)) || (await exists(`${temp}.old`)));
      if (done) await rm(join(this.dir, name), { force: true });
    }
  }

  private entry(temp: string): string {
    return join(this.dir, `${basename(temp)}.json`);
  }
}
