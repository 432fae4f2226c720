// The `visprompt` CLI as a data team runs it: a project from a folder of real frames (and a broken file), the
// saved chains, a job run to its end with the real PicoDet and classical segmenter (progress on stderr, JSON on
// stdout), its status, items and review stats, and the documented exit codes for mistakes.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { BatchItem, BatchJob } from '../../shared/api/batch';
import { ProjectStore } from '../../electron/store/project-store';
import { hasSharedAssets, sharedPath } from '../helpers/shared-assets';
import { makeTempDir } from '../helpers/temp-dir';
import { visprompt } from '../helpers/visprompt-cli';
import { DRIVING_IMAGES } from './chains-fixtures';

const CHAIN = {
  steps: [{ op: 'detect-class', classes: ['car', 'person'] }, { op: 'boxes-to-prompts' }, { op: 'segment' }],
};

describe.skipIf(!hasSharedAssets)('visprompt CLI', () => {
  const tmp = makeTempDir('vps-cli-');
  afterAll(tmp.cleanup);
  const project = join(tmp.dir, 'drive.vpstudio');
  const common = ['--project', project, '--data-dir', join(tmp.dir, 'data')];
  const env = { VISPROMPT_MODELS_DIR: sharedPath('models') };
  const run = (...args: string[]) => visprompt(args, env);

  it('makes a project from a folder, saying which file it could not read', () => {
    const folder = join(tmp.dir, 'frames');
    mkdirSync(join(folder, 'day2'), { recursive: true });
    for (const p of DRIVING_IMAGES) copyFileSync(p, join(folder, 'day2', basename(p)));
    writeFileSync(join(folder, 'broken.jpg'), 'not a jpeg');
    const out = run('project', 'create', ...common, '--images', folder);
    expect(out.status, out.stderr).toBe(0);
    expect(out.json()).toMatchObject({ project, added: DRIVING_IMAGES.length });
    expect(out.json().skipped).toEqual([expect.objectContaining({ path: join(folder, 'broken.jpg') })]);
  });

  it('runs a chain as a job: progress on stderr, the job as JSON on stdout, then status, items, stats', () => {
    const store = ProjectStore.open(project);
    const saved = store.writeChains((c) =>
      c.saveChain({ name: 'Cars and people', chain: CHAIN as never, request: null }),
    );
    store.close();
    const chains = run('chains', 'list', ...common);
    expect(chains.json()).toEqual([
      expect.objectContaining({
        id: saved.id,
        name: 'Cars and people',
        steps: ['detect-class', 'boxes-to-prompts', 'segment'],
      }),
    ]);

    const out = run('jobs', 'run', ...common, '--chain', String(saved.id));
    expect(out.status, out.stderr).toBe(0);
    const job = out.json() as BatchJob;
    expect(job).toMatchObject({ status: 'done', total: DRIVING_IMAGES.length, name: 'Cars and people' });
    expect(job.counts.done).toBe(DRIVING_IMAGES.length);
    expect(out.stderr).toMatch(
      new RegExp(`job ${job.id} "Cars and people": ${DRIVING_IMAGES.length}/${DRIVING_IMAGES.length} images`),
    );

    const status = run('jobs', 'status', ...common);
    expect((status.json() as BatchJob[]).map((j) => j.id)).toEqual([job.id]);
    const items = run('jobs', 'items', ...common, '--job', String(job.id)).json() as BatchItem[];
    expect(items.map((i) => i.state)).toEqual(Array(DRIVING_IMAGES.length).fill('done'));
    const stats = run('review', 'stats', ...common, '--job', String(job.id)).json();
    expect(stats.byState.proposed).toBe(job.proposals);
    expect(job.proposals).toBeGreaterThan(0);
    // A second resume of a finished job is a conflict.
    const again = run('jobs', 'resume', ...common, '--job', String(job.id));
    expect(again.status).toBe(4);
    expect(again.stderr).toMatch(/^error \(conflict\): Job \d+ is done/);
  });

  it.each([
    ['no command', [], 2, /Usage: visprompt/],
    ['an unknown command', ['jobs', 'fly', 'COMMON'], 2, /No jobs command 'fly'/],
    ['no --project', ['chains', 'list'], 2, /needs --project/],
    [
      'an unknown option',
      ['chains', 'list', '--projekt', 'x'],
      2,
      /error \(invalid_input\): Unknown option '--projekt'/,
    ],
    [
      'a project that is not there',
      ['chains', 'list', '--project', '/nowhere/x.vpstudio'],
      3,
      /error \(not_found\)/,
    ],
    ['a chain file that is not JSON', ['jobs', 'run', 'COMMON', '--chain-file', 'BAD'], 2, /is not JSON/],
    ['a job that is not there', ['jobs', 'status', 'COMMON', '--job', '99'], 3, /error \(not_found\)/],
  ])('exits with a clear message on %s', (_, args, code, message) => {
    const bad = join(tmp.dir, 'bad.json');
    writeFileSync(bad, '{ steps: ');
    const out = run(...args.flatMap((a) => (a === 'COMMON' ? common : a === 'BAD' ? [bad] : [a])));
    expect(out.status, out.stderr).toBe(code);
    expect(out.stderr).toMatch(message);
    expect(out.stdout).toBe('');
  });

  it('a job with a failed image exits 1 and says where to look', () => {
    const store = ProjectStore.open(project);
    const image = store.listImages({}, 0, 1).items[0]!;
    store.close();
    // The chain's image is replaced by a broken file: that image fails to decode, the others are done.
    writeFileSync(image.path, 'gone bad');
    const out = run('jobs', 'run', ...common, '--chain-file', writeChain());
    expect(out.status, out.stderr).toBe(1);
    const job = out.json() as BatchJob;
    expect(job.counts.done).toBe(DRIVING_IMAGES.length - 1);
    expect(job.counts.failed + job.counts.skipped).toBe(1);
    expect(out.stderr).toMatch(
      /1 images failed or were skipped: `visprompt jobs items --job \d+ --state failed,skipped`/,
    );
  });

  function writeChain() {
    const path = join(tmp.dir, 'chain.json');
    writeFileSync(path, JSON.stringify(CHAIN));
    return path;
  }
});
