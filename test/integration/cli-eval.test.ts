// `visprompt eval` as a user runs it (real processes): an experiment on a MOTS frame with its imported truth,
// followed to its end with the table on stdout, its report written; the tables again from `eval summary`; a chain
// run scored with `eval chains`; usage errors with exit 2 and a sentence saying what is missing.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasSharedAssets } from '../helpers/shared-assets';
import { MOTS, MOTS_FRAME } from '../helpers/mots-truth';
import { makeTempDir } from '../helpers/temp-dir';
import { visprompt } from '../helpers/visprompt-cli';

describe.skipIf(!hasSharedAssets)('visprompt eval', () => {
  const tmp = makeTempDir('vps-cli-eval-');
  const project = join(tmp.dir, 'truth.vpstudio');
  const data = ['--data-dir', join(tmp.dir, 'data')];

  beforeAll(() => {
    const imported = visprompt([
      'datasets',
      'import',
      '--project',
      project,
      '--format',
      'bdd100k',
      '--labels',
      join(MOTS, MOTS_FRAME.replace('.jpg', '.json')),
      '--images',
      MOTS,
    ]);
    expect(imported.status).toBe(0);
  }, 120_000);
  afterAll(() => tmp.cleanup());

  it('runs an experiment, prints its size table and writes the report', () => {
    const report = join(tmp.dir, 'report');
    const run = visprompt([
      'eval',
      'run',
      '--project',
      project,
      '--strategies',
      'box,centre,filled-box,ellipse',
      '--report',
      report,
      ...data,
    ]);
    expect(run.stderr).toMatch(/1\/1 images/);
    expect(run.status).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe(
      'eval: box, centre, filled-box, ellipse on classical: 13 objects on 1 images (job 1)',
    );
    expect(lines.find((l) => l.startsWith('| prompt'))).toMatch(
      /small \(\d+\) \| medium \(\d+\) \| large \(\d+\) \| all \(13\)/,
    );
    for (const name of ['filled box (no engine)', 'inscribed ellipse (no engine)', 'centre point', 'box'])
      expect(lines.some((l) => l.startsWith(`| ${name} `))).toBe(true);
    expect(run.stderr).toContain(`Report: ${report}/report.md (6 files)`);
    for (const f of ['report.md', 'summary.csv', 'results.csv', 'charts/iou-by-size.png'])
      expect(existsSync(join(report, f))).toBe(true);

    const again = visprompt(['eval', 'summary', '--project', project, '--job', '1', '--json', ...data]);
    expect(again.status).toBe(0);
    const summary = again.json() as { objects: number; table: { strategy: string }[] };
    expect(summary.objects).toBe(13);
    expect(new Set(summary.table.map((r) => r.strategy))).toEqual(
      new Set(['box', 'centre', 'filled-box', 'ellipse']),
    );
  }, 240_000);

  it('refuses what it cannot do with exit 2 and says why', () => {
    const noStrategies = visprompt(['eval', 'run', '--project', project, ...data]);
    expect(noStrategies.status).toBe(2);
    expect(noStrategies.stderr).toMatch(/eval run needs --strategies/);
    const badStrategy = visprompt(['eval', 'run', '--project', project, '--strategies', 'boxx', ...data]);
    expect(badStrategy.status).toBe(2);
    expect(badStrategy.stderr).toMatch(/The experiment: strategies\.0/);
    const noJobs = visprompt(['eval', 'chains', '--project', project, ...data]);
    expect(noJobs.status).toBe(2);
    expect(noJobs.stderr).toMatch(/eval chains needs --runs/);
    const notEval = visprompt(['eval', 'summary', '--project', project, '--job', '99', ...data]);
    expect(notEval.status).toBe(3);
  }, 120_000);
});
