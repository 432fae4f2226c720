// kill -9 during an async pre-label job: the `visprompt` CLI runs it against s3rver and the emulator's async
// endpoint (which lives on in this process, answering what was queued), is killed with SIGKILL at random
// moments and resumed each time. In the end every image is done exactly once with its proposal once (0 lost),
// and the endpoint was sent each request exactly once (0 sent twice): a resumed run collects the answers of the
// requests a killed one queued, from the project's ledger, instead of sending them again.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchJob } from '../../shared/api/batch';
import { DEFAULT_ENDPOINT_SETTINGS } from '../../shared/api/endpoints';
import { fixedGroundedContainer } from '../../scripts/emulators/sagemaker/fixed-container';
import { startAsyncRig, type AsyncRig } from '../helpers/async-endpoints';
import { useEmulatorKeys } from '../helpers/aws-env';
import { createTestStudio, projectWithImages, studioCaller } from '../helpers/studio-server';
import { makeTempDir } from '../helpers/temp-dir';
import { batchItemsDone, killJobMidRun, killMoments, projectHealth } from '../helpers/kill-loop';
import { startVisprompt } from '../helpers/visprompt-cli';
import { writeFrames } from './batch-fixtures';

const IMAGES = 80;
const KILLS = 6;

describe('an async job killed with SIGKILL', () => {
  const tmp = makeTempDir('vps-async-kill-');
  const saved = { ...process.env };
  const dataDir = join(tmp.dir, 'data');
  let rig: AsyncRig;
  let project: string;

  beforeAll(async () => {
    useEmulatorKeys();
    rig = await startAsyncRig({
      dir: tmp.dir,
      asyncContainers: { 'grounded-async': fixedGroundedContainer({ delayMs: 60 }) },
      instances: 3,
      queueDelayMs: 20,
    });
    const studio = createTestStudio(tmp.dir, { env: { VISPROMPT_MODELS_DIR: join(tmp.dir, 'no-models') } });
    const { call } = studioCaller(() => studio);
    await writeFrames(join(tmp.dir, 'frames'), IMAGES);
    ({ project } = await projectWithImages(call, tmp.dir, join(tmp.dir, 'frames')));
    await call('settings.update', {
      endpoints: {
        ...DEFAULT_ENDPOINT_SETTINGS,
        ...rig.settings,
        asyncGroundedSamEndpoint: 'grounded-async',
        asyncInFlight: 12,
        // A request whose sending a kill cut short is looked for this long (+ the timeout and a margin). Long
        // enough that a queue slowed by a loaded machine (CI runs every suite at once) does not expire requests.
        asyncRequestTtlSec: 10,
        requestTimeoutSec: 4,
      },
    });
    await studio.close();
  });

  afterAll(async () => {
    process.env = saved;
    await rig?.close();
    tmp.cleanup();
  });

  it(`finishes after ${KILLS} kills with 0 images lost and 0 requests sent twice`, async () => {
    const common = ['--project', project, '--data-dir', dataDir];
    // What a failure says: the items' reasons and what the endpoint did with each request.
    const why = (id: number) => {
      const db = new Database(project, { readonly: true });
      try {
        const reasons = db
          .prepare(
            "SELECT reason, count(*) AS n FROM batch_items WHERE job_id = ? AND state != 'done' GROUP BY 1",
          )
          .all(id);
        const outcomes: Record<string, number> = {};
        for (const o of rig.endpoints['grounded-async']!.outcomes)
          outcomes[o.outcome] = (outcomes[o.outcome] ?? 0) + 1;
        return JSON.stringify({ reasons, outcomes });
      } finally {
        db.close();
      }
    };
    let jobId: number | null = null;
    const moment = killMoments(0x1f2e3d4c);
    const killedAt: number[] = [];
    const inFlightAtKill: number[] = [];
    for (let k = 0; k < KILLS; k++) {
      const child = startVisprompt(
        jobId === null
          ? // Each kill counts an attempt for the images in flight: a budget for the kills, not for errors.
            ['jobs', 'run', ...common, '--kind', 'async-prelabel', '--text', 'car', '--max-attempts', '12']
          : ['jobs', 'resume', ...common, '--job', String(jobId)],
      );
      // Killed when requests are queued, running, answered but not read, read but the image not yet marked done.
      jobId = await killJobMidRun(child, { project, afterMs: moment() * 300 });
      killedAt.push(batchItemsDone(project, jobId));
      inFlightAtKill.push(rig.endpoints['grounded-async']!.received.length - killedAt.at(-1)!);
      expect(projectHealth(project), `after kill ${k + 1}`).toEqual({ integrity: 'ok', foreignKeys: [] });
    }
    expect(killedAt.at(-1)!).toBeGreaterThan(0);
    expect(killedAt.some((d) => d < IMAGES)).toBe(true);
    // Kills left requests queued or answered but not collected: the next runs had to collect them.
    expect(inFlightAtKill.filter((n) => n > 0).length).toBeGreaterThan(KILLS / 2);

    expect(projectHealth(project)).toEqual({ integrity: 'ok', foreignKeys: [] });
    const final = startVisprompt(['jobs', 'resume', ...common, '--job', String(jobId)]);
    let stdout = '';
    let stderr = '';
    final.stdout!.on('data', (b: Buffer) => (stdout += b.toString()));
    final.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
    expect(await new Promise((r) => final.once('exit', r)), stderr).toBe(0);
    const job = JSON.parse(stdout) as BatchJob;
    expect(job.counts, why(jobId!)).toEqual({ pending: 0, running: 0, done: IMAGES, failed: 0, skipped: 0 });
    expect(job.proposals).toBe(IMAGES);

    const received = rig.endpoints['grounded-async']!.received;
    const perRequest = new Map<string, number>();
    for (const r of received) perRequest.set(r.inputKey, (perRequest.get(r.inputKey) ?? 0) + 1);
    // One request per image, each queued once.
    expect(perRequest.size).toBe(IMAGES);
    expect([...perRequest.values()].filter((n) => n > 1)).toEqual([]);

    const db = new Database(project, { readonly: true });
    try {
      const written = db
        .prepare('SELECT image_id, count(*) AS n FROM annotations WHERE job_id = ? GROUP BY image_id')
        .all(jobId) as { n: number }[];
      expect(written).toHaveLength(IMAGES);
      expect(written.filter((w) => w.n !== 1)).toEqual([]);
      // Nothing left in flight: every request's answer was collected.
      expect(db.prepare('SELECT count(*) FROM async_requests WHERE collected_at IS NULL').pluck().get()).toBe(
        0,
      );
    } finally {
      db.close();
    }
  }, 300_000);
});
