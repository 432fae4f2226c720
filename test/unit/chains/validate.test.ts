import { describe, expect, it } from 'vitest';
import { COCO_CLASSES } from '../../../shared/coco-classes';
import { chainSchema, STEP_OPS, type ChainInput } from '../../../shared/chains/schema';
import { canonicalClasses, checkChain, type ChainContext } from '../../../shared/chains/validate';

const here: ChainContext = {
  detectors: [{ name: 'picodet-s-320-coco', classes: COCO_CLASSES }],
  segmenters: ['classical-v1'],
  labels: ['vehicle', 'pedestrian'],
};
const withGrounded: ChainContext = {
  ...here,
  detectors: [...here.detectors, { name: 'grounding-dino', classes: null }],
};

const boxPrompts: ChainInput = {
  steps: [
    { op: 'detect-class', classes: ['cars'] },
    { op: 'boxes-to-prompts' },
    { op: 'segment' },
    { op: 'dedupe' },
  ],
};

describe('chainSchema', () => {
  it('fills defaults: model auto, scores, IoU, the region cap and the version', () => {
    const chain = chainSchema.parse(boxPrompts);
    expect(chain).toEqual({
      version: 1,
      maxRegions: 200,
      steps: [
        { op: 'detect-class', classes: ['cars'], model: 'auto', minScore: 0.3 },
        { op: 'boxes-to-prompts' },
        { op: 'segment', model: 'auto' },
        { op: 'dedupe', iou: 0.7, acrossLabels: false },
      ],
    });
  });

  it('knows every op', () => {
    expect(STEP_OPS).toEqual([
      'detect-text',
      'detect-class',
      'boxes-to-points',
      'boxes-to-prompts',
      'filter',
      'segment',
      'dedupe',
      'map-labels',
    ]);
  });
});

describe('checkChain', () => {
  it.each<[string, unknown, ChainContext | undefined, string[]]>([
    ['not an object', 'segment cars', undefined, ['expected object']],
    ['no steps', { steps: [] }, undefined, ['steps: Too small']],
    [
      'an unknown op, named with the known ones',
      { steps: [{ op: 'detect-class', classes: ['car'] }, { op: 'paint' }] },
      undefined,
      ["step 2 asks for 'paint', which is not a step; known steps: detect-text, detect-class"],
    ],
    ['a step without op', { steps: [{ classes: ['car'] }] }, undefined, ['step 1 asks for no op']],
    [
      'an extra field on a step',
      { steps: [{ op: 'detect-class', classes: ['car'], colour: 'red' }] },
      undefined,
      ['step 1: Unrecognized key'],
    ],
    [
      'a score above 1',
      { steps: [{ op: 'detect-class', classes: ['car'], minScore: 2 }] },
      undefined,
      ['step 1: minScore:'],
    ],
    [
      'segment straight after detection',
      { steps: [{ op: 'detect-class', classes: ['car'] }, { op: 'segment' }] },
      undefined,
      ["step 2 (segment) needs prompts: add 'boxes-to-prompts' or 'boxes-to-points' before it"],
    ],
    [
      'a chain that starts with a filter',
      { steps: [{ op: 'filter', minScore: 0.5 }] },
      undefined,
      ['step 1 (filter) has nothing to work on'],
    ],
    [
      'detection after prompts exist',
      {
        steps: [
          { op: 'detect-class', classes: ['car'] },
          { op: 'boxes-to-points' },
          { op: 'detect-class', classes: ['bus'] },
        ],
      },
      undefined,
      ['step 3 (detect-class) must come before prompts are made, but point prompts already exist here'],
    ],
    [
      'prompts from masks',
      {
        steps: [
          { op: 'detect-class', classes: ['car'] },
          { op: 'boxes-to-points' },
          { op: 'segment' },
          { op: 'boxes-to-prompts' },
        ],
      },
      undefined,
      ['step 4 (boxes-to-prompts) needs boxes from a detection step, but has masks'],
    ],
    [
      'a class the detector does not have',
      { steps: [{ op: 'detect-class', classes: ['lane marking'] }] },
      here,
      [
        "step 1 (detect-class): 'lane marking' is not a class of detector 'picodet-s-320-coco'; use 'detect-text'",
      ],
    ],
    [
      'free text with no grounded detector',
      { steps: [{ op: 'detect-text', text: 'driving lane' }] },
      here,
      [
        "step 1 (detect-text) no grounded detector is available for free text (only picodet-s-320-coco: use 'detect-class'",
      ],
    ],
    [
      'a missing detector model',
      { steps: [{ op: 'detect-class', classes: ['car'], model: 'yolo-x' }] },
      here,
      [
        "step 1 (detect-class) uses detector 'yolo-x', which is not available here (available: picodet-s-320-coco)",
      ],
    ],
    [
      'a grounded detector asked for classes',
      { steps: [{ op: 'detect-class', classes: ['car'], model: 'grounding-dino' }] },
      withGrounded,
      ["step 1 (detect-class) detector 'grounding-dino' is not a class detector"],
    ],
    [
      'a missing segmenter',
      {
        steps: [
          { op: 'detect-class', classes: ['car'] },
          { op: 'boxes-to-points' },
          { op: 'segment', model: 'sam-h' },
        ],
      },
      here,
      ["step 3 (segment) uses segmenter 'sam-h', which is not available here (available: classical-v1)"],
    ],
    [
      'no segmenter at all',
      { steps: [{ op: 'detect-class', classes: ['car'] }, { op: 'boxes-to-points' }, { op: 'segment' }] },
      { ...here, segmenters: [] },
      ['step 3 (segment): no segmenter is available'],
    ],
    [
      'a mapping to a label the project lacks',
      {
        steps: [
          { op: 'detect-class', classes: ['car'] },
          { op: 'map-labels', mapping: { car: 'automobile' } },
        ],
      },
      here,
      [
        "step 2 (map-labels) maps to 'automobile', which is not a label of this project (labels: vehicle, pedestrian)",
      ],
    ],
    [
      'an empty area range',
      {
        steps: [
          { op: 'detect-class', classes: ['car'] },
          { op: 'filter', minArea: 500, maxArea: 100 },
        ],
      },
      undefined,
      ['step 2 (filter): minArea 500 is above maxArea 100'],
    ],
  ])('refuses %s with a reason', (_name, input, ctx, expected) => {
    const check = checkChain(input, ctx);
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.reasons).toHaveLength(expected.length);
    expected.forEach((start, i) => expect(check.reasons[i]).toContain(start));
  });

  it.each<[string, ChainInput, ChainContext | undefined, string[]]>([
    ['box prompts from classes, with no context', boxPrompts, undefined, []],
    ['box prompts from classes, here', boxPrompts, here, []],
    [
      'free text with a grounded detector, points, filter and mapping',
      {
        steps: [
          { op: 'detect-text', text: 'silver car . driving lane' },
          { op: 'filter', labels: ['silver car'], minScore: 0.4, maxCount: 5 },
          { op: 'boxes-to-points' },
          { op: 'segment', model: 'classical-v1' },
          { op: 'map-labels', mapping: { 'silver car': 'vehicle' } },
        ],
      },
      withGrounded,
      [],
    ],
    [
      'a mapping of a class no step produces (warned)',
      {
        steps: [
          { op: 'detect-class', classes: ['car'] },
          { op: 'map-labels', mapping: { bus: 'vehicle' } },
        ],
      },
      here,
      ["step 2 (map-labels): no earlier step produces 'bus', so mapping it does nothing"],
    ],
    [
      'a filter that keeps nothing (warned)',
      {
        steps: [
          { op: 'detect-class', classes: ['people'] },
          { op: 'filter', labels: ['car'] },
        ],
      },
      here,
      ['step 2 (filter) keeps only car, which no earlier step produces: it will drop everything'],
    ],
    [
      'a filter on a plural class name (canonical with a detector)',
      {
        steps: [
          { op: 'detect-class', classes: ['people'] },
          { op: 'filter', labels: ['person'] },
        ],
      },
      here,
      [],
    ],
  ])('accepts %s', (_name, input, ctx, warnings) => {
    const check = checkChain(input, ctx);
    expect(check).toMatchObject({ ok: true, warnings });
  });
});

describe('canonicalClasses', () => {
  it.each<[string[], string[]]>([
    [
      ['cars', 'Car', 'people'],
      ['car', 'person'],
    ],
    [
      ['traffic lights', 'bikes'],
      ['traffic light', 'bicycle'],
    ],
    [['lane marking'], ['lane marking']],
  ])('%j -> %j', (names, expected) => {
    expect(canonicalClasses(names, COCO_CLASSES)).toEqual(expected);
  });
});
