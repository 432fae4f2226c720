// Checks a chain before anything runs: its JSON shape, the order of its steps (each step needs what the one
// before produces), and, given what this studio has, that every model and class it names exists. Every
// problem comes back as one sentence a user (or a language model asked to fix its plan) can act on.
import type { z } from 'zod';
import { classIndex } from '../coco-classes';
import { chainSchema, STEP_OPS, type Chain, type Step } from './schema';

/** What a chain's regions are after a step. */
export type Stage = 'empty' | 'boxes' | 'points' | 'box-prompts' | 'masks';

export interface DetectorInfo {
  name: string;
  /** Closed-set class names (COCO-80), or null for a grounded detector that takes free text. */
  classes: readonly string[] | null;
}

/** What the studio can run right now, and the project's labels. */
export interface ChainContext {
  detectors: readonly DetectorInfo[];
  segmenters: readonly string[];
  /** The project's label names: label mapping targets must be among them. */
  labels?: readonly string[];
}

export type ChainCheck =
  { ok: true; chain: Chain; warnings: string[] } | { ok: false; reasons: string[]; warnings: string[] };

const STAGE_WORDS: Record<Stage, string> = {
  empty: 'nothing yet',
  boxes: 'boxes',
  points: 'point prompts',
  'box-prompts': 'box prompts',
  masks: 'masks',
};

const stepName = (i: number, op: string) => `step ${i + 1} (${op})`;
const list = (names: readonly string[], max = 12) =>
  names.length > max ? `${names.slice(0, max).join(', ')}, …` : names.join(', ');

/** The stage after `step`, or why it cannot follow `stage`. */
export function nextStage(stage: Stage, step: Step): { stage: Stage } | { error: string } {
  switch (step.op) {
    case 'detect-text':
    case 'detect-class':
      return stage === 'empty' || stage === 'boxes'
        ? { stage: 'boxes' }
        : { error: `must come before prompts are made, but ${STAGE_WORDS[stage]} already exist here` };
    case 'boxes-to-points':
    case 'boxes-to-prompts':
      if (stage === 'boxes') return { stage: step.op === 'boxes-to-points' ? 'points' : 'box-prompts' };
      return { error: `needs boxes from a detection step, but has ${STAGE_WORDS[stage]}` };
    case 'segment':
      if (stage === 'points' || stage === 'box-prompts') return { stage: 'masks' };
      if (stage === 'boxes')
        return { error: "needs prompts: add 'boxes-to-prompts' or 'boxes-to-points' before it" };
      return { error: `needs point or box prompts, but has ${STAGE_WORDS[stage]}` };
    case 'filter':
    case 'dedupe':
    case 'map-labels':
      return stage === 'empty'
        ? { error: 'has nothing to work on: a chain starts with a detection step' }
        : { stage };
  }
}

function zodReasons(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const [first, at, ...rest] = issue.path;
    if (first === 'steps' && typeof at === 'number') {
      const where = rest.length ? ` ${rest.join('.')}:` : '';
      return `step ${at + 1}:${where} ${issue.message}`;
    }
    return issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message;
  });
}

/** Unknown ops named plainly (zod would only say the union did not match). */
function unknownOps(input: unknown): string[] {
  const steps = (input as { steps?: unknown } | null)?.steps;
  if (!Array.isArray(steps)) return [];
  return steps.flatMap((s, i) => {
    const op = (s as { op?: unknown } | null)?.op;
    if (typeof op === 'string' && (STEP_OPS as readonly string[]).includes(op)) return [];
    const shown = typeof op === 'string' ? `'${op}'` : 'no op';
    return [`step ${i + 1} asks for ${shown}, which is not a step; known steps: ${STEP_OPS.join(', ')}`];
  });
}

/** The detector a step resolves to, or a reason. */
function resolveDetector(step: Step & { model: string }, open: boolean, ctx: ChainContext) {
  const fits = (d: DetectorInfo) => (open ? d.classes === null : d.classes !== null);
  const kind = open ? 'grounded (free text)' : 'class';
  if (step.model === 'auto') {
    const found = ctx.detectors.find(fits);
    if (found) return found;
    const others = ctx.detectors.filter((d) => !fits(d)).map((d) => d.name);
    return open
      ? `no grounded detector is available for free text${others.length ? ` (only ${list(others)}: use 'detect-class' with its class names)` : ''}`
      : 'no class detector is available (the PicoDet model is missing?)';
  }
  const named = ctx.detectors.find((d) => d.name === step.model);
  if (!named) {
    const names = ctx.detectors.map((d) => d.name);
    return `uses detector '${step.model}', which is not available here${names.length ? ` (available: ${list(names)})` : ''}`;
  }
  return fits(named) ? named : `detector '${named.name}' is not a ${kind} detector`;
}

/** Validates `input` as a chain; with a context, also that its models, classes and labels exist here. */
export function checkChain(input: unknown, ctx?: ChainContext): ChainCheck {
  const warnings: string[] = [];
  const ops = unknownOps(input);
  if (ops.length) return { ok: false, reasons: ops, warnings };
  const parsed = chainSchema.safeParse(input);
  if (!parsed.success) return { ok: false, reasons: zodReasons(parsed.error), warnings };
  const chain = parsed.data;

  const reasons: string[] = [];
  let stage: Stage = 'empty';
  // Labels the chain can produce, to catch a filter that would drop everything.
  const produced = new Set<string>();
  chain.steps.forEach((step, i) => {
    const name = stepName(i, step.op);
    const next = nextStage(stage, step);
    if ('stage' in next) stage = next.stage;
    else reasons.push(`${name} ${next.error}`);

    if (step.op === 'detect-text') {
      for (const phrase of step.text.split(/\s*\.\s*/).filter(Boolean)) produced.add(phrase.toLowerCase());
    }
    if (step.op === 'detect-class') {
      const detector = ctx && resolveDetector(step, false, ctx);
      if (typeof detector === 'string') reasons.push(`${name} ${detector}`);
      for (const cls of step.classes) {
        if (!detector || typeof detector === 'string') {
          produced.add(cls.toLowerCase());
          continue;
        }
        const at = classIndex(detector.classes!, cls);
        if (at >= 0) produced.add(detector.classes![at]!);
        else
          reasons.push(
            `${name}: '${cls}' is not a class of detector '${detector.name}'; use 'detect-text' for free text, or one of: ${list(detector.classes!)}`,
          );
      }
    }
    if (ctx && step.op === 'detect-text') {
      const detector = resolveDetector(step, true, ctx);
      if (typeof detector === 'string') reasons.push(`${name} ${detector}`);
    }
    if (ctx && step.op === 'segment' && ctx.segmenters.length === 0)
      reasons.push(`${name}: no segmenter is available`);
    else if (ctx && step.op === 'segment' && step.model !== 'auto' && !ctx.segmenters.includes(step.model)) {
      reasons.push(
        `${name} uses segmenter '${step.model}', which is not available here (available: ${list(ctx.segmenters) || 'none'})`,
      );
    }
    if (step.op === 'map-labels') {
      for (const [from, to] of Object.entries(step.mapping)) {
        if (produced.delete(from.toLowerCase())) produced.add(to.toLowerCase());
        else warnings.push(`${name}: no earlier step produces '${from}', so mapping it does nothing`);
        if (ctx?.labels && !ctx.labels.some((l) => l.toLowerCase() === to.toLowerCase())) {
          reasons.push(
            `${name} maps to '${to}', which is not a label of this project${ctx.labels.length ? ` (labels: ${list(ctx.labels)})` : ' (it has no labels yet)'}`,
          );
        }
      }
    }
    if (step.op === 'filter' && step.labels) {
      const missing = step.labels.filter((l) => !produced.has(l.toLowerCase()));
      if (missing.length === step.labels.length)
        warnings.push(
          `${name} keeps only ${list(step.labels)}, which no earlier step produces: it will drop everything`,
        );
    }
    if (
      step.op === 'filter' &&
      step.minArea !== undefined &&
      step.maxArea !== undefined &&
      step.minArea > step.maxArea
    )
      reasons.push(`${name}: minArea ${step.minArea} is above maxArea ${step.maxArea}`);
  });
  return reasons.length ? { ok: false, reasons, warnings } : { ok: true, chain, warnings };
}

/** The canonical class names a detect-class step asks `classes` for ('cars' -> 'car'); unknown names kept. */
export function canonicalClasses(names: readonly string[], classes: readonly string[]): string[] {
  return [...new Set(names.map((n) => classes[classIndex(classes, n)] ?? n))];
}
