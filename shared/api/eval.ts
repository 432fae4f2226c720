// The eval group: experiments that measure prompts and engines against the project's ground truth, and chain
// jobs scored with COCO AP. An experiment is a batch job of kind 'eval' (made with batch.create, so it has the
// jobs' progress, pause, resume and kill -9 guarantees); its scores are rows kept in the project (schema v9),
// one per ground-truth object, engine and strategy, so experiments made weeks apart can be compared.
import { z } from 'zod';
import type { Rle } from '../domain';
import { SEED_EDGES, type SizeBucket } from '../eval/size-buckets';
import { STRATEGIES } from '../eval/prompt-strategies';
import { filePath, id, method, none, project } from './kit';

/**
 * The prompts an experiment tries: the first-prompt strategies of shared/eval/prompt-strategies.ts, the
 * corrective-click protocol ('clicks'), and the trivial baselines that need no engine: the object's box filled,
 * and the ellipse inscribed in it.
 */
export const EVAL_STRATEGIES = [...STRATEGIES, 'clicks', 'filled-box', 'ellipse'] as const;
export type EvalStrategy = (typeof EVAL_STRATEGIES)[number];
export const BASELINE_STRATEGIES: readonly EvalStrategy[] = ['filled-box', 'ellipse'];
/** The engine name a baseline's rows carry. */
export const BASELINE_ENGINE = 'baseline';

const share = z.number().min(0).max(1);

export const evalSpecSchema = z
  .object({
    strategies: z.array(z.enum(EVAL_STRATEGIES)).min(1),
    /** Segmenter engines by name (classical, sam-onnx, sagemaker-sam, ...); empty: the studio's local one. */
    engines: z.array(z.string().min(1)).max(8).default([]),
    /** Seed of the random interior points and the jitter: the same seed gives the same prompts. */
    seed: z.number().int().min(0).default(0),
    /** Points of 'k-points'. */
    k: z.number().int().min(2).max(20).default(3),
    /** Jitter of 'box-jitter' as a share of the box's width and height. */
    jitter: z.number().min(0).max(0.5).default(0.1),
    /** Which of an engine's multimask candidates is scored: the best by IoU (an oracle) or the top-scored. */
    multimask: z.enum(['top', 'best']).default('top'),
    maxClicks: z.number().int().min(1).max(50).default(20),
    /** Size bucket edges as shares of the image area (the seeds': small < 0.11 %, medium up to 1 %). */
    edges: z
      .object({ small: share, medium: share })
      .strict()
      .refine((e) => e.small < e.medium, 'the small edge must be below the medium one')
      .default(SEED_EDGES),
    /** Which annotations are the truth: imported ones, or imported and hand-made ones. */
    truth: z.enum(['import', 'import+manual']).default('import'),
  })
  .strict();
export type EvalSpecInput = z.input<typeof evalSpecSchema>;
export type EvalSpec = z.output<typeof evalSpecSchema>;

/** One ground-truth object tried with one engine and one strategy, or an object or image that could not be. */
export interface EvalResult {
  id: number;
  jobId: number;
  imageId: number;
  /** The ground-truth annotation (null for a problem of the whole image, e.g. no ground truth). */
  truthId: number | null;
  label: string | null;
  engine: string;
  modelId: string | null;
  strategy: EvalStrategy;
  bucket: SizeBucket | null;
  /** The object's share of the image area. */
  areaShare: number | null;
  iou: number | null;
  precision: number | null;
  recall: number | null;
  boundaryF: number | null;
  /** The engine's own score of the candidate scored. */
  score: number | null;
  /** The engine answered with its shape prior (the classical engine's box-shaped guess), not a cut. */
  shapeGuess: boolean;
  /** 'clicks' only: IoU after each click, and clicks to reach IoU 0.85 / 0.9 (maxClicks when never). */
  clickIous: number[] | null;
  noc85: number | null;
  noc90: number | null;
  /** Why there is no score: no mask in the truth, an engine that cannot take the prompt, a size mismatch. */
  problem: string | null;
}

/** One cell group of the size-bucket table. */
export interface EvalTableRow {
  engine: string;
  strategy: EvalStrategy;
  bucket: 'all' | SizeBucket;
  objects: number;
  miou: number;
  precision: number;
  recall: number;
  boundaryF: number;
  /** Share of the scored objects whose answer was a shape guess. */
  shapeGuesses: number;
}

export interface EvalSummary {
  jobId: number;
  name: string;
  spec: EvalSpec;
  images: number;
  objects: number;
  table: EvalTableRow[];
  /** IoU histogram per engine and strategy: counts in 10 bins of width 0.1 (the last holds 1.0). */
  histograms: { engine: string; strategy: EvalStrategy; bins: number[] }[];
  /** Corrective clicks per engine: mIoU after each click, mean NoC@85 / NoC@90. */
  clicks: { engine: string; objects: number; miouPerClick: number[]; noc85: number; noc90: number }[];
  /** Counted per reason, never a crash. */
  problems: { reason: string; count: number }[];
}

/** AP / AR of one chain run or chain job against the truth (COCOeval's numbers), overall, by bucket and class. */
export interface ChainScore {
  /** The one scored: a chain job, or a chain run (the chains screen's runs). */
  jobId: number | null;
  runId: number | null;
  name: string;
  iouType: 'bbox' | 'segm';
  images: number;
  truths: number;
  detections: number;
  overall: { ap: number; ap50: number; ap75: number; ar: number };
  byBucket: Record<'all' | SizeBucket, { ap: number; ap50: number; ap75: number; ar: number }>;
  byClass: { label: string; ap: number; ap50: number; ap75: number; ar: number }[];
}

export const EVAL_ORDERS = ['worst', 'best', 'image'] as const;

export const evalMethods = {
  /** The segmenters an experiment may name: those chains can use, and the classical engine always. */
  engines: method<{ engine: string; modelId: string }[]>().of(none),
  summary: method<EvalSummary>().of(z.object({ project, jobId: id })),
  /** Scored objects, worst first by default: what "open the worst objects" lists. */
  results: method<{ results: EvalResult[]; total: number }>().of(
    z.object({
      project,
      jobId: id,
      engine: z.string().optional(),
      strategy: z.enum(EVAL_STRATEGIES).optional(),
      bucket: z.enum(['small', 'medium', 'large']).optional(),
      order: z.enum(EVAL_ORDERS).default('worst'),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(1000).default(50),
    }),
  ),
  /** The scored answer of one result, to draw over the truth. */
  prediction: method<{ rle: Rle | null }>().of(z.object({ project, resultId: id })),
  /**
   * Chain runs and chain jobs (kind 'chain') scored against the truth, side by side (runs first). A job skips
   * proposals that repeat an annotation already on the image, the truth included: a run scores the chain itself.
   */
  scoreChains: method<ChainScore[]>().of(
    z
      .object({
        project,
        runIds: z.array(id).max(4).default([]),
        jobIds: z.array(id).max(4).default([]),
        iouType: z.enum(['bbox', 'segm']).default('segm'),
        /** Only these labels (truths and detections), as COCOeval's catIds: a detector scored on its classes. */
        labels: z.array(z.string().min(1)).optional(),
      })
      .refine((i) => i.runIds.length + i.jobIds.length >= 1, 'name at least one chain run or job')
      .refine((i) => i.runIds.length + i.jobIds.length <= 4, 'at most 4 side by side'),
  ),
  /** Writes results.csv, summary.csv, report.md and its PNG charts into a folder; returns the files written. */
  report: method<{ folder: string; files: string[] }>().of(
    z.object({ project, jobId: id, folder: filePath }),
  ),
} as const;
