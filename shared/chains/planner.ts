// The offline planner: a deterministic reading of a request, so chains work with no language model at all
// (and the Bedrock emulator answers with it). The rules, in order:
//   1. Intent: a request with a segmentation verb (segment, mask, detect, find, outline, select, box, label,
//      cut out, extract) asks for a chain; any other request is a question for the vision-language model.
//   2. Objects: the rest of the request split at 'and', commas, ';', '+' and ' . '; filler words ('all',
//      'the', 'every', 'in this image', ...) dropped. A phrase that names a detector class (plurals and
//      synonyms allowed: 'cars', 'people') is detected by class; anything else ('silver car', 'driving lane')
//      is detected by text with a grounded detector, or, when none is available, by the class its last word
//      names ('silver car' -> car), noted in the plan.
//   3. Prompts: 'point', 'centre', 'center' or 'click' in the request -> centre points, else box prompts.
//   4. Segment unless the only verbs are detect/find/box; then dedupe (IoU 0.7) and, when the project has
//      labels that differ from the class names only by case or plural, a label mapping to them.
import { COCO_CLASSES, classIndex } from '../coco-classes';
import { CHAIN_VERSION, DEFAULT_MAX_REGIONS, type Chain, type Step } from './schema';

export type Intent = 'chain' | 'question';

export interface PlannerContext {
  /** The closed-set detector's classes (COCO-80 by default). */
  classes?: readonly string[];
  /** Whether a grounded (free text) detector is available. */
  grounded?: boolean;
  /** The project's label names, for the label mapping. */
  labels?: readonly string[];
}

export type PlanOutcome = { ok: true; chain: Chain; notes: string[] } | { ok: false; reason: string };

const SEGMENT_VERBS = [
  'segment',
  'mask',
  'masks',
  'outline',
  'select',
  'label',
  'cut',
  'extract',
  'annotate',
];
const DETECT_VERBS = ['detect', 'find', 'box', 'boxes', 'locate', 'spot'];
const FILLER = new Set([
  ...SEGMENT_VERBS,
  ...DETECT_VERBS,
  'out',
  'all',
  'every',
  'each',
  'the',
  'a',
  'an',
  'any',
  'of',
  'me',
  'please',
  'in',
  'on',
  'this',
  'that',
  'image',
  'images',
  'picture',
  'photo',
  'frame',
  'them',
  'with',
  'using',
  'use',
  'points',
  'point',
  'centre',
  'center',
  'centres',
  'centers',
  'click',
  'clicks',
  'prompts',
  'prompt',
  'can',
  'you',
  'could',
  'would',
  'i',
  'want',
  'to',
  'should',
  'there',
  'visible',
  'seen',
  'here',
  'from',
  'by',
  'its',
  'their',
  'as',
  'at',
  'for',
]);

const words = (text: string) => text.toLowerCase().match(/[a-z0-9]+/g) ?? [];

export function classifyIntent(request: string): { intent: Intent; reason: string } {
  const ws = words(request);
  const verb = ws.find((w) => SEGMENT_VERBS.includes(w) || DETECT_VERBS.includes(w));
  if (verb) return { intent: 'chain', reason: `it asks to ${verb}` };
  return { intent: 'question', reason: 'it asks about the image rather than for masks or boxes' };
}

/** The object phrases of a request: 'segment all silver cars and the lane' -> ['silver cars', 'lane']. */
export function objectPhrases(request: string): string[] {
  return request
    .toLowerCase()
    .split(/\band\b|,|;|\+|\s\.\s|\.$/)
    .map((part) =>
      words(part)
        .filter((w) => !FILLER.has(w))
        .join(' '),
    )
    .filter((p) => p.length > 0);
}

/** Plans a chain for `request`; a reason instead when there is nothing to look for in it. */
export function planChain(request: string, ctx: PlannerContext = {}): PlanOutcome {
  const classes = ctx.classes ?? COCO_CLASSES;
  const phrases = objectPhrases(request);
  if (phrases.length === 0) {
    return {
      ok: false,
      reason: `There is nothing to look for in '${request.trim()}': name an object, e.g. 'segment all cars'.`,
    };
  }
  const notes: string[] = [];
  const byClass: string[] = [];
  const byText: string[] = [];
  for (const phrase of phrases) {
    const at = classIndex(classes, phrase);
    if (at >= 0) {
      byClass.push(classes[at]!);
      continue;
    }
    if (ctx.grounded !== false) {
      byText.push(phrase);
      continue;
    }
    const last = classIndex(classes, phrase.split(' ').pop()!);
    if (last >= 0) {
      byClass.push(classes[last]!);
      notes.push(`No grounded detector here: '${phrase}' is detected as '${classes[last]}'.`);
    } else {
      notes.push(`'${phrase}' is not a detector class and no grounded detector is available: left out.`);
    }
  }
  if (byClass.length === 0 && byText.length === 0) {
    return { ok: false, reason: `Nothing in '${request.trim()}' can be detected here. ${notes.join(' ')}` };
  }

  const ws = words(request);
  const segment = ws.some((w) => SEGMENT_VERBS.includes(w)) || !ws.some((w) => DETECT_VERBS.includes(w));
  const points = ws.some((w) =>
    ['point', 'points', 'centre', 'center', 'centres', 'centers', 'click'].includes(w),
  );
  const steps: Step[] = [];
  if (byClass.length)
    steps.push({ op: 'detect-class', classes: [...new Set(byClass)], model: 'auto', minScore: 0.3 });
  if (byText.length)
    steps.push({ op: 'detect-text', text: byText.join(' . '), model: 'auto', minScore: 0.3 });
  if (segment) {
    steps.push({ op: points ? 'boxes-to-points' : 'boxes-to-prompts' });
    steps.push({ op: 'segment', model: 'auto' });
  }
  steps.push({ op: 'dedupe', iou: 0.7, acrossLabels: false });
  const mapping = labelMapping([...byClass, ...byText], ctx.labels ?? []);
  if (Object.keys(mapping).length) steps.push({ op: 'map-labels', mapping });
  return { ok: true, chain: { version: CHAIN_VERSION, steps, maxRegions: DEFAULT_MAX_REGIONS }, notes };
}

/** Detector names -> project labels that name the same thing ('car' -> 'Cars', 'person' -> 'people'). */
function labelMapping(names: readonly string[], labels: readonly string[]): Record<string, string> {
  const mapping: Record<string, string> = {};
  for (const name of names) {
    const label = labels.find((l) => l.toLowerCase() !== name && classIndex([name], l) === 0);
    if (label) mapping[name] = label;
  }
  return mapping;
}
