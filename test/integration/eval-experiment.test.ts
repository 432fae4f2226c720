// An experiment through the studio's API on the real driving frames and their imported ground truth: the
// classical engine and the SAM test graphs (exact SAM I/O) tried with centre point, box, box + centre and the
// corrective-click protocol, next to the filled-box and ellipse baselines, run as a batch job; its summary,
// worst objects, problems (KITTI truth is boxes only), report files (Markdown, CSV, PNG charts) and a chain job
// scored with COCO AP.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddingCache } from '../../electron/inference/embedding-cache';
import { createLocalSamSegmenter } from '../../electron/inference/local-sam';
import { MANIFEST, modelEntry } from '../../electron/inference/models/manifest';
import type { Studio } from '../../electron/studio/create-studio';
import type { BatchJob } from '../../shared/api/batch';
import type { ChainScore, EvalResult, EvalSummary } from '../../shared/api/eval';
import { hasSharedAssets } from '../helpers/shared-assets';
import { drivingTruthProject, MASKED_OBJECTS } from '../helpers/driving-truth';
import { writeSamTestModels } from '../helpers/sam-test-models';
import { picodet } from './chains-fixtures';
import { createTestStudio, jobResult, studioCaller } from '../helpers/studio-server';
import { makeTempDir } from '../helpers/temp-dir';

const STRATEGIES = ['centre', 'box', 'box-centre', 'clicks', 'filled-box', 'ellipse'] as const;

describe.skipIf(!hasSharedAssets)('evaluation experiment on the driving sample', () => {
  const tmp = makeTempDir('eval-');
  let studio: Studio;
  let project: string;
  const { call } = studioCaller(() => studio);
  const settled = async (jobId: number) => {
    for (;;) {
      const job = await call<BatchJob>('batch.get', { project, jobId });
      if (job.status !== 'running' && job.status !== 'queued') return job;
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  let job: BatchJob;
  let summary: EvalSummary;

  beforeAll(async () => {
    const entry = writeSamTestModels(
      join(tmp.dir, 'sam'),
      modelEntry(MANIFEST, 'mobile-sam'),
      'sam-hwc-in-graph',
    );
    const sam = createLocalSamSegmenter({
      entry,
      modelDir: join(tmp.dir, 'sam'),
      cache: new EmbeddingCache({ maxMemoryMB: 64, dir: join(tmp.dir, 'emb') }),
    });
    studio = createTestStudio(tmp.dir, { chainEngines: { segmenters: [sam], detectors: [picodet()] } });
    project = await drivingTruthProject(call, join(tmp.dir, 'truth.vpstudio'));
    job = await call<BatchJob>('batch.create', {
      project,
      kind: 'eval',
      spec: { strategies: STRATEGIES, engines: ['classical', 'sam-onnx'], maxClicks: 5 },
      images: { all: true },
    });
    job = await settled(job.id);
    summary = await call<EvalSummary>('eval.summary', { project, jobId: job.id });
  }, 300_000);
  afterAll(async () => {
    await studio?.close();
    tmp.cleanup();
  });

  it('runs as a job over every image and scores every masked object with every engine and strategy', () => {
    expect(job.status).toBe('done');
    expect(job.name).toBe(
      'eval: centre, box, box-centre, clicks, filled-box, ellipse on classical, sam-onnx',
    );
    expect(job.counts.done).toBe(job.total);
    expect(summary.objects).toBe(MASKED_OBJECTS);
    const all = summary.table.filter((r) => r.bucket === 'all');
    expect(all.map((r) => `${r.engine}/${r.strategy}`)).toEqual([
      'baseline/filled-box',
      'baseline/ellipse',
      'classical/centre',
      'classical/box',
      'classical/box-centre',
      'classical/clicks',
      'sam-onnx/centre',
      'sam-onnx/box',
      'sam-onnx/box-centre',
      'sam-onnx/clicks',
    ]);
    for (const r of all) expect(r.objects).toBe(MASKED_OBJECTS);
    // The buckets split the objects.
    for (const r of all) {
      const parts = summary.table.filter(
        (t) => t.engine === r.engine && t.strategy === r.strategy && t.bucket !== 'all',
      );
      expect(parts.reduce((n, t) => n + t.objects, 0)).toBe(MASKED_OBJECTS);
    }
  });

  it('counts what it cannot score instead of failing: the KITTI truth is boxes only', () => {
    // KITTI 000000: one Pedestrian box (its DontCare region is not an object to score).
    expect(summary.problems).toEqual([{ reason: 'truth is a box, not a mask', count: 1 }]);
  });

  it('scores the filled box as its true IoU (the box covers the mask, so recall is 1)', () => {
    const filled = summary.table.find((r) => r.strategy === 'filled-box' && r.bucket === 'all')!;
    expect(filled.recall).toBeCloseTo(1, 2);
    expect(filled.miou).toBeGreaterThan(0.4);
    expect(filled.miou).toBeLessThan(0.9);
    expect(filled.shapeGuesses).toBe(1);
  });

  it('says when the classical engine answered with a shape guess rather than a cut', () => {
    const box = summary.table.find(
      (r) => r.engine === 'classical' && r.strategy === 'box' && r.bucket === 'all',
    )!;
    expect(box.shapeGuesses).toBeGreaterThan(0.3);
    const sam = summary.table.find(
      (r) => r.engine === 'sam-onnx' && r.strategy === 'box' && r.bucket === 'all',
    )!;
    expect(sam.shapeGuesses).toBe(0);
  });

  it('records the corrective clicks: mIoU after each click, NoC@85 / NoC@90 within the cap', () => {
    expect(summary.clicks.map((c) => c.engine)).toEqual(['classical', 'sam-onnx']);
    for (const c of summary.clicks) {
      expect(c.objects).toBe(MASKED_OBJECTS);
      expect(c.miouPerClick).toHaveLength(5);
      expect(c.noc85).toBeGreaterThanOrEqual(1);
      expect(c.noc85).toBeLessThanOrEqual(5);
      expect(c.noc90).toBeGreaterThanOrEqual(c.noc85);
    }
    // The real engine gains from the corrections (the SAM test graphs only draw discs round the clicks).
    const classical = summary.clicks[0]!.miouPerClick;
    expect(classical[4]!).toBeGreaterThan(classical[0]! + 0.05);
  });

  it('lists the worst objects first with their masks to draw over the truth', async () => {
    const { results, total } = await call<{ results: EvalResult[]; total: number }>('eval.results', {
      project,
      jobId: job.id,
      engine: 'classical',
      strategy: 'centre',
      limit: 5,
    });
    expect(total).toBe(MASKED_OBJECTS);
    expect(results.map((r) => r.iou)).toEqual([...results.map((r) => r.iou)].sort((a, b) => a! - b!));
    const { rle } = await call<{ rle: { size: [number, number] } }>('eval.prediction', {
      project,
      resultId: results[0]!.id,
    });
    expect(rle.size).toEqual([720, 1280]);
  });

  it('writes the report: Markdown with the size table, CSVs, PNG charts', async () => {
    const folder = join(tmp.dir, 'report');
    const { files } = await call<{ files: string[] }>('eval.report', { project, jobId: job.id, folder });
    expect(files.sort()).toEqual(
      [
        'charts/clicks.png',
        'charts/iou-by-size.png',
        'charts/iou-histogram.png',
        'charts/precision-recall.png',
        'report.md',
        'results.csv',
        'summary.csv',
      ].sort(),
    );
    const md = readFileSync(join(folder, 'report.md'), 'utf8');
    expect(md).toContain('| prompt');
    expect(md).toContain('filled box (no engine)');
    expect(md).toContain('![clicks](charts/clicks.png)');
    const meta = await sharp(join(folder, 'charts', 'iou-by-size.png')).metadata();
    expect(meta.format).toBe('png');
    expect(meta.width).toBeGreaterThanOrEqual(800);
    const csv = readFileSync(join(folder, 'results.csv'), 'utf8').trim().split('\r\n');
    // One line per object, engine and strategy, plus the problems, plus the header.
    expect(csv.length).toBeGreaterThan(MASKED_OBJECTS * 10);
    expect(csv[0]).toMatch(/^image,imageId,truthId,label,engine/);
  });

  it('refuses a spec it cannot run with a clear message, and an engine that is not there', async () => {
    await expect(
      call('batch.create', { project, kind: 'eval', spec: { strategies: ['nope'] }, images: { all: true } }),
    ).rejects.toThrow(/invalid_input: The experiment: strategies\.0/);
    await expect(
      call('batch.create', {
        project,
        kind: 'eval',
        spec: { strategies: ['box'], engines: ['sam-huge'] },
        images: { all: true },
      }),
    ).rejects.toThrow(/engine 'sam-huge', which is not available \(available: classical, sam-onnx\)/);
  });

  it('scores chain runs with COCO AP by size bucket and class, side by side, and a chain job', async () => {
    const images = await call<{ items: { id: number; path: string }[] }>('images.list', { project });
    const bddImages = images.items.filter((i) => i.path.includes('bdd100k')).map((i) => i.id);
    const detect = { op: 'detect-class', classes: ['car', 'person'], minScore: 0.3 };
    const run = async (steps: unknown[]) => {
      const { jobId, runId } = await call<{ jobId: string; runId: number }>('chains.run', {
        project,
        chain: { steps },
        imageIds: bddImages,
      });
      await jobResult(call, jobId);
      return runId;
    };
    const boxes = await run([detect]);
    const masks = await run([detect, { op: 'boxes-to-prompts' }, { op: 'segment', model: 'classical-v1' }]);
    const scores = await call<ChainScore[]>('eval.scoreChains', {
      project,
      runIds: [boxes, masks],
      iouType: 'bbox',
      labels: ['car'],
    });
    expect(scores.map((s) => s.runId)).toEqual([boxes, masks]);
    for (const s of scores) {
      expect(s.images).toBe(3);
      expect(s.truths).toBe(22); // the BDD frames' cars
      expect(s.detections).toBeGreaterThan(5);
      expect(s.overall.ap).toBeGreaterThan(0.1);
      expect(s.overall.ap).toBeLessThan(1);
      expect(s.byClass.map((c) => c.label)).toEqual(['car']);
      // PicoDet at 320 px finds no object under 0.11 % of the frame (README's detector table).
      expect(s.byBucket.large.ap).toBeGreaterThan(s.byBucket.small.ap);
    }
    // Masks: segm AP of the segmented run is its own (the box-only run's masks are its filled boxes).
    const [segm] = await call<ChainScore[]>('eval.scoreChains', {
      project,
      runIds: [masks],
      labels: ['car'],
    });
    expect(segm!.iouType).toBe('segm');
    expect(segm!.overall.ap).toBeGreaterThan(0);
    // A job's proposals skip what repeats the imported truth: its score is what the proposals add, near nothing.
    const made = await call<BatchJob>('batch.create', {
      project,
      chain: { steps: [detect] },
      images: { imageIds: bddImages },
    });
    const [job1] = await call<ChainScore[]>('eval.scoreChains', {
      project,
      jobIds: [(await settled(made.id)).id],
      iouType: 'bbox',
      labels: ['car'],
    });
    expect(job1!.jobId).toBe(made.id);
    expect(job1!.detections).toBeLessThan(scores[0]!.detections);
    await expect(call('eval.scoreChains', { project, jobIds: [job.id] })).rejects.toThrow(
      /is an eval job; only chain jobs are scored/,
    );
    await expect(call('eval.scoreChains', { project })).rejects.toThrow(/name at least one chain run or job/);
  });
});
