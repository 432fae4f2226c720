// `npx tsx scripts/bench/jobs.ts`: batch pre-labeling jobs (issue 11) end to end through the studio's dispatch.
// 1. 5,000 small generated PNGs imported into a project; a chain (a fixed box per image, then segment on the
//    SageMaker emulator's 'sam' endpoint with a fixed 100 ms latency, a box-fill container behind it) run as a
//    job at concurrency 8 and 32: images/s as a ratio of the ideal (concurrency / 0.1 s).
// 2. The studio process's RSS every 250 ms over the concurrency-32 run: first-quarter max vs last-quarter max.
// 3. kill -9 and resume: `visprompt jobs run` (a real child process) on 300 images, SIGKILLed at 5 random
//    moments and resumed with `visprompt jobs resume`; then lost items and duplicated proposals read from the
//    project file.
// 4. The local classical engine on 1,000 generated 640x360 frames: a job's images/s vs 1 / the engine's own
//    median single-image time (prepare + one box prompt on a fresh image).
// The emulator runs in a child process of its own (this file with --emulator), as a real endpoint is not in the
// studio's process: the figures are the studio's. Progress on stderr; one JSON object printed last on stdout.
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { ClassicalSegmenter } from '../../electron/inference/classical';
import type { Detection, DetectOptions, Detector, EngineImage } from '../../electron/inference/segmenter';
import { endpointClientOf } from '../../electron/inference/sagemaker/from-settings';
import { SagemakerSamSegmenter } from '../../electron/inference/sagemaker/sagemaker-sam';
import type { Studio } from '../../electron/studio/create-studio';
import type { BatchJob } from '../../shared/api/batch';
import type { ChainEnginesInfo } from '../../shared/api/chains';
import { DEFAULT_ENDPOINT_SETTINGS } from '../../shared/api/endpoints';
import type { Box, EndpointSettings, ImageRecord } from '../../shared/domain';
import { useEmulatorKeys } from '../../test/helpers/aws-env';
import { startSegmentEndpoints } from '../../test/helpers/segment-endpoints';
import { createTestStudio, projectWithImages, studioCaller } from '../../test/helpers/studio-server';
import { makeTempDir } from '../../test/helpers/temp-dir';
import { BoxFillSegmenter } from '../../test/integration/chains-fixtures';
import { makeImages, settle } from './lib/batch-jobs';
import { median, p95 } from './lib/stats';

const SMALL_IMAGES = 5000;
const LATENCY_MS = 100;
const CONCURRENCIES = [8, 32] as const;
const KILL_IMAGES = 300;
const KILLS = 5;
const KILL_CONCURRENCY = 4;
const FRAMES = 1000;
const SINGLE_SAMPLES = 30;
const BARE_IMAGES = 800;
const RSS_EVERY_MS = 250;
const BIN = resolve(import.meta.dirname, '..', 'visprompt.mjs');
const SELF = import.meta.filename;

const round = (v: number, digits = 1) => Number(v.toFixed(digits));
const log = (line: string) => process.stderr.write(`[bench jobs] ${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One box per image, always the same place: the cheap first step of every chain here. */
class FixedBoxDetector implements Detector {
  readonly engine = 'fixed-box';
  readonly modelId = 'fixed-box-v1';
  readonly classes: string[];
  constructor(
    private readonly share: number,
    private readonly label = 'object',
  ) {
    this.classes = [label];
  }
  async detect(image: EngineImage, _options: DetectOptions): Promise<Detection[]> {
    const mx = (image.width * (1 - this.share)) / 2;
    const my = (image.height * (1 - this.share)) / 2;
    const box: Box = [mx, my, image.width - mx, image.height - my];
    return [{ label: this.label, classId: 0, score: 0.9, box }];
  }
  async dispose(): Promise<void> {}
}

// ---- The emulator child: 'sam' (box fill) and 'grounded-sam' (one 'car' per image, box fill) on loopback.
if (process.argv[2] === '--emulator') {
  const dir = process.argv[3]!;
  const emulator = await startSegmentEndpoints(dir, {
    segmenter: new BoxFillSegmenter(),
    detector: new FixedBoxDetector(0.5, 'car'),
  });
  process.stdout.write(`${JSON.stringify({ url: emulator.url })}\n`);
  // Ends with its parent: stdin closes.
  process.stdin.resume();
  process.stdin.on('end', () => void emulator.close().then(() => process.exit(0)));
} else await main();

async function startEmulatorChild(dir: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', SELF, '--emulator', dir], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolveUrl, reject) => {
    lines.once('line', (line) => resolveUrl((JSON.parse(line) as { url: string }).url));
    child.once('exit', (code) => reject(new Error(`emulator exited ${code}`)));
  });
  return { url, child };
}

/** Each done item's time from its start to its 'done', read from the project file. */
function itemDurations(project: string, jobId: number): number[] {
  const db = new Database(project, { readonly: true, fileMustExist: true });
  try {
    const rows = db
      .prepare("SELECT duration_ms AS ms FROM batch_items WHERE job_id = ? AND state = 'done'")
      .all(jobId) as { ms: number }[];
    return rows.map((r) => r.ms);
  } finally {
    db.close();
  }
}

/** CPU time (user + system) a process has used so far, from /proc (Linux). */
function cpuMsOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks: USER_HZ is 100
  } catch {
    return Number.NaN;
  }
}

async function setFault(url: string, endpoint: string, fault: object | null) {
  const res = await fetch(`${url}/_emulator/faults/${endpoint}`, {
    method: fault ? 'PUT' : 'DELETE',
    body: fault ? JSON.stringify(fault) : undefined,
  });
  if (res.status !== 204) throw new Error(`fault ${endpoint}: ${res.status} ${await res.text()}`);
}

async function main() {
  const tmp = makeTempDir('vps-bench-jobs-');
  const started = performance.now();
  useEmulatorKeys();
  const { url, child: emulatorChild } = await startEmulatorChild(join(tmp.dir, 'emulator'));
  log(`emulator on ${url}`);
  const endpoints = (more: Partial<EndpointSettings> = {}): EndpointSettings => ({
    ...DEFAULT_ENDPOINT_SETTINGS,
    endpointUrl: url,
    samEndpoint: 'sam',
    embeddingMode: false,
    ...more,
  });
  const noModels = join(tmp.dir, 'no-models');
  mkdirSync(noModels);

  try {
    // ---- 1 and 2: throughput against a 100 ms endpoint, RSS over the concurrency-32 run.
    const small = join(tmp.dir, 'small');
    let t = performance.now();
    await makeImages(
      small,
      SMALL_IMAGES,
      (i) => ({ width: 64, height: 48, format: 'png', pattern: i + 1 }),
      'png',
    );
    const generateMs = performance.now() - t;
    log(`${SMALL_IMAGES} PNGs in ${round(generateMs / 1000)} s`);

    let studio: Studio = createTestStudio(join(tmp.dir, 's1'), {
      env: { VISPROMPT_MODELS_DIR: noModels },
      chainEngines: { detectors: [new FixedBoxDetector(0.5)] },
    });
    let { call } = studioCaller(() => studio);
    t = performance.now();
    const { project, images } = await projectWithImages(call, join(tmp.dir, 's1'), small);
    const importMs = performance.now() - t;
    const total = (await call<{ total: number }>('images.list', { project, limit: 1 })).total;
    log(`imported ${total} images in ${round(importMs / 1000)} s (first page ${images.length})`);
    await call('settings.update', { endpoints: endpoints() });
    const engines = await call<ChainEnginesInfo>('chains.engines', {});
    const samModel = engines.segmenters.find((s) => s.engine.startsWith('sagemaker'))!.modelId;
    const chainId = (
      await call<{ id: number }>('chains.save', {
        project,
        name: 'Box on SAM endpoint',
        chain: {
          steps: [
            { op: 'detect-class', classes: ['object'] },
            { op: 'boxes-to-prompts' },
            { op: 'segment', model: samModel },
          ],
        },
      })
    ).id;
    await setFault(url, 'sam', { latencyMs: LATENCY_MS });

    // The endpoint call alone (the studio's own SDK client and SAM endpoint engine, no queue, no store) on other
    // images at the same concurrency: what the machine and the call path allow, apart from the job machinery.
    const bare = join(tmp.dir, 'bare');
    await makeImages(
      bare,
      BARE_IMAGES,
      (i) => ({ width: 64, height: 48, format: 'png', pattern: 100_000 + i }),
      'png',
    );
    const bareImages: EngineImage[] = readdirSync(bare)
      .sort()
      .map((name) => ({ sha256: `bare-${name}`, path: join(bare, name), width: 64, height: 48 }));
    const bareCalls: Record<string, unknown>[] = [];
    for (const concurrency of CONCURRENCIES) {
      const segmenter = new SagemakerSamSegmenter(endpointClientOf(endpoints(), 'sam'));
      let next = 0;
      t = performance.now();
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          for (let i = next++; i < bareImages.length; i = next++) {
            const image = bareImages[i]!;
            await segmenter.prepare(image);
            await segmenter.segment(
              image,
              { box: [16, 12, 48, 36], points: [], previous: null },
              { multimask: false },
            );
          }
        }),
      );
      const seconds = (performance.now() - t) / 1000;
      await segmenter.dispose();
      const perSec = bareImages.length / seconds;
      bareCalls.push({
        concurrency,
        images: bareImages.length,
        imagesPerSec: round(perSec),
        ratioToIdeal: round(perSec / (concurrency / (LATENCY_MS / 1000)), 3),
      });
      log(`endpoint alone at ${concurrency}: ${round(perSec)}/s`);
    }

    const endpointRuns: Record<string, unknown>[] = [];
    let rss: { firstQuarterMaxMB: number; lastQuarterMaxMB: number; ratio: number; samples: number } | null =
      null;
    for (const concurrency of CONCURRENCIES) {
      const samples: number[] = [];
      const sampler =
        concurrency === 32 ? setInterval(() => samples.push(process.memoryUsage().rss), RSS_EVERY_MS) : null;
      const cpu = process.cpuUsage();
      const emulatorCpu = cpuMsOf(emulatorChild.pid!);
      t = performance.now();
      const made = await call<BatchJob>('batch.create', {
        project,
        chainId,
        images: { all: true },
        settings: { maxAttempts: 4, concurrency },
      });
      const job = await settle(studio, project, made.id);
      const seconds = (performance.now() - t) / 1000;
      if (sampler) clearInterval(sampler);
      const used = process.cpuUsage(cpu);
      const studioCpuMs = (used.user + used.system) / 1000;
      const emulatorCpuMs = cpuMsOf(emulatorChild.pid!) - emulatorCpu;
      const perSec = job.counts.done / seconds;
      const ideal = concurrency / (LATENCY_MS / 1000);
      const durations = itemDurations(project, job.id);
      endpointRuns.push({
        concurrency,
        status: job.status,
        done: job.counts.done,
        failed: job.counts.failed,
        seconds: round(seconds, 2),
        imagesPerSec: round(perSec),
        idealImagesPerSec: ideal,
        ratioToIdeal: round(perSec / ideal, 3),
        // Per image from start to its 'done' (batch_items.duration_ms), and the images in flight on average.
        itemMedianMs: round(median(durations)),
        itemP95Ms: round(p95(durations)),
        meanInFlight: round(durations.reduce((a, b) => a + b, 0) / 1000 / seconds, 1),
        // Where the time went: the studio's CPU (this process) and the emulator's, per image and per wall second.
        studioCpuMsPerImage: round(studioCpuMs / job.counts.done, 2),
        studioCpuShareOfOneCore: round(studioCpuMs / 1000 / seconds, 2),
        emulatorCpuMsPerImage: round(emulatorCpuMs / job.counts.done, 2),
      });
      log(
        `concurrency ${concurrency}: ${job.counts.done} done in ${round(seconds, 2)} s = ${round(perSec)}/s`,
      );
      if (sampler && samples.length >= 4) {
        const q = Math.floor(samples.length / 4);
        const first = Math.max(...samples.slice(0, q));
        const last = Math.max(...samples.slice(samples.length - q));
        rss = {
          firstQuarterMaxMB: round(first / 2 ** 20),
          lastQuarterMaxMB: round(last / 2 ** 20),
          ratio: round(last / first, 3),
          samples: samples.length,
        };
      }
    }
    await setFault(url, 'sam', null);
    await studio.close();

    // ---- 3: kill -9 and resume through the CLI.
    const cliHome = join(tmp.dir, 'cli');
    const cliFrames = join(cliHome, 'frames');
    mkdirSync(cliFrames, { recursive: true });
    for (const name of readdirSync(small).sort().slice(0, KILL_IMAGES))
      copyFileSync(join(small, name), join(cliFrames, name));
    studio = createTestStudio(cliHome, { env: { VISPROMPT_MODELS_DIR: noModels } });
    ({ call } = studioCaller(() => studio));
    await call('settings.update', { endpoints: endpoints({ groundedSamEndpoint: 'grounded-sam' }) });
    const cliProject = (await projectWithImages(call, cliHome, cliFrames, 'kill')).project;
    const cliEngines = await call<ChainEnginesInfo>('chains.engines', {});
    const cliSam = cliEngines.segmenters.find((s) => s.engine.startsWith('sagemaker'))!.modelId;
    const cliChain = (
      await call<{ id: number }>('chains.save', {
        project: cliProject,
        name: 'Grounded car on SAM',
        chain: {
          steps: [
            { op: 'detect-text', text: 'car' },
            { op: 'boxes-to-prompts' },
            { op: 'segment', model: cliSam },
          ],
        },
      })
    ).id;
    await studio.close();
    await setFault(url, 'sam', { latencyMs: LATENCY_MS });

    const common = ['--project', cliProject, '--data-dir', join(cliHome, 'data')];
    const env = { ...process.env, VISPROMPT_MODELS_DIR: noModels };
    const db = () => new Database(cliProject, { readonly: true, fileMustExist: true });
    const doneCount = (jobId: number | null): { jobId: number | null; done: number } => {
      const d = db();
      try {
        const id =
          jobId ?? (d.prepare('SELECT max(id) AS id FROM batch_jobs').get() as { id: number | null }).id;
        if (id === null) return { jobId: null, done: 0 };
        const row = d
          .prepare("SELECT count(*) AS n FROM batch_items WHERE job_id = ? AND state = 'done'")
          .get(id) as { n: number };
        return { jobId: id, done: row.n };
      } finally {
        d.close();
      }
    };
    let jobId: number | null = null;
    const kills: { afterFirstProgressMs: number; doneBefore: number; doneAtKill: number; exited: boolean }[] =
      [];
    const runChild = (args: string[]) => {
      const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
      child.stdout!.resume();
      child.stderr!.resume();
      return child;
    };
    for (let k = 0; k < KILLS; k++) {
      const before = doneCount(jobId).done;
      const child =
        jobId === null
          ? runChild([
              'jobs',
              'run',
              ...common,
              '--chain',
              String(cliChain),
              '--concurrency',
              String(KILL_CONCURRENCY),
            ])
          : runChild(['jobs', 'resume', ...common, '--job', String(jobId)]);
      let exited = false;
      const exit = new Promise<number | null>((r) =>
        child.once('exit', (code) => {
          exited = true;
          r(code);
        }),
      );
      // A random moment once this run has written something.
      for (;;) {
        if (exited) break;
        const now = doneCount(jobId);
        if (now.jobId !== null && now.done > before) {
          jobId = now.jobId;
          break;
        }
        await sleep(20);
      }
      const wait = Math.round(Math.random() * 1500);
      await Promise.race([sleep(wait), exit]);
      const atKill = doneCount(jobId).done;
      if (!exited) child.kill('SIGKILL');
      const code = await exit;
      kills.push({
        afterFirstProgressMs: wait,
        doneBefore: before,
        doneAtKill: atKill,
        exited: code !== null,
      });
      log(`kill ${k + 1}: ${before} -> ${atKill} done (${wait} ms after its first write)`);
    }
    const final = runChild(['jobs', 'resume', ...common, '--job', String(jobId)]);
    let finalOut = '';
    final.stdout!.on('data', (c: Buffer) => (finalOut += c.toString()));
    const finalCode = await new Promise<number | null>((r) => final.once('exit', r));
    await setFault(url, 'sam', null);
    const finalJob = JSON.parse(finalOut) as BatchJob;
    const d = db();
    const items = d
      .prepare('SELECT image_id AS imageId, state, proposals FROM batch_items WHERE job_id = ?')
      .all(jobId) as { imageId: number; state: string; proposals: number }[];
    const anns = d
      .prepare(
        'SELECT image_id AS imageId, count(*) AS n FROM annotations WHERE job_id = ? GROUP BY image_id',
      )
      .all(jobId) as { imageId: number; n: number }[];
    const duplicateRows = (
      d
        .prepare(
          `SELECT count(*) AS n FROM (SELECT image_id, count(*) AS c FROM annotations WHERE job_id = ?
           GROUP BY image_id, geometry, rle_counts HAVING c > 1)`,
        )
        .get(jobId) as { n: number }
    ).n;
    d.close();
    const annsOf = new Map(anns.map((a) => [a.imageId, a.n]));
    const lost = items.filter((i) => i.state !== 'done').length;
    const overProposals = items.filter((i) => (annsOf.get(i.imageId) ?? 0) > i.proposals).length;
    const missingProposals = items.filter((i) => (annsOf.get(i.imageId) ?? 0) < i.proposals).length;
    const killResume = {
      images: KILL_IMAGES,
      concurrency: KILL_CONCURRENCY,
      kills: kills.length,
      killsBeforeTheJobEnded: kills.filter((k) => !k.exited).length,
      killMoments: kills,
      finalExitCode: finalCode,
      finalStatus: finalJob.status,
      items: items.length,
      lostItems: lost,
      imagesWithMoreAnnotationsThanProposals: overProposals,
      imagesWithFewerAnnotationsThanProposals: missingProposals,
      duplicateAnnotationRows: duplicateRows,
      annotations: anns.reduce((s, a) => s + a.n, 0),
      jobProposals: finalJob.proposals,
    };
    log(`kill/resume: ${lost} lost, ${overProposals} duplicated, exit ${finalCode}`);

    // ---- 4: the classical engine, alone and as a job.
    const frames = join(tmp.dir, 'frames');
    t = performance.now();
    await makeImages(
      frames,
      FRAMES,
      (i) => ({ width: 640, height: 360, format: 'jpeg', pattern: i + 1, texture: true }),
      'jpg',
    );
    log(`${FRAMES} frames in ${round((performance.now() - t) / 1000)} s`);
    studio = createTestStudio(join(tmp.dir, 's4'), {
      env: { VISPROMPT_MODELS_DIR: noModels },
      chainEngines: { detectors: [new FixedBoxDetector(0.4)] },
    });
    ({ call } = studioCaller(() => studio));
    const framesProject = await projectWithImages(call, join(tmp.dir, 's4'), frames, 'frames');
    const page = await call<{ items: ImageRecord[] }>('images.list', {
      project: framesProject.project,
      limit: SINGLE_SAMPLES + 1,
    });

    // The engine's own time per image: a fresh image each time (its decode included), one box prompt.
    const engine = new ClassicalSegmenter();
    const detector = new FixedBoxDetector(0.4);
    const single: number[] = [];
    for (const [i, image] of page.items.entries()) {
      // Unlike the job's engine, this one has not seen these images: same first-touch cost.
      const engineImage: EngineImage = {
        sha256: `${image.sha256}#single`,
        path: image.path,
        width: image.width,
        height: image.height,
      };
      const [det] = await detector.detect(engineImage, { classes: ['object'] });
      const s = performance.now();
      await engine.prepare(engineImage);
      await engine.segment(engineImage, { box: det!.box, points: [], previous: null }, { multimask: false });
      if (i > 0) single.push(performance.now() - s); // the first one starts the worker
    }
    await engine.dispose();
    const singleMs = median(single);

    const classicalInfo = await call<ChainEnginesInfo>('chains.engines', {});
    const classicalModel =
      classicalInfo.segmenters.find((s) => s.engine === 'classical')?.modelId ?? 'classical-v1';
    t = performance.now();
    const made = await call<BatchJob>('batch.create', {
      project: framesProject.project,
      chain: {
        steps: [
          { op: 'detect-class', classes: ['object'] },
          { op: 'boxes-to-prompts' },
          { op: 'segment', model: classicalModel },
        ],
      },
      images: { all: true },
      settings: { maxAttempts: 2 },
    });
    const job = await settle(studio, framesProject.project, made.id);
    const jobSeconds = (performance.now() - t) / 1000;
    const frameDurations = itemDurations(framesProject.project, job.id);
    await studio.close();
    const jobRate = job.counts.done / jobSeconds;
    const engineRate = 1000 / singleMs;
    log(
      `classical job: ${job.counts.done} in ${round(jobSeconds, 2)} s; engine alone ${round(singleMs)} ms/image`,
    );

    console.log(
      JSON.stringify({
        endpoint: {
          images: total,
          imageSize: '64x48 PNG',
          generateSec: round(generateMs / 1000, 2),
          importSec: round(importMs / 1000, 2),
          latencyMs: LATENCY_MS,
          emulator: 'separate process (box-fill container)',
          endpointCallsAlone: bareCalls,
          runs: endpointRuns,
          targetRatio: 0.9,
        },
        rssConcurrency32: { ...rss, everyMs: RSS_EVERY_MS, target: 'ratio within 1.1' },
        killResume: { ...killResume, target: '0 lost, 0 duplicated' },
        classical: {
          frames: job.counts.done,
          frameSize: '640x360 JPEG (generated, textured)',
          status: job.status,
          failed: job.counts.failed + job.counts.skipped,
          jobConcurrency: job.settings.concurrency ?? 'cores',
          jobSeconds: round(jobSeconds, 2),
          jobImagesPerSec: round(jobRate, 2),
          engineMedianSingleImageMs: round(singleMs, 1),
          engineImagesPerSec: round(engineRate, 2),
          ratio: round(jobRate / engineRate, 3),
          itemMedianMs: round(median(frameDurations)),
          meanInFlight: round(frameDurations.reduce((a, b) => a + b, 0) / 1000 / jobSeconds, 1),
        },
        totalSec: round((performance.now() - started) / 1000, 1),
      }),
    );
  } finally {
    emulatorChild.stdin!.end();
    emulatorChild.kill('SIGTERM');
    tmp.cleanup();
  }
}
