// The experiment's tables as text: Markdown for the report and the README, the same rows the CLI prints and the
// results screen shows. Numbers to two decimals; a bucket without objects is a dash, not a zero.
import type { ChainScore, EvalSummary, EvalTableRow } from '../api/eval';
import { csvLine } from '../datasets/instructions';
import { SIZE_BUCKETS } from './size-buckets';

const STRATEGY_NAMES: Record<string, string> = {
  centre: 'centre point',
  'random-point': 'random interior point',
  'k-points': 'k interior points',
  box: 'box',
  'box-centre': 'box + centre point',
  'box-jitter': 'box jittered',
  clicks: 'corrective clicks (final)',
  'filled-box': 'filled box (no engine)',
  ellipse: 'inscribed ellipse (no engine)',
};

export const strategyName = (strategy: string, spec?: { k: number; jitter: number }) =>
  strategy === 'k-points' && spec
    ? `${spec.k} interior points`
    : strategy === 'box-jitter' && spec
      ? `box jittered ${Math.round(spec.jitter * 100)} %`
      : (STRATEGY_NAMES[strategy] ?? strategy);

const two = (v: number) => v.toFixed(2);

function markdown(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** Rows of one bucket: the engine and strategy pairs in the summary's order. */
const pairs = (table: readonly EvalTableRow[]) =>
  table.filter((r) => r.bucket === 'all').map((r) => ({ engine: r.engine, strategy: r.strategy }));

/** Mean IoU per strategy and engine by size bucket, with object counts in the header. */
export function bucketTable(summary: Pick<EvalSummary, 'table' | 'spec'>): string {
  const counts = (bucket: string) =>
    Math.max(0, ...summary.table.filter((r) => r.bucket === bucket).map((r) => r.objects));
  const header = [
    'prompt',
    'engine',
    ...SIZE_BUCKETS.map((b) => `${b} (${counts(b)})`),
    `all (${counts('all')})`,
    'shape guesses',
  ];
  const rows = pairs(summary.table).map(({ engine, strategy }) => {
    const cell = (bucket: string) => {
      const r = summary.table.find(
        (t) => t.engine === engine && t.strategy === strategy && t.bucket === bucket,
      );
      return r && r.objects > 0 ? two(r.miou) : '-';
    };
    const all = summary.table.find(
      (t) => t.engine === engine && t.strategy === strategy && t.bucket === 'all',
    )!;
    return [
      strategyName(strategy, summary.spec),
      engine === 'baseline' ? '-' : engine,
      ...SIZE_BUCKETS.map(cell),
      cell('all'),
      engine === 'baseline' ? '-' : `${Math.round(all.shapeGuesses * 100)} %`,
    ];
  });
  return markdown(header, rows);
}

/** Pixel precision, recall and boundary F over all sizes. */
export function pixelTable(summary: Pick<EvalSummary, 'table' | 'spec'>): string {
  const rows = summary.table
    .filter((r) => r.bucket === 'all')
    .map((r) => [
      strategyName(r.strategy, summary.spec),
      r.engine === 'baseline' ? '-' : r.engine,
      String(r.objects),
      two(r.miou),
      two(r.precision),
      two(r.recall),
      two(r.boundaryF),
    ]);
  return markdown(['prompt', 'engine', 'objects', 'mIoU', 'precision', 'recall', 'boundary F'], rows);
}

/** The corrective-click protocol per engine: NoC@85 / NoC@90 and mIoU after 1, 3, 5, 10 and 20 clicks. */
export function clicksTable(summary: Pick<EvalSummary, 'clicks'>): string {
  const at = [1, 3, 5, 10, 20];
  const rows = summary.clicks.map((c) => [
    c.engine,
    String(c.objects),
    c.noc85.toFixed(1),
    c.noc90.toFixed(1),
    ...at.map((k) => (c.miouPerClick[k - 1] === undefined ? '-' : two(c.miouPerClick[k - 1]!))),
  ]);
  return markdown(['engine', 'objects', 'NoC@85', 'NoC@90', ...at.map((k) => `mIoU@${k}`)], rows);
}

export function summaryCsv(summary: Pick<EvalSummary, 'table'>): string {
  const head = [
    'engine',
    'strategy',
    'bucket',
    'objects',
    'miou',
    'precision',
    'recall',
    'boundary_f',
    'shape_guesses',
  ];
  return (
    csvLine(head) +
    summary.table
      .map((r) =>
        csvLine([
          r.engine,
          r.strategy,
          r.bucket,
          String(r.objects),
          ...[r.miou, r.precision, r.recall, r.boundaryF, r.shapeGuesses].map((v) => v.toFixed(4)),
        ]),
      )
      .join('')
  );
}

/** Chain jobs side by side: AP, AP50, AP75 and AR overall, AP by size bucket, AP by class (-1: nothing there). */
export function chainTable(scores: readonly ChainScore[]): string {
  const ap = (v: number) => (v < 0 ? '-' : two(v));
  const classes = [...new Set(scores.flatMap((s) => s.byClass.map((c) => c.label)))].sort();
  const rows: string[][] = [
    ['images / truths / detections', ...scores.map((s) => `${s.images} / ${s.truths} / ${s.detections}`)],
    ['AP', ...scores.map((s) => ap(s.overall.ap))],
    ['AP50', ...scores.map((s) => ap(s.overall.ap50))],
    ['AP75', ...scores.map((s) => ap(s.overall.ap75))],
    ['AR@100', ...scores.map((s) => ap(s.overall.ar))],
    ...SIZE_BUCKETS.map((b) => [`AP ${b}`, ...scores.map((s) => ap(s.byBucket[b].ap))]),
    ...classes.map((c) => [
      `AP ${c}`,
      ...scores.map((s) => ap(s.byClass.find((x) => x.label === c)?.ap ?? -1)),
    ]),
  ];
  return markdown(
    [
      `${scores[0]?.iouType ?? 'segm'} AP`,
      ...scores.map((s) => `${s.runId !== null ? `run ${s.runId}` : `job ${s.jobId}`}: ${s.name}`),
    ],
    rows,
  );
}
