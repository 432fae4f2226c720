// A visual prompt chain: an ordered list of typed steps that turn text or class names into boxes, boxes into
// prompts, prompts into masks, and then filter, dedupe and relabel them. Chains are plain JSON: saved in the
// project, edited in the UI, planned by the offline planner or by a language model (validated here either way).
import { z } from 'zod';

export const CHAIN_VERSION = 1;

/** Which engine a step uses: 'auto' is the studio's active one of the right kind. */
const model = z.string().trim().min(1).max(100).default('auto');
const score = z.number().min(0).max(1);
const label = z.string().trim().min(1).max(100);

export const detectTextStep = z
  .object({
    op: z.literal('detect-text'),
    /** Phrases separated by ' . ' as Grounding DINO takes them: 'silver car . driving lane'. */
    text: z.string().trim().min(1).max(500),
    model,
    minScore: score.default(0.3),
  })
  .strict();

export const detectClassStep = z
  .object({
    op: z.literal('detect-class'),
    /** Names in the detector's class list (COCO-80 for PicoDet); plurals and common synonyms are accepted. */
    classes: z.array(label).min(1).max(80),
    model,
    minScore: score.default(0.3),
  })
  .strict();

/** Each box becomes one positive point at its centre. */
export const boxesToPointsStep = z.object({ op: z.literal('boxes-to-points') }).strict();

/** Each box becomes a box prompt. */
export const boxesToPromptsStep = z.object({ op: z.literal('boxes-to-prompts') }).strict();

export const filterStep = z
  .object({
    op: z.literal('filter'),
    /** Keep only these labels (case-insensitive); all when absent. */
    labels: z.array(label).min(1).optional(),
    minScore: score.optional(),
    /** Area in pixels: the mask's once segmented, the box's before. */
    minArea: z.number().nonnegative().optional(),
    maxArea: z.number().positive().optional(),
    /** Keep at most this many, best score first. */
    maxCount: z.number().int().positive().max(10_000).optional(),
  })
  .strict();

export const segmentStep = z
  .object({
    op: z.literal('segment'),
    model,
  })
  .strict();

/** Drops a region that overlaps a better-scoring one of the same label (any label when `acrossLabels`). */
export const dedupeStep = z
  .object({
    op: z.literal('dedupe'),
    iou: z.number().gt(0).max(1).default(0.7),
    acrossLabels: z.boolean().default(false),
  })
  .strict();

/** Renames labels: detector class names -> the project's label names. Unmapped labels stay as they are. */
export const mapLabelsStep = z
  .object({
    op: z.literal('map-labels'),
    mapping: z.record(label, label),
  })
  .strict();

export const stepSchema = z.discriminatedUnion('op', [
  detectTextStep,
  detectClassStep,
  boxesToPointsStep,
  boxesToPromptsStep,
  filterStep,
  segmentStep,
  dedupeStep,
  mapLabelsStep,
]);

export const STEP_OPS = stepSchema.options.map((o) => o.shape.op.value);
export type StepOp = (typeof STEP_OPS)[number];

/** Regions kept per image after any step: thousands of boxes would mean thousands of segmenter calls. */
export const DEFAULT_MAX_REGIONS = 200;
export const MAX_STEPS = 20;

export const chainSchema = z
  .object({
    version: z.literal(CHAIN_VERSION).default(CHAIN_VERSION),
    name: z.string().trim().max(200).optional(),
    steps: z.array(stepSchema).min(1).max(MAX_STEPS),
    maxRegions: z.number().int().positive().max(5000).default(DEFAULT_MAX_REGIONS),
  })
  .strict();

export type Chain = z.output<typeof chainSchema>;
export type ChainInput = z.input<typeof chainSchema>;
export type Step = z.output<typeof stepSchema>;
export type StepOf<Op extends StepOp> = Extract<Step, { op: Op }>;

/** One line per op, for the UI's step picker and the language model's instructions. */
export const STEP_DESCRIPTIONS: Record<StepOp, string> = {
  'detect-text': 'find boxes for free text phrases with a grounded (open-set) detector',
  'detect-class': "find boxes of named classes with a closed-set detector (COCO-80: 'car', 'person', ...)",
  'boxes-to-points': 'turn each box into one positive point prompt at its centre',
  'boxes-to-prompts': 'turn each box into a box prompt',
  filter: 'keep regions by label, minimum score, area range or best count',
  segment: 'run the segmenter on each prompt: one mask per region',
  dedupe:
    'drop regions overlapping a better-scoring one by at least the IoU (masks once segmented, else boxes)',
  'map-labels': "rename labels, e.g. { 'car': 'vehicle' }",
};
