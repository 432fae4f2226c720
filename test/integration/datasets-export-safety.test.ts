// What an export may remove, read and leave behind (issue 18): "Replace an existing folder" replaces only an
// export this studio wrote; only the project's own image files are copied; an image gone since the last verify
// is skipped (or, strict, refuses the export); a crash's temp folders are cleaned up. Real project files, real
// images, real folders.
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { readFile, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { exportDataset } from '../../electron/datasets/export-dataset';
import { claimTempFolder, ExportJournal, releaseTempFolder } from '../../electron/datasets/export-leftovers';
import { importDataset } from '../../electron/datasets/import-dataset';
import { ProjectStore } from '../../electron/store/project-store';
import type { ExportTargetCheck } from '../../shared/api/datasets';
import type { AppSettings } from '../../shared/domain';
import { exportOptions } from '../helpers/export-options';
import { makeImage } from '../helpers/images';
import { studioErrorOf } from '../helpers/studio-error';
import { createTestStudio, projectWithImages, studioCaller } from '../helpers/studio-server';
import { makeTempDir } from '../helpers/temp-dir';
import { writeTwoImageCoco, writeTwoImages } from '../helpers/two-image-coco';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

/** A project p.vpstudio in its own folder with two imported, labelled images in images/. */
async function setup() {
  const { dir, cleanup } = makeTempDir('vps-datasets-safety-');
  const projectFile = join(dir, 'p.vpstudio');
  const store = ProjectStore.create(projectFile, { name: 'Safety' });
  cleanups.push(cleanup, () => store.close());
  const images = await writeTwoImages(dir);
  const labels = writeTwoImageCoco(dir, [
    { id: 1, image_id: 1, category_id: 1, bbox: [1, 1, 10, 10] },
    { id: 2, image_id: 2, category_id: 1, bbox: [2, 2, 10, 10] },
  ]);
  await importDataset(store, { format: 'coco', labels, images, maxMegapixels: 10 });
  return { store, dir, images, projectFile };
}

/**
 * Every path under `dir` (relative, sorted) with each file's bytes: to see that nothing changed. SQLite's -wal
 * and -shm files change as the open project is read; their being there is what counts.
 */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    out[path.slice(dir.length)] = /-(wal|shm)$/.test(path)
      ? 'sqlite'
      : entry.isFile()
        ? readFileSync(path).toString('base64')
        : entry.isDirectory()
          ? 'dir'
          : 'other';
  }
  return out;
}

const hidden = (dir: string) => readdirSync(dir).filter((n) => n.startsWith('.'));

describe('"Replace an existing folder" replaces only an export this studio wrote', () => {
  it('replaces an earlier export whole, keeping it in place until the new one is written', async () => {
    const { store, dir } = await setup();
    const target = join(dir, 'out');
    await exportDataset(store, exportOptions(target));
    const before = readFileSync(join(target, 'llava_train.json'), 'utf8');
    const seen: string[] = [];
    await exportDataset(
      store,
      exportOptions(target, {
        overwrite: true,
        format: 'blip2',
        // While the new export is written, the old one is still whole where it was.
        onProgress: () => seen.push(readFileSync(join(target, 'llava_train.json'), 'utf8')),
      }),
    );
    expect(seen).toEqual([before, before]);
    expect(readdirSync(target).sort()).toEqual([
      'blip2_train.csv',
      'blip2_train.json',
      'blip2_train.jsonl',
      'images',
      'manifest.json',
    ]);
    expect(hidden(dir)).toEqual([]);
  });

  it('keeps the earlier export when the new one fails', async () => {
    const { store, dir } = await setup();
    const target = join(dir, 'out');
    await exportDataset(store, exportOptions(target));
    const before = snapshot(target);
    const stop = new AbortController();
    const err = await studioErrorOf(
      exportDataset(
        store,
        exportOptions(target, { overwrite: true, signal: stop.signal, onProgress: () => stop.abort() }),
      ),
    );
    expect(err.code).toBe('cancelled');
    expect(snapshot(target)).toEqual(before);
    expect(hidden(dir)).toEqual([]);
  });

  type Case = [string, (t: Awaited<ReturnType<typeof setup>>) => Promise<string> | string, RegExp];
  const cases: Case[] = [
    ["the project's own folder", ({ dir }) => dir, /holds the open project/],
    ['the project file', ({ projectFile }) => projectFile, /is the open project's file/],
    ["the project's image folder", ({ images }) => images, /holds 2 of the project's images/],
    [
      'a folder holding another project file',
      async ({ store, dir }) => {
        const target = join(dir, 'out');
        await exportDataset(store, exportOptions(target));
        ProjectStore.create(join(target, 'other.vpstudio'), { name: 'Other' }).close();
        return target;
      },
      /holds a project file \(other\.vpstudio\)/,
    ],
    [
      'a folder without an export manifest',
      ({ dir }) => {
        mkdirSync(join(dir, 'notes'));
        writeFileSync(join(dir, 'notes', 'todo.txt'), 'keep me');
        return join(dir, 'notes');
      },
      /has no export manifest/,
    ],
    [
      'an export the user added a file to',
      async ({ store, dir }) => {
        const target = join(dir, 'out');
        await exportDataset(store, exportOptions(target));
        writeFileSync(join(target, 'my-notes.txt'), 'keep me');
        return target;
      },
      /holds files the export did not write \(my-notes\.txt\)/,
    ],
    [
      'a link to an export',
      async ({ store, dir }) => {
        await exportDataset(store, exportOptions(join(dir, 'out')));
        symlinkSync(join(dir, 'out'), join(dir, 'link'));
        return join(dir, 'link');
      },
      /is a symbolic link/,
    ],
  ];

  it.each(cases)('refuses %s and leaves everything as it was', async (_what, target, reason) => {
    const t = await setup();
    const path = await target(t);
    const before = snapshot(t.dir);
    const err = await studioErrorOf(exportDataset(t.store, exportOptions(path, { overwrite: true })));
    expect(err.code).toBe('conflict');
    expect(err.message).toMatch(reason);
    expect(err.message).toMatch(/only a folder this studio exported is replaced/);
    expect(snapshot(t.dir)).toEqual(before);
  });

  it('refuses the protected folders (the data dir, the projects folder) and any folder holding one', async () => {
    const { store, dir } = await setup();
    const projects = join(dir, 'exports', 'projects');
    await exportDataset(store, exportOptions(projects));
    for (const target of [projects, dirname(projects)]) {
      const err = await studioErrorOf(
        exportDataset(store, exportOptions(target, { overwrite: true, protectedFolders: [projects] })),
      );
      expect(err.message).toMatch(/(is|holds) the studio's folder .*projects/);
    }
    expect(existsSync(join(projects, 'manifest.json'))).toBe(true);
  });
});

describe('export copies only the images the project imported', () => {
  it('skips a project row pointing at a file it never imported (a doctored project), and says so', async () => {
    const { store, dir, projectFile } = await setup();
    const secret = join(dir, 'etc', 'shadow');
    mkdirSync(dirname(secret));
    writeFileSync(secret, 'root:$6$secret:19000:0:99999:7:::\n');
    const db = new Database(projectFile);
    db.prepare("UPDATE images SET path = ? WHERE path LIKE '%b.png'").run(secret);
    db.close();
    const target = join(dir, 'out');
    const report = await exportDataset(store, exportOptions(target));
    expect(report.imagesSkipped).toBe(1);
    expect(report.manifest.counts.train.images).toBe(1);
    expect(report.issues).toMatchObject({ errors: 0, warnings: 1 });
    expect(report.issues.items[0]).toMatchObject({ severity: 'warning', where: secret });
    expect(report.issues.items[0]!.message).toMatch(
      /not the file imported into the project; it was left out/,
    );
    const exported = readdirSync(join(target, 'images'));
    expect(exported).toEqual(['a.jpg']);
    expect(readFileSync(join(target, 'llava_train.json'), 'utf8')).not.toContain('shadow');
  });

  it('skips an image whose file was replaced by other content since the import', async () => {
    const { store, dir, images } = await setup();
    await makeImage(images, 'b.png', { width: 40, height: 30, format: 'png', pattern: 7 });
    const report = await exportDataset(store, exportOptions(join(dir, 'out')));
    expect(report.imagesSkipped).toBe(1);
    expect(report.issues.items.map((i) => i.where)).toEqual([join(images, 'b.png')]);
  });
});

describe('an image deleted since the last verify', () => {
  it('is left out with a warning; the rest is exported', async () => {
    const { store, dir, images } = await setup();
    await rm(join(images, 'b.png'));
    const target = join(dir, 'out');
    const report = await exportDataset(store, exportOptions(target));
    expect(report.imagesSkipped).toBe(1);
    expect(report.manifest.counts.train.images).toBe(1);
    expect(report.issues.items).toEqual([
      {
        severity: 'warning',
        where: join(images, 'b.png'),
        message: 'The image file is gone since the project last looked; it was left out.',
      },
    ]);
    expect(readdirSync(join(target, 'images'))).toEqual(['a.jpg']);
  });

  it('refuses the whole export when strict, writing nothing', async () => {
    const { store, dir, images } = await setup();
    await rm(join(images, 'b.png'));
    const err = await studioErrorOf(exportDataset(store, exportOptions(join(dir, 'out'), { strict: true })));
    expect(err.code).toBe('io_error');
    expect(err.message).toContain(join(images, 'b.png'));
    expect(err.message).toMatch(/gone since the project last looked/);
    expect(existsSync(join(dir, 'out'))).toBe(false);
    expect(hidden(dir)).toEqual([]);
  });
});

/** The pid of a process that has ended. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '0']);
  return child.pid!;
}

describe("a crashed export's leftovers", () => {
  it('are removed before the next export beside them: ours only, and never a live export', async () => {
    const { store, dir } = await setup();
    const dead = deadPid();
    mkdirSync(join(dir, 'other'));
    const leftovers = [
      `.out.export-${dead}-0a1b2c3d`,
      `.other.export-${dead}-0a1b2c3d.old`,
      '.out.export-deadbeef', // named as before the owner's pid was in the name
    ];
    const kept = [`.out.export-${process.ppid}-0a1b2c3d`, '.out.export-notes', '.out.exports', '.cache'];
    for (const name of [...leftovers, ...kept]) {
      mkdirSync(join(dir, name));
      writeFileSync(join(dir, name, 'manifest.json'), '{}');
    }
    await exportDataset(store, exportOptions(join(dir, 'out')));
    expect(hidden(dir).sort()).toEqual([...kept].sort());
  });

  it('a crash while swapping in the new export puts the earlier one back', async () => {
    const { store, dir } = await setup();
    const target = join(dir, 'out');
    await exportDataset(store, exportOptions(target));
    const before = snapshot(target);
    // The state a kill -9 between the two renames leaves: the earlier export aside, the new one complete.
    const temp = join(dir, `.out.export-${deadPid()}-0a1b2c3d`);
    await exportDataset(store, exportOptions(join(dir, 'fresh')));
    await rename(target, `${temp}.old`);
    await rename(join(dir, 'fresh'), temp);
    await exportDataset(store, exportOptions(join(dir, 'elsewhere')));
    expect(snapshot(target)).toEqual(before);
    expect(hidden(dir)).toEqual([]);
    expect(await readFile(join(target, 'manifest.json'), 'utf8')).toContain('"format": "llava"');
  });
});

describe('the datasets API', () => {
  async function studio() {
    const { dir, cleanup } = makeTempDir('vps-datasets-safety-api-');
    const running = createTestStudio(dir);
    cleanups.push(cleanup);
    const api = studioCaller(() => running);
    const folder = join(dir, 'photos');
    await makeImage(folder, 'a.jpg', { width: 40, height: 30, format: 'jpeg', pattern: 1 });
    await makeImage(folder, 'b.png', { width: 40, height: 30, format: 'png', pattern: 2 });
    const { project } = await projectWithImages(api.call, dir, folder);
    const exportTo = async (target: string, extra: Record<string, unknown> = {}) =>
      api.finished(
        (
          await api.call<{ jobId: string }>('datasets.export', {
            project,
            format: 'coco',
            target,
            filters: { includeEmptyImages: true },
            ...extra,
          })
        ).jobId,
      );
    return { dir, running, api, project, exportTo };
  }

  it('checkTarget says what replacing a folder removes, or why it may not be replaced', async () => {
    const { dir, running, api, project, exportTo } = await studio();
    const check = (target: string) =>
      api.call<ExportTargetCheck>('datasets.checkTarget', { project, target });
    const out = join(dir, 'out');
    expect(await check(out)).toEqual({ exists: false, replaceable: true, files: 0, bytes: 0 });
    expect((await exportTo(out)).state).toBe('done');
    const files = readdirSync(out, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    expect(await check(out)).toEqual({
      exists: true,
      replaceable: true,
      files: files.length,
      bytes: files.reduce((sum, e) => sum + statSync(join(e.parentPath, e.name)).size, 0),
    });
    expect(await check(dir)).toMatchObject({
      replaceable: false,
      reason: 'holds the open project (p.vpstudio)',
    });
    expect(await check(join(dir, 'photos'))).toMatchObject({
      replaceable: false,
      reason: "holds 2 of the project's images (a.jpg, b.png)",
    });
    const dataDir = join(dir, 'data');
    expect(await check(dataDir)).toMatchObject({
      replaceable: false,
      reason: `is the studio's folder ${dataDir}`,
    });
    await running.close();
  });

  it("never replaces the studio's data dir or projects folder, even when they hold an export's manifest", async () => {
    const { dir, running, api, exportTo } = await studio();
    const dataDir = join(dir, 'data');
    // An export's manifest copied into the data dir: still the data dir.
    await exportTo(join(dir, 'out'));
    writeFileSync(join(dataDir, 'manifest.json'), readFileSync(join(dir, 'out', 'manifest.json')));
    const before = snapshot(dataDir);
    const job = await exportTo(dataDir, { overwrite: true });
    expect(job).toMatchObject({ state: 'failed', error: { code: 'conflict' } });
    expect(job.error!.message).toMatch(/is the studio's folder/);
    expect(Object.keys(snapshot(dataDir))).toEqual(Object.keys(before));
    const { projectsDir } = await api.call<AppSettings>('settings.get', {});
    expect(projectsDir).toBe(join(dir, 'VisPrompt Projects'));
    const again = await exportTo(join(projectsDir, 'export'));
    expect(again.state).toBe('done'); // an export inside the projects folder is fine
    expect((await exportTo(projectsDir, { overwrite: true })).error!.message).toMatch(
      /is the studio's folder .*VisPrompt Projects/,
    );
    await running.close();
  });

  it('on start, removes the temp folder of an export the previous run was killed in', async () => {
    const { dir, cleanup } = makeTempDir('vps-datasets-safety-start-');
    cleanups.push(cleanup);
    // What a killed export leaves: its temp folder, half-written, and its journal entry.
    const journal = new ExportJournal(join(dir, 'data', 'exports-in-progress'));
    const temp = claimTempFolder(join(dir, 'out'));
    releaseTempFolder(temp);
    mkdirSync(join(temp, 'images'), { recursive: true });
    writeFileSync(join(temp, 'images', 'a.jpg'), 'half');
    await journal.begin(temp);
    const running = createTestStudio(dir);
    await expect.poll(() => existsSync(temp)).toBe(false);
    await expect.poll(() => readdirSync(journal.dir)).toEqual([]);
    await running.close();
  });
});
