// kill -9 at random moments: a job over real driving frames (PicoDet + the classical segmenter) run by the
// `visprompt` CLI as a child process, killed with SIGKILL ten times and resumed each time. In the end every
// image is done exactly once, no image has its proposals twice, what a person drew before is intact, and
// SQLite's integrity check passes.
import { copyFileSync, mkdirSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { ProjectStore } from '../../electron/store/project-store';
import type { BatchJob } from '../../shared/api/batch';
import { hasSharedAssets, sharedPath } from '../helpers/shared-assets';
import { makeTempDir } from '../helpers/temp-dir';
import { batchItemsDone, killJobMidRun, killMoments, projectHealth } from '../helpers/kill-loop';
import { startVisprompt, visprompt } from '../helpers/visprompt-cli';
import { DRIVING_IMAGES } from './chains-fixtures';

const COPIES = 12;
const KILLS = 10;
const CHAIN = {
  steps: [{ op: 'detect-class', classes: ['car', 'person'] }, { op: 'boxes-to-prompts' }, { op: 'segment' }],
};

describe.skipIf(!hasSharedAssets)('a batch job killed with SIGKILL', () => {
  const tmp = makeTempDir('vps-sigkill-');
  afterAll(tmp.cleanup);
  const project = join(tmp.dir, 'drive.vpstudio');
  const common = ['--project', project, '--data-dir', join(tmp.dir, 'data')];
  const env = { VISPROMPT_MODELS_DIR: sharedPath('models') };

  it(`finishes after ${KILLS} kills with every image done once and nothing duplicated`, async () => {
    const folder = join(tmp.dir, 'frames');
    mkdirSync(folder);
    for (let i = 0; i < COPIES; i++)
      for (const p of DRIVING_IMAGES)
        copyFileSync(p, join(folder, `${basename(p, extname(p))}-${i}${extname(p)}`));
    const total = COPIES * DRIVING_IMAGES.length;
    expect(visprompt(['project', 'create', ...common, '--images', folder], env).status).toBe(0);

    const store = ProjectStore.open(project);
    const chain = store.writeChains((c) =>
      c.saveChain({ name: 'Cars', chain: CHAIN as never, request: null }),
    );
    const label = store.createLabel({ name: 'car' });
    const first = store.listImages({}, 0, 1).items[0]!;
    const [manual] = store.saveAnnotations(
      first.id,
      [
        {
          labelId: label.id,
          kind: 'box',
          geometry: { kind: 'box', box: [5, 5, 50, 40] },
          rle: null,
          source: 'manual',
          modelId: null,
          promptId: null,
          score: null,
          reviewState: 'accepted',
        },
      ],
      [],
    );
    store.close();

    let jobId: number | null = null;
    const kills: number[] = [];
    const moment = killMoments(0x2545f491);
    for (let k = 0; k < KILLS; k++) {
      const args =
        jobId === null
          ? ['jobs', 'run', ...common, '--chain', String(chain.id)]
          : ['jobs', 'resume', ...common, '--job', String(jobId)];
      jobId = await killJobMidRun(startVisprompt(args, env), { project, afterMs: moment() * 400 });
      kills.push(batchItemsDone(project, jobId));
      expect(projectHealth(project), `after kill ${k + 1}`).toEqual({ integrity: 'ok', foreignKeys: [] });
    }
    // Killed half-way each time: progress was made, and work was left for the next run.
    expect(kills.at(-1)!).toBeGreaterThan(0);
    expect(kills.some((d) => d < total)).toBe(true);

    expect(projectHealth(project)).toEqual({ integrity: 'ok', foreignKeys: [] });
    const final = visprompt(['jobs', 'resume', ...common, '--job', String(jobId)], env);
    expect(final.status, final.stderr).toBe(0);
    const job = final.json() as BatchJob;
    expect(job.counts).toEqual({ pending: 0, running: 0, done: total, failed: 0, skipped: 0 });

    const db = new Database(project, { readonly: true });
    try {
      const rows = db
        .prepare(
          `SELECT i.image_id AS imageId, i.state, i.proposals,
             (SELECT count(*) FROM annotations a WHERE a.image_id = i.image_id AND a.job_id = i.job_id) AS written
           FROM batch_items i WHERE i.job_id = ?`,
        )
        .all(jobId) as { imageId: number; state: string; proposals: number; written: number }[];
      expect(rows).toHaveLength(total);
      // Every image's proposals exactly once: as many rows as its item counted, none left over.
      expect(rows.filter((r) => r.written !== r.proposals)).toEqual([]);
      const proposals = db.prepare('SELECT count(*) FROM annotations WHERE job_id = ?').pluck().get(jobId);
      expect(proposals).toBe(job.proposals);
      expect(job.proposals).toBeGreaterThan(0);
      const kept = db.prepare('SELECT source, geometry FROM annotations WHERE id = ?').get(manual!.id);
      expect(kept).toEqual({
        source: 'manual',
        geometry: JSON.stringify({ kind: 'box', box: [5, 5, 50, 40] }),
      });
    } finally {
      db.close();
    }
  }, 240_000);
});
