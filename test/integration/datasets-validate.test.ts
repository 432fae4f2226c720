// Every export format, written from a small real project, passes its own validator; a corrupted file fails it
// with the problem's file, line and field, through the CLI as a user runs it (exit codes, stderr, JSON).
import { spawnSync } from 'node:child_process';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportDataset } from '../../electron/datasets/export-dataset';
import { importDataset } from '../../electron/datasets/import-dataset';
import { validateDataset } from '../../electron/datasets/validate-dataset';
import { ProjectStore } from '../../electron/store/project-store';
import { EXPORT_FORMATS, VALIDATE_FORMATS } from '../../shared/datasets/formats';
import { exportOptions } from '../helpers/export-options';
import { makeTempDir } from '../helpers/temp-dir';
import { writeTwoImageCoco, writeTwoImages } from '../helpers/two-image-coco';

// As a user runs it: `npx visprompt datasets validate ...` (the package's bin).
const visprompt = resolve(import.meta.dirname, '..', '..', 'scripts', 'visprompt.mjs');
const run = (...args: string[]) =>
  spawnSync(process.execPath, [visprompt, 'datasets', ...args], { encoding: 'utf8' });

describe('datasets validate', () => {
  const { dir, cleanup } = makeTempDir('vps-datasets-validate-');
  let store: ProjectStore;
  const out = (format: string) => join(dir, `out-${format}`);

  beforeAll(async () => {
    store = ProjectStore.create(join(dir, 'p.vpstudio'), { name: 'Validate' });
    const images = await writeTwoImages(dir);
    const labels = writeTwoImageCoco(dir, [
      { id: 1, image_id: 1, category_id: 1, bbox: [1, 1, 10, 10] },
      { id: 2, image_id: 1, category_id: 2, segmentation: [[20, 2, 30, 2, 25, 12]] },
      // a mask: rows 10-29 of columns 2 and 3 (column-major runs)
      {
        id: 3,
        image_id: 2,
        category_id: 1,
        segmentation: { size: [30, 40], counts: [70, 20, 10, 20, 1080] },
      },
    ]);
    const report = await importDataset(store, { format: 'coco', labels, images, maxMegapixels: 10 });
    expect(report.issues.errors).toBe(0);
    for (const format of EXPORT_FORMATS)
      await exportDataset(store, exportOptions(out(format), { format, llavaTemplate: 'qa' }));
  });
  afterAll(() => {
    store?.close();
    cleanup();
  });

  it('every export format has a validator', () => {
    expect(EXPORT_FORMATS.every((f) => (VALIDATE_FORMATS as readonly string[]).includes(f))).toBe(true);
  });

  // LLaVA track regions need tracks, which this fixture has none of: its export is checked with the tracks'
  // round trip (sequences-export.test.ts).
  it.each(EXPORT_FORMATS.filter((f) => f !== 'llava-tracks'))(
    'a %s export validates with no error',
    async (format) => {
      const report = await validateDataset(format, out(format));
      expect(report.files.length).toBeGreaterThan(0);
      expect(report.issues.items.filter((i) => i.severity === 'error')).toEqual([]);
      expect(report.valid).toBe(true);
    },
  );

  it('the CLI says valid with exit 0, and reports a corrupted file by line and field with exit 1', () => {
    const ok = run('validate', '--format', 'odvg', out('odvg'));
    expect(ok.status, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({
      format: 'odvg',
      valid: true,
      files: ['label_map.json', 'odvg_train.jsonl'],
    });

    const lines = join(out('odvg'), 'odvg_train.jsonl');
    const first = JSON.parse(readFileSync(lines, 'utf8').split('\n')[0]!);
    first.detection.instances[0].bbox = [10, 10, 5, 20];
    appendFileSync(lines, `${JSON.stringify(first)}\n{"filename": "x.jpg"\n`);
    const bad = run('validate', '--format', 'odvg', out('odvg'));
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/^error: odvg_train\.jsonl: line 3: detection\.instances\[0\]\.bbox: /m);
    expect(bad.stderr).toMatch(/^error: odvg_train\.jsonl: line 4: Not valid JSON/m);
    expect(JSON.parse(bad.stdout)).toMatchObject({ valid: false, issues: { errors: 2 } });
  });

  it('validates one foreign file whatever its name, and refuses an unknown format', () => {
    const file = join(dir, 'mine.json');
    writeFileSync(file, JSON.stringify([{ messages: [{ role: 'user', content: 'Hi' }], images: ['a.jpg'] }]));
    const bad = run('validate', '--format', 'sharegpt', file);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('error: mine.json: [0]: messages: The last turn must be "assistant"');
    expect(bad.stderr).toContain(
      'error: mine.json: [0]: messages: The messages hold 0 <image> tags for 1 image',
    );
    const unknown = run('validate', '--format', 'yolo', file);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/^error \(invalid_input\): Unknown format "yolo"; validate checks coco, /);
    const none = run('validate', file);
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('validate needs --format, one of coco, ');
  });
});
