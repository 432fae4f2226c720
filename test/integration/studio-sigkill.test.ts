// kill -9 of the browser-mode studio (a real process, its HTTP API called as the renderer calls it) during a
// burst of annotation edits, during a dataset export, and at random moments of a mixed workload (edits, an
// export and a folder import at once), 10 times each at seeded moments, restarted each time. The client keeps
// a ledger of what the studio acknowledged; after each restart the project passes SQLite's checks, every
// acknowledged save is there as acknowledged (0 lost), a save in flight at the kill is there whole or not at
// all, an export's target is the earlier export or the new one whole (never half), the killed export's temp
// folders and journal are gone, and imported images are whole rows, each once.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ProjectStore } from '../../electron/store/project-store';
import type { JobInfo } from '../../shared/api';
import type { Annotation, Box } from '../../shared/domain';
import { seededRandom } from '../../shared/random';
import { makeFolderOfImages, makeImage } from '../helpers/images';
import {
  countIn,
  killHard,
  killMoments,
  projectHealth,
  queryProject,
  sleep,
  waitUntil,
} from '../helpers/kill-loop';
import { processCaller, startStudioProcess, type StudioProcess } from '../helpers/studio-process';
import { makeTempDir } from '../helpers/temp-dir';

const KILLS = 10;
const TOKEN = 'sigkill-test-token-0123456789abcdef';
const healthy = { integrity: 'ok', foreignKeys: [] };
type Call = ReturnType<typeof processCaller>;

/** A studio data dir, its fake renderer and a project of `images` generated frames with a label. */
async function setUp(dir: string, images: number) {
  const staticDir = join(dir, 'static');
  mkdirSync(staticDir, { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>studio</title>');
  const folder = join(dir, 'frames');
  await makeFolderOfImages(folder, images, { width: 64, height: 48, perFolder: 100 });
  const project = join(dir, 'p.vpstudio');
  const store = ProjectStore.create(project, { name: 'p' });
  const label = store.createLabel({ name: 'car' });
  store.close();
  const data = join(dir, 'data');
  const start = () =>
    startStudioProcess(data, {
      fromSource: true,
      args: ['--static', staticDir, '--token', TOKEN],
      env: { HOME: dir },
    });
  return { project, folder, data, labelId: label.id, start };
}

async function finished(call: Call, jobId: string, what: string): Promise<JobInfo> {
  let job!: JobInfo;
  await waitUntil(async () => (job = await call<JobInfo>('jobs.get', { jobId })).state !== 'running', {
    what: `the end of ${what}`,
    timeoutMs: 120_000,
  });
  if (job.state !== 'done') throw new Error(`${what} ended ${job.state}: ${job.error?.message}`);
  return job;
}

async function importFolder(call: Call, project: string, folder: string) {
  const { jobId } = await call<{ jobId: string }>('images.importFolder', { project, folder });
  return jobId;
}

// ---- The edits' ledger: what the studio acknowledged, and the one save of each image still in flight. ----

/** An image's annotations as `id -> box`; a box is its JSON (each box the test makes is unique). */
type ImageState = Map<number, string>;

interface InFlight {
  creates: string[];
  updates: Map<number, string>;
  deletes: Set<number>;
}

class EditLedger {
  readonly acked = new Map<number, ImageState>();
  readonly inFlight = new Map<number, InFlight>();
  saves = 0;
  writes = 0;
  private next = 0;

  constructor(readonly imageIds: number[]) {
    for (const id of imageIds) this.acked.set(id, new Map());
  }

  /** A box no other annotation has: the counter spelled into its corner. */
  newBox(): Box {
    const n = this.next++;
    const [x, y, w] = [n % 50, Math.floor(n / 50) % 40, 2 + (Math.floor(n / 2000) % 12)];
    return [x, y, x + w, y + 4];
  }

  /**
   * After a kill: each image must hold exactly what was acknowledged, or that plus its save in flight, whole.
   * The ledger then takes what is there (the save's new ids).
   */
  check(project: string): void {
    for (const imageId of this.imageIds) {
      const rows = queryProject<{ id: number; geometry: string }>(
        project,
        'SELECT id, geometry FROM annotations WHERE image_id = ?',
        imageId,
      );
      const there = new Map(rows.map((r) => [r.id, JSON.stringify(JSON.parse(r.geometry).box)]));
      const before = this.acked.get(imageId)!;
      const flight = this.inFlight.get(imageId);
      const spell = (state: ImageState, creates: string[] = []) =>
        [...[...state].map(([id, box]) => `${id}:${box}`), ...creates.map((b) => `new:${b}`)].sort();
      const seen = spell(
        new Map([...there].filter(([id]) => before.has(id))),
        [...there].filter(([id]) => !before.has(id)).map(([, box]) => box),
      );
      const acknowledged = spell(before);
      const withFlight = flight
        ? spell(
            new Map(
              [...before]
                .filter(([id]) => !flight.deletes.has(id))
                .map(([id, box]) => [id, flight.updates.get(id) ?? box]),
            ),
            flight.creates,
          )
        : acknowledged;
      const same = (a: string[], b: string[]) => JSON.stringify(a) === JSON.stringify(b);
      expect(
        same(seen, acknowledged) || same(seen, withFlight),
        `image ${imageId}: the acknowledged saves (${acknowledged.length} annotations), or those and its save in ` +
          `flight whole; found ${JSON.stringify(seen)}, acknowledged ${JSON.stringify(acknowledged)}, with the ` +
          `save in flight ${JSON.stringify(withFlight)}`,
      ).toBe(true);
      this.acked.set(imageId, there);
      this.inFlight.delete(imageId);
    }
  }

  /** One worker per image, saving until the studio stops answering: creates, updates and deletes mixed. */
  async burst(call: Call, project: string, labelId: number, random: () => number): Promise<void> {
    const worker = async (imageId: number) => {
      for (;;) {
        const state = this.acked.get(imageId)!;
        const ids = [...state.keys()];
        const pick = () => ids.splice(Math.floor(random() * ids.length), 1)[0]!;
        const flight: InFlight = { creates: [], updates: new Map(), deletes: new Set() };
        const r = random();
        const creates = state.size < 4 || r < 0.4 ? 1 + Math.floor(random() * 3) : r < 0.7 ? 1 : 0;
        for (let k = 0; k < creates; k++) flight.creates.push(JSON.stringify(this.newBox()));
        if (ids.length && r >= 0.4) flight.updates.set(pick(), JSON.stringify(this.newBox()));
        if (ids.length && r >= 0.7) flight.deletes.add(pick());
        const shape = (box: string) => ({
          labelId,
          kind: 'box',
          geometry: { kind: 'box', box: JSON.parse(box) as Box },
        });
        this.inFlight.set(imageId, flight);
        let saved: Annotation[];
        try {
          saved = await call<Annotation[]>('annotations.save', {
            project,
            imageId,
            upserts: [
              ...flight.creates.map(shape),
              ...[...flight.updates].map(([id, box]) => ({ id, ...shape(box) })),
            ],
            deletes: [...flight.deletes],
          });
        } catch {
          return; // the studio is gone: this save stays in flight
        }
        // Acknowledged: the ledger takes it.
        for (const id of flight.deletes) state.delete(id);
        for (const a of saved) state.set(a.id, JSON.stringify((a.geometry as { box: Box }).box));
        this.inFlight.delete(imageId);
        this.saves++;
        this.writes += flight.creates.length + flight.updates.size + flight.deletes.size;
      }
    };
    await Promise.all(this.imageIds.map(worker));
  }
}

// ---- Exports: the target is an earlier export or the new one, whole; nothing of a killed one is left. ----

/** What is beside the target that an export writes (its temp folders and a replaced export moved aside). */
const leftoversBeside = (target: string) =>
  readdirSync(dirname(target)).filter((n) => n.startsWith(`.${basename(target)}.export-`));

async function expectCleanedAfterRestart(target: string, data: string): Promise<void> {
  const journal = join(data, 'exports-in-progress');
  const left = () => [...leftoversBeside(target), ...(existsSync(journal) ? readdirSync(journal) : [])];
  await waitUntil(() => left().length === 0, {
    what: 'the export leftovers removed on start',
    output: () => JSON.stringify(left()),
    timeoutMs: 30_000,
  });
}

/** The export at `target` is whole: its manifest's files all there, its COCO files complete JSON. */
function expectWholeExport(target: string, images?: number): void {
  const manifest = JSON.parse(readFileSync(join(target, 'manifest.json'), 'utf8')) as {
    files: string[];
    counts: Record<string, { images: number }>;
  };
  const missing = manifest.files.filter((f) => !existsSync(join(target, f)));
  expect(missing, `files the manifest of ${target} lists but that are not there`).toEqual([]);
  for (const f of manifest.files.filter((f) => f.endsWith('.json')))
    expect(() => JSON.parse(readFileSync(join(target, f), 'utf8')), `${f} is whole JSON`).not.toThrow();
  if (images !== undefined)
    expect(Object.values(manifest.counts).reduce((n, c) => n + c.images, 0)).toBe(images);
}

const exportInput = (project: string, target: string) => ({
  project,
  target,
  format: 'coco',
  overwrite: true,
  images: 'copy',
  filters: { includeEmptyImages: true },
});

describe('the studio killed with SIGKILL', () => {
  const tmp = makeTempDir('vps-studio-kill-');
  afterAll(tmp.cleanup, 120_000); // thousands of files, on a loaded disk

  it(`keeps every acknowledged edit through ${KILLS} kills during a burst of saves`, async () => {
    const rig = await setUp(join(tmp.dir, 'edits'), 4);
    let studio: StudioProcess = await rig.start();
    let call = processCaller(studio);
    await finished(call, await importFolder(call, rig.project, rig.folder), 'the import');
    const imageIds = queryProject<{ id: number }>(rig.project, 'SELECT id FROM images').map((r) => r.id);
    const ledger = new EditLedger(imageIds);
    const moment = killMoments(0xed175);
    const random = seededRandom(0xb0057);
    const started = Date.now();
    for (let k = 0; k < KILLS; k++) {
      const burst = ledger.burst(call, rig.project, rig.labelId, random);
      // A random moment once this run has had saves acknowledged.
      const saves = ledger.saves;
      await waitUntil(() => ledger.saves >= saves + 5, { what: 'saves acknowledged', child: studio.child });
      await sleep(moment() * 400);
      await killHard(studio.child);
      await burst;
      studio = await rig.start();
      call = processCaller(studio);
      expect(projectHealth(rig.project), `after kill ${k + 1}`).toEqual(healthy);
      ledger.check(rig.project);
    }
    // Every save was acknowledged by a live studio: one more burst, stopped gracefully, and all of it is there.
    const burst = ledger.burst(call, rig.project, rig.labelId, random);
    await sleep(300);
    await studio.stop();
    await burst;
    ledger.check(rig.project);
    expect(ledger.writes).toBeGreaterThan(KILLS * 10);
    console.log(
      `edits: ${KILLS} kills survived, ${ledger.saves} acknowledged saves (${ledger.writes} creates, updates ` +
        `and deletes) checked, 0 lost, ${Date.now() - started} ms`,
    );
  }, 240_000);

  it(`leaves the earlier export whole and no leftovers through ${KILLS} kills during an export`, async () => {
    const rig = await setUp(join(tmp.dir, 'export'), 150);
    const target = join(tmp.dir, 'export', 'out');
    let studio = await rig.start();
    let call = processCaller(studio);
    await finished(call, await importFolder(call, rig.project, rig.folder), 'the import');
    // The first export whole, timed, so the kills fall within one; each kill then replaces it.
    const t0 = Date.now();
    const first = await call<{ jobId: string }>('datasets.export', exportInput(rig.project, target));
    await finished(call, first.jobId, 'the first export');
    const duration = Date.now() - t0;
    expectWholeExport(target, 150);
    const moment = killMoments(0xe4907);
    const started = Date.now();
    // Kills until KILLS of them landed mid-export: an export that ends before its kill (the machine's load
    // changes its speed) does not count, and the next kill comes sooner in the run.
    let midway = 0;
    let kills = 0;
    let share = 1;
    while (midway < KILLS && kills < KILLS * 3) {
      const { jobId } = await call<{ jobId: string }>('datasets.export', exportInput(rig.project, target));
      await sleep(moment() * duration * share);
      const job = await call<JobInfo>('jobs.get', { jobId }).catch(() => null);
      if (job?.state === 'running') midway++;
      else share /= 2;
      kills++;
      await killHard(studio.child);
      studio = await rig.start();
      call = processCaller(studio);
      await expectCleanedAfterRestart(target, rig.data);
      expectWholeExport(target, 150);
      expect(projectHealth(rig.project), `after kill ${kills}`).toEqual(healthy);
    }
    expect(midway, `kills that landed while the export ran, of ${kills}`).toBe(KILLS);
    // And the next export, uninterrupted, replaces it whole.
    const last = await call<{ jobId: string }>('datasets.export', exportInput(rig.project, target));
    await finished(call, last.jobId, 'the last export');
    expectWholeExport(target, 150);
    await studio.stop();
    console.log(
      `export: ${kills} kills survived (${midway} mid-export), the earlier export whole after each, ` +
        `leftovers removed on start; ${Date.now() - started} ms`,
    );
  }, 480_000);

  it(`stays consistent through ${KILLS} kills at random moments of edits, an export and an import at once`, async () => {
    const rig = await setUp(join(tmp.dir, 'mixed'), 4);
    const target = join(tmp.dir, 'mixed', 'out');
    const incoming = join(tmp.dir, 'mixed', 'incoming');
    let studio = await rig.start();
    let call = processCaller(studio);
    await finished(call, await importFolder(call, rig.project, rig.folder), 'the import');
    const imageIds = queryProject<{ id: number }>(rig.project, 'SELECT id FROM images').map((r) => r.id);
    const ledger = new EditLedger(imageIds);
    const moment = killMoments(0x313ed);
    const random = seededRandom(0x5eed5);
    const files = new Map<string, number>(); // every image file -> its size
    const addFrames = async (round: number) => {
      for (let i = 0; i < 40; i++) {
        const path = await makeImage(join(incoming, `r${round}`), `f${i}.jpg`, {
          width: 64,
          height: 48,
          format: 'jpeg',
          pattern: 5000 + round * 40 + i,
        });
        files.set(path, statSync(path).size);
      }
    };
    const started = Date.now();
    const did = { exports: 0, imports: 0 };
    let previousImages = countIn(rig.project, 'SELECT count(*) FROM images');
    for (let k = 0; k < KILLS; k++) {
      // Which work runs beside the edits is seeded too.
      const exporting = moment() < 0.7;
      const importing = moment() < 0.7;
      if (importing) await addFrames(k);
      const burst = ledger.burst(call, rig.project, rig.labelId, random);
      if (exporting) {
        did.exports++;
        await call('datasets.export', exportInput(rig.project, target));
      }
      if (importing) {
        did.imports++;
        await importFolder(call, rig.project, incoming);
      }
      await sleep(moment() * 1200);
      await killHard(studio.child);
      await burst;
      studio = await rig.start();
      call = processCaller(studio);
      expect(projectHealth(rig.project), `after kill ${k + 1}`).toEqual(healthy);
      ledger.check(rig.project);
      await expectCleanedAfterRestart(target, rig.data);
      if (existsSync(target)) expectWholeExport(target);
      const images = queryProject<{ path: string; size_bytes: number }>(
        rig.project,
        'SELECT path, size_bytes FROM images',
      );
      const wrong = images.filter((i) => i.path.startsWith(incoming) && files.get(i.path) !== i.size_bytes);
      expect(wrong, 'imported rows that are not a whole image').toEqual([]);
      expect(images.length, 'images lost by a kill').toBeGreaterThanOrEqual(previousImages);
      previousImages = images.length;
    }
    // The interrupted import runs again to its end: every frame once.
    await finished(call, await importFolder(call, rig.project, incoming), 'the import run again');
    const paths = queryProject<{ path: string }>(rig.project, 'SELECT path FROM images')
      .map((r) => r.path)
      .filter((p) => p.startsWith(incoming));
    expect(paths.sort(), 'every imported frame once').toEqual([...files.keys()].sort());
    await studio.stop();
    ledger.check(rig.project);
    console.log(
      `mixed: ${KILLS} kills survived (${did.exports} during exports, ${did.imports} during imports), ` +
        `${ledger.saves} acknowledged saves (${ledger.writes} writes) checked, 0 lost, ${Date.now() - started} ms`,
    );
  }, 240_000);
});
