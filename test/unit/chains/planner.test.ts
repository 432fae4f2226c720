import { describe, expect, it } from 'vitest';
import {
  classifyIntent,
  objectPhrases,
  planChain,
  type PlannerContext,
} from '../../../shared/chains/planner';
import { checkChain } from '../../../shared/chains/validate';
import type { Step } from '../../../shared/chains/schema';

describe('classifyIntent', () => {
  it.each<[string, 'chain' | 'question', string]>([
    ['Segment all silver cars and the driving lane', 'chain', 'it asks to segment'],
    ['mask the pedestrians', 'chain', 'it asks to mask'],
    ['Detect traffic lights', 'chain', 'it asks to detect'],
    ['find every bus', 'chain', 'it asks to find'],
    ['What colour is the car on the left?', 'question', 'it asks about the image'],
    ['How many people are crossing?', 'question', 'it asks about the image'],
    ['', 'question', 'it asks about the image'],
  ])('%j -> %s', (request, intent, reason) => {
    const out = classifyIntent(request);
    expect(out.intent).toBe(intent);
    expect(out.reason).toContain(reason);
  });
});

describe('objectPhrases', () => {
  it.each<[string, string[]]>([
    ['segment all silver cars and the driving lane', ['silver cars', 'driving lane']],
    ['Mask cars, buses; trucks + people', ['cars', 'buses', 'trucks', 'people']],
    ['detect grounding phrase . other phrase.', ['grounding phrase', 'other phrase']],
    ['segment everything in this image please', ['everything']],
    ['segment all of them', []],
  ])('%j -> %j', (request, phrases) => {
    expect(objectPhrases(request)).toEqual(phrases);
  });
});

const detectClass = (classes: string[]): Step => ({
  op: 'detect-class',
  classes,
  model: 'auto',
  minScore: 0.3,
});
const detectText = (text: string): Step => ({ op: 'detect-text', text, model: 'auto', minScore: 0.3 });
const dedupe: Step = { op: 'dedupe', iou: 0.7, acrossLabels: false };
const segment: Step = { op: 'segment', model: 'auto' };

describe('planChain', () => {
  it.each<[string, string, PlannerContext, Step[], string[]]>([
    [
      'classes, box prompts',
      'segment all cars and people',
      {},
      [detectClass(['car', 'person']), { op: 'boxes-to-prompts' }, segment, dedupe],
      [],
    ],
    [
      'centre points when asked',
      'mask the buses with points at their centres',
      {},
      [detectClass(['bus']), { op: 'boxes-to-points' }, segment, dedupe],
      [],
    ],
    [
      'detection only: no prompts, no segment',
      'detect traffic lights',
      {},
      [detectClass(['traffic light']), dedupe],
      [],
    ],
    [
      'free text to a grounded detector',
      'segment all silver cars and the driving lane',
      { grounded: true },
      [detectText('silver cars . driving lane'), { op: 'boxes-to-prompts' }, segment, dedupe],
      [],
    ],
    [
      'free text falls back to the class of its last word, noted',
      'segment all silver cars and the driving lane',
      { grounded: false },
      [detectClass(['car']), { op: 'boxes-to-prompts' }, segment, dedupe],
      [
        "No grounded detector here: 'silver cars' is detected as 'car'.",
        "'driving lane' is not a detector class and no grounded detector is available: left out.",
      ],
    ],
    [
      'a label mapping to the project labels',
      'segment cars and pedestrians',
      { labels: ['Cars', 'people'] },
      [
        detectClass(['car', 'person']),
        { op: 'boxes-to-prompts' },
        segment,
        dedupe,
        { op: 'map-labels', mapping: { car: 'Cars', person: 'people' } },
      ],
      [],
    ],
    [
      'duplicates named once',
      'segment cars and car',
      {},
      [detectClass(['car']), { op: 'boxes-to-prompts' }, segment, dedupe],
      [],
    ],
  ])('%s', (_name, request, ctx, steps, notes) => {
    const out = planChain(request, ctx);
    expect(out).toEqual({ ok: true, chain: { version: 1, maxRegions: 200, steps }, notes });
    // Every plan it makes is a valid chain.
    if (out.ok) expect(checkChain(out.chain)).toMatchObject({ ok: true });
  });

  it.each<[string, PlannerContext, string]>([
    ['segment all of them', {}, "There is nothing to look for in 'segment all of them'"],
    [
      'segment the driving lane',
      { grounded: false },
      "Nothing in 'segment the driving lane' can be detected here.",
    ],
  ])('refuses %j with a reason', (request, ctx, reason) => {
    const out = planChain(request, ctx);
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.reason).toContain(reason);
  });

  it('is deterministic', () => {
    const request = 'segment all silver cars, trucks and the lane';
    expect(planChain(request)).toEqual(planChain(request));
  });
});
