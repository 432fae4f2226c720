// The datasets CLI as a user runs it: a real process on the real KITTI sample, its output and exit codes.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DRIVING_SAMPLE } from '../helpers/shared-assets';
import { makeTempDir } from '../helpers/temp-dir';

const cli = resolve(import.meta.dirname, '..', '..', 'electron', 'cli', 'datasets.ts');
const tsx = resolve(import.meta.dirname, '..', '..', 'node_modules', '.bin', 'tsx');
const run = (...args: string[]) => spawnSync(tsx, [cli, ...args], { encoding: 'utf8' });

describe.skipIf(!existsSync(DRIVING_SAMPLE))('datasets CLI', () => {
  const { dir, cleanup } = makeTempDir('vps-datasets-cli-');
  afterAll(cleanup);
  const project = join(dir, 'kitti.vpstudio');

  it('imports KITTI labels into a new project and exports BLIP-2 rows', () => {
    const imported = run(
      'import',
      '--project',
      project,
      '--format',
      'kitti',
      '--labels',
      join(DRIVING_SAMPLE, 'kitti_object'),
      '--images',
      join(DRIVING_SAMPLE, 'kitti_object'),
    );
    expect(imported.status, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ imagesAdded: 2, annotations: 4 });

    const out = join(dir, 'blip2');
    const exported = run(
      'export',
      '--project',
      project,
      '--format',
      'blip2',
      '--out',
      out,
      '--split',
      '1,0,0',
      '--images',
      'symlink',
    );
    expect(exported.status, exported.stderr).toBe(0);
    expect(readFileSync(join(out, 'blip2_train.csv'), 'utf8').split('\r\n').slice(0, 3)).toEqual([
      'Id,Question,Answer,Image',
      '000000-1,How many Pedestrians are in the image?,1,images/000000.png',
      '000003-1,How many Cars are in the image?,1,images/000003.png', // DontCare regions are not asked about
    ]);
  });

  it('imports into the labels a --label-map names and prints the mapping; bad JSON is refused', () => {
    const det = join(DRIVING_SAMPLE, 'bdd100k_det');
    const args = ['--format', 'bdd100k', '--labels', join(det, '12305469-7a4947e7.json'), '--images', det];
    const bad = run('import', '--project', project, ...args, '--label-map', '{car: Car}');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^error \(invalid_input\): --label-map is JSON like/);
    const imported = run('import', '--project', project, ...args, '--label-map', '{"car": "Car"}');
    expect(imported.status, imported.stderr).toBe(0);
    const report = JSON.parse(imported.stdout);
    expect(report.labelMap).toEqual([{ from: 'car', to: 'Car', annotations: 2 }]);
    expect(report.labelsCreated).not.toContain('car');
  });

  it('says what is wrong, with the documented exit codes', () => {
    const bad = run('export', '--project', project, '--format', 'yolo', '--out', join(dir, 'x'));
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^error \(invalid_input\): format: /);
    const exists = run('export', '--project', project, '--format', 'coco', '--out', dir);
    expect(exists.status, exists.stderr).toBe(4);
    expect(exists.stderr).toMatch(/already exists/);
  });
});
