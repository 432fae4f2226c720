// kill -9 during imports, as a user runs them: `visprompt project create --images` (a folder of images) and
// `visprompt datasets import` (a COCO file over a folder), each killed with SIGKILL at seeded random moments
// and run again. After every kill the project passes SQLite's checks and holds only whole rows: a folder
// import keeps every batch it wrote (each row the file's own hash and size), a dataset import is there whole or
// not at all; the killed writer's temp files go at the next start. Run again, each ends with every image once.
import { existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hashFile } from '../../electron/media/hash-file';
import { makeFolderOfImages, makeImage } from '../helpers/images';
import {
  countIn,
  exitOf,
  killHard,
  killMoments,
  outputOf,
  projectHealth,
  queryProject,
  waitForOutput,
} from '../helpers/kill-loop';
import { makeTempDir } from '../helpers/temp-dir';
import { startVisprompt, visprompt } from '../helpers/visprompt-cli';

const KILLS = 10;
const healthy = { integrity: 'ok', foreignKeys: [] };

/** The temp files of atomic writes under `dir` (any depth). */
function tempFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.tmp'));
}

describe('imports killed with SIGKILL', () => {
  const tmp = makeTempDir('vps-import-kill-');
  afterAll(tmp.cleanup, 120_000); // thousands of files, on a loaded disk

  it(`a folder import killed ${KILLS} times keeps what it wrote and ends with every image once`, async () => {
    const folder = join(tmp.dir, 'frames');
    const files = await makeFolderOfImages(folder, 300, { width: 64, height: 48, perFolder: 50 });
    const data = join(tmp.dir, 'data');
    const project = join(tmp.dir, 'folder.vpstudio');
    const args = ['project', 'create', '--project', project, '--data-dir', data, '--images', folder];
    const hashes = new Map<string, { sha256: string; size: number }>();
    const remember = async (path: string) =>
      hashes.set(path, { sha256: await hashFile(path), size: statSync(path).size });
    for (const f of files) await remember(f);

    // How long the whole import takes here from its first progress line (a loaded machine is slower), so the
    // kills fall within it: one run into a scratch project and data dir.
    const probe = startVisprompt([
      ...['project', 'create', '--project', join(tmp.dir, 'probe-folder.vpstudio')],
      ...['--data-dir', join(tmp.dir, 'probe-data'), '--images', folder],
    ]);
    await waitForOutput(probe, outputOf(probe), /import: \d+\/\d+ files/, 90_000);
    const started = Date.now();
    expect(await exitOf(probe)).toBe(0);
    const duration = Date.now() - started;

    const moment = killMoments(0x51ab1e);
    const kills: { imagesAfter: number; temps: number }[] = [];
    let extra = 0;
    let previous = 0;
    for (let attempt = 0; kills.length < KILLS; attempt++) {
      expect(attempt, `${KILLS} kills should land within 30 runs: ${JSON.stringify(kills)}`).toBeLessThan(30);
      const child = startVisprompt(args);
      const output = outputOf(child);
      // Once the folder is scanned and files are being read (its first progress line), a random moment.
      await waitForOutput(child, output, /import: \d+\/\d+ files/, 90_000).catch(async (e: unknown) => {
        if ((await exitOf(child)) === 0) return; // it finished before printing a line: a run, not a kill
        throw e;
      });
      await new Promise((r) => setTimeout(r, moment() * duration * 0.8));
      const finished = child.exitCode !== null;
      await killHard(child);
      const images = queryProject<{ path: string; sha256: string; size_bytes: number; width: number }>(
        project,
        'SELECT path, sha256, size_bytes, width FROM images',
      );
      expect(projectHealth(project), `after kill ${kills.length + 1}`).toEqual(healthy);
      // Whole rows only: each one the file's own hash, size and width; none twice; none lost since the last kill.
      const wrong = images.filter((i) => {
        const f = hashes.get(i.path);
        return !f || f.sha256 !== i.sha256 || f.size !== i.size_bytes || i.width !== 64;
      });
      expect(wrong, 'rows that are not a whole image of the folder').toEqual([]);
      expect(new Set(images.map((i) => i.path)).size, 'an image twice').toBe(images.length);
      expect(images.length, 'images lost by a kill').toBeGreaterThanOrEqual(previous);
      previous = images.length;
      if (finished) {
        // The run had finished before the kill: new frames in the folder give the next run work.
        for (let i = 0; i < 200; i++, extra++)
          await remember(
            await makeImage(join(folder, `more-${extra}`), `x-${extra}.jpg`, {
              width: 64,
              height: 48,
              format: 'jpeg',
              pattern: 1000 + extra,
            }),
          );
        continue;
      }
      kills.push({ imagesAfter: images.length, temps: tempFiles(join(data, 'cache')).length });
    }
    // The kills landed mid-import: some runs had written batches, work was left for the next.
    expect(kills.some((k) => k.imagesAfter < hashes.size)).toBe(true);

    const final = visprompt(args);
    expect(final.status, final.stderr).toBe(0);
    const report = final.json() as { added: number; alreadyPresent: number; skipped: unknown[] };
    expect(report.added + report.alreadyPresent).toBe(hashes.size);
    expect(report.skipped).toEqual([]);
    expect(projectHealth(project)).toEqual(healthy);
    const paths = queryProject<{ path: string }>(project, 'SELECT path FROM images').map((r) => r.path);
    expect(paths.sort(), 'every image of the folder once').toEqual([...hashes.keys()].sort());
    // The temp files the killed runs left in the thumbnail cache went at the next start.
    expect(tempFiles(join(data, 'cache')), 'temp files after a restart').toEqual([]);
    console.log(
      `folder import: ${kills.length} kills survived, ${hashes.size} images, ` +
        `temp files left by kills: ${kills.reduce((n, k) => n + k.temps, 0)}, all removed on start; ` +
        `a whole import takes ${duration} ms`,
    );
  }, 240_000);

  it(`a dataset import killed ${KILLS} times is there whole or not at all, and lands whole when run again`, async () => {
    const images = join(tmp.dir, 'dataset-images');
    const files = await makeFolderOfImages(images, 300, { width: 48, height: 40, perFolder: 300 });
    const PER_IMAGE = 12;
    const coco = {
      images: files.map((f, k) => ({ id: k + 1, file_name: relative(images, f), width: 48, height: 40 })),
      categories: ['car', 'person', 'bike'].map((name, k) => ({ id: k + 1, name })),
      annotations: files.flatMap((_, k) =>
        Array.from({ length: PER_IMAGE }, (_, j) => ({
          id: k * PER_IMAGE + j + 1,
          image_id: k + 1,
          category_id: (j % 3) + 1,
          bbox: [j, j, 10 + j, 8],
          area: (10 + j) * 8,
          iscrowd: 0,
        })),
      ),
    };
    const labels = join(tmp.dir, 'instances.json');
    writeFileSync(labels, JSON.stringify(coco));
    const total = { images: files.length, annotations: files.length * PER_IMAGE, labels: 3 };

    // How long an import takes here from its first progress line to its end (a loaded machine is slower), so the
    // kills fall within it: one whole run on a scratch project.
    const importArgs = (project: string) => [
      'datasets',
      'import',
      ...['--project', project, '--format', 'coco', '--labels', labels, '--images', images],
    ];
    const probe = startVisprompt(importArgs(join(tmp.dir, 'probe.vpstudio')));
    await waitForOutput(probe, outputOf(probe), /import \[/, 90_000);
    const started = Date.now();
    expect(await exitOf(probe)).toBe(0);
    const duration = Date.now() - started;

    let round = 0;
    const projectOf = (n: number) => join(tmp.dir, `dataset-${n}.vpstudio`);
    const countsOf = (project: string) =>
      existsSync(project)
        ? {
            images: countIn(project, 'SELECT count(*) FROM images'),
            annotations: countIn(project, 'SELECT count(*) FROM annotations'),
            labels: countIn(project, 'SELECT count(*) FROM labels'),
          }
        : null;
    const moment = killMoments(0xda7a5e7);
    const outcomes: string[] = [];
    for (let k = 0; k < KILLS; k++) {
      const project = projectOf(round);
      const child = startVisprompt(importArgs(project));
      const output = outputOf(child);
      // Once records are being matched to files (its first progress line), a random moment: probing the files,
      // writing the transaction, or just after it.
      await waitForOutput(child, output, /import \[/, 90_000);
      await new Promise((r) => setTimeout(r, moment() * duration));
      await killHard(child);
      const counts = countsOf(project);
      if (counts) expect(projectHealth(project), `after kill ${k + 1}`).toEqual(healthy);
      // Whole or nothing; a project the kill left empty (or not yet made) is where the import runs again.
      const nothing = counts === null || (counts.images === 0 && counts.annotations === 0);
      expect(nothing || JSON.stringify(counts) === JSON.stringify(total), JSON.stringify(counts)).toBe(true);
      outcomes.push(nothing ? 'nothing' : 'whole');
      if (!nothing) round++; // it had landed: the next kill on a new project
    }
    expect(outcomes.filter((o) => o === 'nothing').length, 'kills that landed mid-import').toBeGreaterThan(
      KILLS / 2,
    );

    const project = projectOf(round);
    const final = visprompt(importArgs(project));
    expect(final.status, final.stderr).toBe(0);
    expect(countsOf(project)).toEqual(total);
    expect(projectHealth(project)).toEqual(healthy);
    expect(countIn(project, 'SELECT count(DISTINCT path) FROM images'), 'every image once').toBe(
      total.images,
    );
    for (let n = 0; n < round; n++) rmSync(projectOf(n), { force: true });
    console.log(
      `dataset import: ${KILLS} kills survived (${outcomes.join(', ')}); a whole import takes ${duration} ms`,
    );
  }, 240_000);
});
