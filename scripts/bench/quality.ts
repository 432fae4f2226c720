// `npx tsx scripts/bench/quality.ts [--readme]`: the README's quality tables, produced by the studio's own
// evaluation bench on the shared driving sample. Imports the frames with their ground truth as a user would
// (datasets import), runs an experiment (a batch job of kind 'eval') with the classical engine, the corrective
// clicks and the filled-box / ellipse baselines, and one with the best of three candidates; runs the local
// detector as a chain run and scores it with COCO AP by size and class. Prints one JSON object; with --readme it rewrites
// the tables between the README's <!-- bench:quality:* --> markers.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BatchJob } from '../../shared/api/batch';
import type { ChainScore, EvalSummary } from '../../shared/api/eval';
import { bucketTable, chainTable, clicksTable, pixelTable } from '../../shared/eval/tables';
import { picodet } from '../../test/integration/chains-fixtures';
import { drivingTruthProject, TRUTH_IMPORTS, type TruthImport } from '../../test/helpers/driving-truth';
import { createTestStudio, jobResult, studioCaller } from '../../test/helpers/studio-server';
import { settle } from './lib/batch-jobs';
import { exitUnlessSharedAssets } from './lib/shared-assets';

exitUnlessSharedAssets();
const dir = mkdtempSync(join(tmpdir(), 'vps-quality-'));
const studio = createTestStudio(dir, { chainEngines: { detectors: [picodet()] } });
const { call } = studioCaller(() => studio);

/** Every frame of the sample with truth; KITTI's and nuScenes' names mapped to the COCO names the detector uses. */
const IMPORTS: TruthImport[] = [
  ...TRUTH_IMPORTS.filter((i) => i.format === 'bdd100k'),
  { format: 'bdd100k', folder: 'bdd100k_det', labels: '12305469-7a4947e7.json' },
  { format: 'kitti', folder: 'kitti_object', labels: '.' },
  { format: 'kitti', folder: 'kitti_tracking', labels: '0001_000000.txt' },
  {
    format: 'coco',
    folder: 'nuscenes_coco',
    labels: 'n015-2018-07-18-11-07-57+0800__CAM_BACK_LEFT__1531883530447423.json',
  },
];
const LABEL_MAP = { Car: 'car', Pedestrian: 'person', pedestrian: 'person' };
const DETECTOR_CLASSES = ['car', 'person', 'truck', 'bus', 'traffic light'];

const project = await drivingTruthProject(call, join(dir, 'quality.vpstudio'), IMPORTS, LABEL_MAP);

async function settled(made: BatchJob): Promise<BatchJob> {
  const job = await settle(studio, project, made.id);
  if (job.status !== 'done') throw new Error(`job ${job.id} ended ${job.status}: ${job.error}`);
  return job;
}

async function experiment(spec: unknown): Promise<{ summary: EvalSummary; seconds: number }> {
  const started = performance.now();
  const job = await settled(
    await call<BatchJob>('batch.create', { project, kind: 'eval', spec, images: { all: true } }),
  );
  const summary = await call<EvalSummary>('eval.summary', { project, jobId: job.id });
  return { summary, seconds: Number(((performance.now() - started) / 1000).toFixed(1)) };
}

const prompts = await experiment({
  strategies: ['centre', 'box', 'box-centre', 'box-jitter', 'clicks', 'filled-box', 'ellipse'],
  engines: ['classical'],
  maxClicks: 20,
});
const best = await experiment({ strategies: ['centre', 'box'], engines: ['classical'], multimask: 'best' });

// Chain runs (the chains screen's), not jobs: a job skips proposals that repeat the imported truth.
const images = await call<{ items: { id: number }[] }>('images.list', { project, limit: 1000 });
const runIds: number[] = [];
for (const minScore of [0.4, 0.2]) {
  const { jobId, runId } = await call<{ jobId: string; runId: number }>('chains.run', {
    project,
    name: `PicoDet, score ≥ ${minScore}`,
    chain: { steps: [{ op: 'detect-class', classes: DETECTOR_CLASSES, minScore }] },
    imageIds: images.items.map((i) => i.id),
  });
  await jobResult(call, jobId);
  runIds.push(runId);
}
const detector = await call<ChainScore[]>('eval.scoreChains', {
  project,
  runIds,
  iouType: 'bbox',
  labels: DETECTOR_CLASSES,
});

const tables = {
  classical: bucketTable(prompts.summary),
  'classical-best': bucketTable(best.summary),
  pixels: pixelTable(prompts.summary),
  clicks: clicksTable(prompts.summary),
  detector: chainTable(detector),
};

if (process.argv.includes('--readme')) {
  const readmePath = new URL('../../README.md', import.meta.url).pathname;
  let readme = readFileSync(readmePath, 'utf8');
  for (const [name, table] of Object.entries(tables)) {
    const pattern = new RegExp(
      `(<!-- bench:quality:${name} -->\\n)[\\s\\S]*?(<!-- /bench:quality:${name} -->)`,
    );
    if (!pattern.test(readme)) throw new Error(`README has no <!-- bench:quality:${name} --> markers`);
    // Blank lines round the table, as Prettier keeps Markdown.
    readme = readme.replace(pattern, `$1\n${table}\n\n$2`);
  }
  writeFileSync(readmePath, readme);
}

await studio.close();
rmSync(dir, { recursive: true, force: true });
console.log(
  JSON.stringify(
    {
      objects: prompts.summary.objects,
      images: prompts.summary.images,
      problems: prompts.summary.problems,
      experimentSeconds: { prompts: prompts.seconds, bestOf3: best.seconds },
      table: prompts.summary.table,
      bestOf3: best.summary.table,
      clicks: prompts.summary.clicks,
      detector,
      markdown: tables,
    },
    null,
    2,
  ),
);
