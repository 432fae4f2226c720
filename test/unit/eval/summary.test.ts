// The experiment's summary, tables, baselines and truth masks on hand-computed cases.
import { describe, expect, it } from 'vitest';
import { evalSpecSchema, type EvalResult } from '../../../shared/api/eval';
import type { Annotation } from '../../../shared/domain';
import { filledBoxMask, inscribedEllipseMask } from '../../../shared/eval/baselines';
import { clicksChart, experimentCharts, iouByBucketChart } from '../../../shared/eval/charts';
import { iouHistogram, summarizeResults } from '../../../shared/eval/summary';
import { bucketTable, clicksTable, strategyName, summaryCsv } from '../../../shared/eval/tables';
import { annotationRegion, truthMask } from '../../../shared/eval/truth';
import { createMask, maskToRle, rleArea } from '../../../shared/geometry';

let nextId = 1;
function row(over: Partial<EvalResult>): EvalResult {
  return {
    id: nextId++,
    jobId: 1,
    imageId: 1,
    truthId: 1,
    label: 'car',
    engine: 'classical',
    modelId: 'classical-v1',
    strategy: 'box',
    bucket: 'small',
    areaShare: 0.001,
    iou: 0.5,
    precision: 0.5,
    recall: 0.5,
    boundaryF: 0.5,
    score: 0.3,
    shapeGuess: false,
    clickIous: null,
    noc85: null,
    noc90: null,
    problem: null,
    ...over,
  };
}

const SPEC = evalSpecSchema.parse({ strategies: ['box', 'clicks', 'filled-box'] });

describe('summarizeResults', () => {
  const rows = [
    row({ truthId: 1, iou: 0.2, precision: 0.4, recall: 0.3, boundaryF: 0.1, shapeGuess: true }),
    row({ truthId: 2, bucket: 'large', iou: 0.8, precision: 0.9, recall: 0.85, boundaryF: 0.7 }),
    row({ truthId: 3, bucket: 'large', iou: 1, precision: 1, recall: 1, boundaryF: 1 }),
    row({ truthId: 1, engine: 'baseline', strategy: 'filled-box', iou: 0.6, modelId: null }),
    row({ truthId: 1, strategy: 'clicks', iou: 0.9, clickIous: [0.5, 0.9], noc85: 2, noc90: 2 }),
    row({
      truthId: 2,
      strategy: 'clicks',
      bucket: 'large',
      iou: 0.7,
      clickIous: [0.7, 0.7, 0.7],
      noc85: 3,
      noc90: 3,
    }),
    row({ truthId: null, iou: null, bucket: null, engine: '', problem: 'image has no ground truth' }),
    row({ truthId: 9, iou: null, bucket: null, engine: '', problem: 'truth is a box, not a mask' }),
    row({ truthId: 8, iou: null, bucket: null, engine: '', problem: 'truth is a box, not a mask' }),
  ];
  const s = summarizeResults(rows, 3);

  it('orders by engine, then strategy as EVAL_STRATEGIES lists them', () => {
    expect(s.table.filter((r) => r.bucket === 'all').map((r) => `${r.engine}/${r.strategy}`)).toEqual([
      'baseline/filled-box',
      'classical/box',
      'classical/clicks',
    ]);
  });

  it('averages per bucket, with the share of shape guesses', () => {
    const box = (bucket: string) => s.table.find((r) => r.strategy === 'box' && r.bucket === bucket)!;
    expect(box('all')).toMatchObject({ objects: 3, miou: 2 / 3, shapeGuesses: 1 / 3 });
    expect(box('all').precision).toBeCloseTo((0.4 + 0.9 + 1) / 3, 12);
    expect(box('small')).toMatchObject({
      objects: 1,
      miou: 0.2,
      recall: 0.3,
      boundaryF: 0.1,
      shapeGuesses: 1,
    });
    expect(box('medium')).toMatchObject({ objects: 0, miou: 0 });
    expect(box('large')).toMatchObject({ objects: 2, miou: 0.9 });
  });

  it('bins the IoUs (1.0 in the last bin)', () => {
    expect(s.histograms.find((h) => h.strategy === 'box')!.bins).toEqual([0, 0, 1, 0, 0, 0, 0, 0, 1, 1]);
    expect(iouHistogram([0, 0.05, 0.1, 0.999, 1], 4)).toEqual([3, 0, 0, 2]);
  });

  it('curves the clicks: an object that stopped early keeps its last IoU', () => {
    expect(s.clicks).toEqual([
      { engine: 'classical', objects: 2, miouPerClick: [0.6, 0.8, 0.8], noc85: 2.5, noc90: 2.5 },
    ]);
  });

  it('counts problems by reason, most first, and objects and images once', () => {
    expect(s.problems).toEqual([
      { reason: 'truth is a box, not a mask', count: 2 },
      { reason: 'image has no ground truth', count: 1 },
    ]);
    expect(s.objects).toBe(3);
    expect(s.images).toBe(1);
  });

  it('makes the tables from the same numbers', () => {
    const table = bucketTable({ ...s, spec: SPEC });
    expect(table.split('\n')).toEqual([
      '| prompt                    | engine    | small (1) | medium (0) | large (2) | all (3) | shape guesses |',
      '| ------------------------- | --------- | --------- | ---------- | --------- | ------- | ------------- |',
      '| filled box (no engine)    | -         | 0.60      | -          | -         | 0.60    | -             |',
      '| box                       | classical | 0.20      | -          | 0.90      | 0.67    | 33 %          |',
      '| corrective clicks (final) | classical | 0.90      | -          | 0.70      | 0.80    | 0 %           |',
    ]);
    expect(clicksTable(s).split('\n')[2]).toBe(
      '| classical | 2       | 2.5    | 2.5    | 0.60   | 0.80   | -      | -       | -       |',
    );
    expect(summaryCsv(s).split('\r\n')[0]).toBe(
      'engine,strategy,bucket,objects,miou,precision,recall,boundary_f,shape_guesses',
    );
    expect(strategyName('box-jitter', { k: 3, jitter: 0.1 })).toBe('box jittered 10 %');
    expect(strategyName('k-points', { k: 5, jitter: 0.1 })).toBe('5 interior points');
  });

  it('charts the same numbers: one bar series per engine and strategy, a line per engine for the clicks', () => {
    const bars = iouByBucketChart(s) as { series: { name: string; data: (number | null)[] }[] };
    expect(bars.series.map((x) => x.name)).toEqual(['filled-box', 'box · classical', 'clicks · classical']);
    expect(bars.series[1]!.data).toEqual([0.667, 0.2, null, 0.9]);
    const line = clicksChart(s) as { series: { data: number[] }[]; xAxis: { data: string[] } };
    expect(line.xAxis.data).toEqual(['1', '2', '3']);
    expect(line.series[0]!.data).toEqual([0.6, 0.8, 0.8]);
    expect(Object.keys(experimentCharts({ ...s, jobId: 1, name: 'x', spec: SPEC }))).toEqual([
      'iou-by-size',
      'iou-histogram',
      'precision-recall',
      'clicks',
    ]);
  });
});

describe('baselines', () => {
  const count = (m: { data: Uint8Array }) => m.data.reduce((n, v) => n + v, 0);
  it.each([
    ['whole pixels', [1, 1, 4, 3], 6],
    ['half pixels: centres decide', [0.5, 0.5, 2.5, 1.5], 2],
    ['clipped to the image', [-2, -2, 2, 2], 4],
  ] as const)('filled box, %s', (_, box, pixels) => {
    expect(count(filledBoxMask([...box], 10, 10))).toBe(pixels);
  });

  it('the inscribed ellipse keeps the pixel centres inside it', () => {
    // A 4x4 box: the 4 corner pixels' centres lie outside the inscribed circle (distance 1.5*sqrt 2 > 2).
    expect(count(inscribedEllipseMask([0, 0, 4, 4], 10, 10))).toBe(12);
    // A large circle covers about pi/4 of its box.
    expect(count(inscribedEllipseMask([0, 0, 100, 100], 100, 100)) / 10000).toBeCloseTo(Math.PI / 4, 2);
  });
});

describe('truth masks', () => {
  const mask = createMask(4, 3);
  mask.data.set([1, 1, 0, 0], 0);
  const rle = maskToRle(mask);
  const ann = (over: Partial<Annotation>) =>
    ({ kind: 'mask', geometry: { kind: 'mask', box: [0, 0, 2, 1] }, rle, ...over }) as Annotation;

  it.each([
    ['a mask as stored', ann({}), { area: 2 }],
    [
      'a polygon rasterised',
      ann({
        kind: 'polygon',
        geometry: {
          kind: 'polygon',
          rings: [
            [
              [0, 0],
              [4, 0],
              [4, 3],
              [0, 3],
            ],
          ],
        },
        rle: null,
      }),
      { area: 12 },
    ],
    [
      'a box',
      ann({ kind: 'box', geometry: { kind: 'box', box: [0, 0, 1, 1] }, rle: null }),
      { problem: 'truth is a box, not a mask' },
    ],
    [
      'a point',
      ann({ kind: 'point', geometry: { kind: 'point', point: [1, 1], positive: true }, rle: null }),
      { problem: 'truth is a point, not a mask' },
    ],
    ['an empty mask', ann({ rle: maskToRle(createMask(4, 3)) }), { problem: 'truth mask is empty' }],
  ])('%s', (_, annotation, want) => {
    const got = truthMask(annotation, 4, 3);
    expect(got).toMatchObject(want);
  });

  it('a mask of another size than its image is a problem, not a crash', () => {
    expect(truthMask(ann({}), 8, 6)).toEqual({ problem: 'truth mask is 4x3, its image 8x6' });
  });

  it("a box annotation's region for COCOeval is the filled box", () => {
    const region = annotationRegion(
      ann({ kind: 'box', geometry: { kind: 'box', box: [1, 1, 3, 3] }, rle: null }),
      4,
      3,
    );
    expect(region!.box).toEqual([1, 1, 3, 3]);
    expect(rleArea(region!.rle)).toBe(4);
  });
});
