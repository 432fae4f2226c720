// No API path escapes the roots it writes under: the export folder, the models folder, a report folder. Each
// entry point gets '..', an absolute path where a relative one is meant, a symbolic link pointing out and a NUL
// byte, through the studio's real API (createStudio + dispatch) on a real project file in a temp folder; each is
// refused with a clear message (never an internal error) or kept inside, and nothing is written outside.
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/studio/dispatch';
import type { Studio } from '../../electron/studio/create-studio';
import type { BatchJob } from '../../shared/api/batch';
import type { DatasetExportReport } from '../../shared/api/datasets';
import type { ImportReport } from '../../shared/domain';
import { makeImage } from '../helpers/images';
import { createTestStudio, studioCaller } from '../helpers/studio-server';
import { makeTempDir } from '../helpers/temp-dir';
import { twoImageCoco, writeTwoImages } from '../helpers/two-image-coco';

describe('paths stay inside their roots', () => {
  const tmp = makeTempDir('vps-paths-');
  const outside = join(tmp.dir, 'outside');
  let studio: Studio;
  const { call, finished, result } = studioCaller(() => studio);
  const envelope = (method: string, input: unknown) => dispatch(studio.handlers, method, input);
  let project: string;
  let images: string;

  /** Every file under `outside` (which the tests point their links and '..' at). */
  const outsideFiles = () => readdirSync(outside, { recursive: true }).map(String).sort();

  beforeAll(async () => {
    studio = createTestStudio(tmp.dir);
    mkdirSync(outside);
    writeFileSync(join(outside, 'victim.txt'), 'keep me');
    images = await writeTwoImages(tmp.dir);
    // An image of the same name as a record's, outside the image folder: a '..' record must not reach it.
    await makeImage(outside, 'a.jpg', { width: 40, height: 30, format: 'jpeg', pattern: 9 });
    project = (
      await call<{ path: string }>('projects.create', { path: join(tmp.dir, 'p.vpstudio'), name: 'p' })
    ).path;
    const labels = join(tmp.dir, 'labels.json');
    const ann = (id: number, image_id: number) => ({ id, image_id, category_id: 1, bbox: [2, 2, 10, 10] });
    writeFileSync(
      labels,
      JSON.stringify(
        twoImageCoco([ann(1, 1), ann(2, 2)], {
          images: [
            { id: 1, file_name: '../outside/a.jpg', width: 40, height: 30 },
            { id: 2, file_name: join(outside, '..', 'images', 'b.png'), width: 40, height: 30 },
          ],
        }),
      ),
    );
    const { jobId } = await call<{ jobId: string }>('datasets.import', {
      project,
      format: 'coco',
      labels,
      images,
    });
    await result(jobId);
  });
  afterAll(async () => {
    await studio?.close();
    tmp.cleanup();
  });

  it('a label file naming images with .. or an absolute path finds them inside the image folder only', async () => {
    const { items } = await call<{ items: { path: string }[] }>('images.list', { project });
    expect(items.map((i) => i.path).sort()).toEqual([join(images, 'a.jpg'), join(images, 'b.png')]);
  });

  it.each([
    ['projects.create', () => ({ path: join(tmp.dir, 'a\0b.vpstudio'), name: 'x' })],
    ['projects.open', () => ({ path: join(tmp.dir, 'p.vpstudio\0.jpg') })],
    ['images.importFolder', () => ({ project, folder: `${images}\0` })],
    ['images.relink', () => ({ project, folder: `${images}\0` })],
    ['datasets.import', () => ({ project, format: 'coco', labels: `${tmp.dir}/l\0.json`, images })],
    ['datasets.export', () => ({ project, format: 'coco', target: join(tmp.dir, 'out\0') })],
    ['datasets.checkTarget', () => ({ project, target: join(tmp.dir, 'out\0') })],
    ['datasets.validate', () => ({ format: 'coco', path: join(tmp.dir, 'l\0.json') })],
    ['models.setDir', () => ({ dir: join(tmp.dir, 'models\0') })],
    ['eval.report', () => ({ project, jobId: 1, folder: join(tmp.dir, 'report\0') })],
    ['settings.update', () => ({ projectsDir: join(tmp.dir, 'projects\0') })],
    ['system.listDir', () => ({ path: `${tmp.dir}\0` })],
    ['images.list', () => ({ project: `${project}\0` })],
  ])('%s refuses a path with a NUL byte, saying so, and saves nothing', async (method, input) => {
    const settingsBefore = await call('settings.get', {});
    const modelsBefore = await call<{ modelsDir: string }>('models.list', {});
    const out = await envelope(method, input());
    expect(out).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(!out.ok && out.error.message).toMatch(/cannot hold a NUL character/);
    expect(await call('settings.get', {})).toEqual(settingsBefore);
    expect((await call<{ modelsDir: string }>('models.list', {})).modelsDir).toBe(modelsBefore.modelsDir);
  });

  it('an export target that is a symbolic link pointing out is refused, and nothing is written there', async () => {
    const target = join(tmp.dir, 'linked-export');
    symlinkSync(outside, target);
    const before = outsideFiles();
    const check = await call<{ exists: boolean; replaceable: boolean; reason?: string }>(
      'datasets.checkTarget',
      {
        project,
        target,
      },
    );
    expect(check).toMatchObject({
      exists: true,
      replaceable: false,
      reason: 'is a symbolic link, not an export folder',
    });
    for (const overwrite of [false, true]) {
      const { jobId } = await call<{ jobId: string }>('datasets.export', {
        project,
        format: 'coco',
        target,
        overwrite,
      });
      const job = await finished(jobId);
      expect(job.state).toBe('failed');
      expect(job.error?.code).not.toBe('internal');
      expect(job.error?.message).toMatch(/symbolic link|already exists/);
    }
    expect(outsideFiles()).toEqual(before);
  });

  it.each(['kitti-tracking', 'bdd100k-track', 'coco-video'] as const)(
    'a sequence named with .. and slashes exports as %s inside the export folder only',
    async (format) => {
      const { items } = await call<{ items: { id: number }[] }>('images.list', { project });
      const seq = await call<{ id: number }>('sequences.create', {
        project,
        name: '../../outside/escaped',
        imageIds: items.map((i) => i.id),
      });
      const target = join(tmp.dir, `export-${format}`);
      const before = outsideFiles();
      try {
        const report = await result<DatasetExportReport>(
          (await call<{ jobId: string }>('datasets.export', { project, format, target })).jobId,
        );
        expect(report.manifest.files.length).toBeGreaterThan(0);
        for (const file of report.manifest.files) {
          expect(file.split('/')).not.toContain('..');
          expect(existsSync(join(target, file))).toBe(true);
        }
        const written = readdirSync(target, { recursive: true }).map(String);
        if (format === 'coco-video') {
          // The name is data there, written as it is; no file or folder is named after it.
          const json = written.find((f) => f.endsWith('.json') && f !== 'manifest.json')!;
          const doc = JSON.parse(readFileSync(join(target, json), 'utf8')) as { videos: { name: string }[] };
          expect(doc.videos.map((v) => v.name)).toEqual(['../../outside/escaped']);
        } else
          expect(written.some((f) => /(^|\/)__\.\._outside_escaped(\/|\.txt|\.json|$)/.test(f))).toBe(true);
        expect(outsideFiles()).toEqual(before);
        expect(readdirSync(tmp.dir).filter((f) => f.includes('escaped'))).toEqual([]);
      } finally {
        await call('sequences.remove', { project, sequenceId: seq.id });
      }
    },
  );

  describe('the models folder', () => {
    const models = join(tmp.dir, 'models');
    beforeAll(() => mkdirSync(models));

    it('refuses a relative models folder', async () => {
      const out = await envelope('models.setDir', { dir: 'models' });
      expect(out).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      expect(!out.ok && out.error.message).toMatch(/must be an absolute path/);
    });

    it.each([
      ["the model's folder", () => symlinkSync(outside, join(models, 'picodet-s-320-coco'))],
      [
        'a leftover .part file',
        () => {
          mkdirSync(join(models, 'picodet-s-320-coco'));
          symlinkSync(
            join(outside, 'victim.txt'),
            join(models, 'picodet-s-320-coco', 'picodet_s_320_coco.onnx.part'),
          );
        },
      ],
      [
        'a dangling link in place of the file',
        () => {
          mkdirSync(join(models, 'picodet-s-320-coco'));
          symlinkSync(
            join(outside, 'new.onnx'),
            join(models, 'picodet-s-320-coco', 'picodet_s_320_coco.onnx'),
          );
        },
      ],
    ])('a download never writes through %s linked outside it', async (_what, plant) => {
      const { rmSync } = await import('node:fs');
      rmSync(join(models, 'picodet-s-320-coco'), { recursive: true, force: true });
      plant();
      await call('models.setDir', { dir: models });
      const before = outsideFiles();
      const { jobId } = await call<{ jobId: string }>('models.download', { id: 'picodet-s-320-coco' });
      const job = await finished(jobId);
      expect(job.state).toBe('failed');
      expect(job.error?.code).toBe('invalid_input');
      expect(job.error?.message).toMatch(
        /A model file "picodet-s-320-coco\/picodet_s_320_coco\.onnx(\.part)?" (leads outside .* through a symbolic link|is a broken symbolic link)/,
      );
      expect(outsideFiles()).toEqual(before);
      expect(readFileSync(join(outside, 'victim.txt'), 'utf8')).toBe('keep me');
    });
  });

  describe('an evaluation report', () => {
    let jobId: number;
    beforeAll(async () => {
      let job = await call<BatchJob>('batch.create', {
        project,
        kind: 'eval',
        spec: { strategies: ['filled-box'], engines: ['classical'], truth: 'import' },
        images: { all: true },
      });
      while (job.status === 'running' || job.status === 'queued') {
        await new Promise((r) => setTimeout(r, 50));
        job = await call<BatchJob>('batch.get', { project, jobId: job.id });
      }
      expect(job.status).toBe('done');
      jobId = job.id;
    }, 60_000);

    it('is written inside its folder', async () => {
      const folder = join(tmp.dir, 'report');
      const { files } = await call<{ files: string[] }>('eval.report', { project, jobId, folder });
      expect(files).toContain('report.md');
      for (const f of files) expect(existsSync(join(folder, f))).toBe(true);
    });

    it('refuses a charts folder that is a link pointing out, writing nothing there', async () => {
      const folder = join(tmp.dir, 'report-linked');
      mkdirSync(folder);
      symlinkSync(outside, join(folder, 'charts'));
      const before = outsideFiles();
      const out = await envelope('eval.report', { project, jobId, folder });
      expect(out).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      expect(!out.ok && out.error.message).toMatch(
        /^A report file "charts\/.*\.png" leads outside .* through a symbolic link/,
      );
      expect(outsideFiles()).toEqual(before);
    });
  });

  it('a folder import through a link-looped folder ends, each image once', async () => {
    const folder = join(tmp.dir, 'looped');
    await makeImage(folder, 'c.png', { width: 8, height: 8, format: 'png', pattern: 3 });
    symlinkSync(folder, join(folder, 'loop'));
    const report = await result<ImportReport>(
      (await call<{ jobId: string }>('images.importFolder', { project, folder })).jobId,
    );
    expect(report.added).toBe(1);
  });
});
