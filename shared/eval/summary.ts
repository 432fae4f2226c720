// An experiment's tables from its rows: mean IoU, precision, recall and boundary F per engine, strategy and size
// bucket; IoU histograms; the clicks curve (mIoU after each corrective click, mean NoC@85 / NoC@90); problems
// counted by reason. Pure, so the results screen, the report and the CLI print the same numbers.
import type { EvalResult, EvalStrategy, EvalSummary, EvalTableRow } from '../api/eval';
import { EVAL_STRATEGIES } from '../api/eval';
import { meanIouPerClick } from './click-protocol';
import { SIZE_BUCKETS } from './size-buckets';

export const HISTOGRAM_BINS = 10;

const mean = (values: readonly number[]) =>
  values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0;

/** Engine then strategy in the order EVAL_STRATEGIES lists them: tables read the same in every experiment. */
function groups(
  rows: readonly EvalResult[],
): { engine: string; strategy: EvalStrategy; rows: EvalResult[] }[] {
  const byKey = new Map<string, { engine: string; strategy: EvalStrategy; rows: EvalResult[] }>();
  for (const r of rows) {
    const key = `${r.engine}\u0000${r.strategy}`;
    let group = byKey.get(key);
    if (!group) byKey.set(key, (group = { engine: r.engine, strategy: r.strategy, rows: [] }));
    group.rows.push(r);
  }
  return [...byKey.values()].sort(
    (a, b) =>
      a.engine.localeCompare(b.engine) ||
      EVAL_STRATEGIES.indexOf(a.strategy) - EVAL_STRATEGIES.indexOf(b.strategy),
  );
}

const scored = (rows: readonly EvalResult[]) => rows.filter((r) => r.iou !== null);

function tableRow(
  engine: string,
  strategy: EvalStrategy,
  bucket: EvalTableRow['bucket'],
  rows: readonly EvalResult[],
): EvalTableRow {
  return {
    engine,
    strategy,
    bucket,
    objects: rows.length,
    miou: mean(rows.map((r) => r.iou!)),
    precision: mean(rows.map((r) => r.precision ?? 0)),
    recall: mean(rows.map((r) => r.recall ?? 0)),
    boundaryF: mean(rows.map((r) => r.boundaryF ?? 0)),
    shapeGuesses: rows.length ? rows.filter((r) => r.shapeGuess).length / rows.length : 0,
  };
}

/** Counts in bins of width 1/bins; IoU 1 falls in the last. */
export function iouHistogram(ious: readonly number[], bins = HISTOGRAM_BINS): number[] {
  const counts = new Array<number>(bins).fill(0);
  for (const v of ious) counts[Math.min(bins - 1, Math.floor(v * bins))]!++;
  return counts;
}

export function summarizeResults(
  rows: readonly EvalResult[],
  maxClicks: number,
): Pick<EvalSummary, 'images' | 'objects' | 'table' | 'histograms' | 'clicks' | 'problems'> {
  const table: EvalTableRow[] = [];
  const histograms: EvalSummary['histograms'] = [];
  const clicks: EvalSummary['clicks'] = [];
  for (const { engine, strategy, rows: all } of groups(rows)) {
    const done = scored(all);
    if (done.length === 0) continue;
    table.push(tableRow(engine, strategy, 'all', done));
    for (const bucket of SIZE_BUCKETS)
      table.push(
        tableRow(
          engine,
          strategy,
          bucket,
          done.filter((r) => r.bucket === bucket),
        ),
      );
    histograms.push({ engine, strategy, bins: iouHistogram(done.map((r) => r.iou!)) });
    if (strategy === 'clicks') {
      const runs = done
        .filter((r) => r.clickIous && r.clickIous.length > 0)
        .map((r) => ({ ious: r.clickIous! }));
      clicks.push({
        engine,
        objects: runs.length,
        miouPerClick: meanIouPerClick(runs, maxClicks),
        noc85: mean(done.map((r) => r.noc85 ?? maxClicks)),
        noc90: mean(done.map((r) => r.noc90 ?? maxClicks)),
      });
    }
  }
  const problems = new Map<string, number>();
  for (const r of rows) if (r.problem) problems.set(r.problem, (problems.get(r.problem) ?? 0) + 1);
  const objects = new Set(scored(rows).map((r) => `${r.imageId}:${r.truthId}`)).size;
  return {
    images: new Set(rows.map((r) => r.imageId)).size,
    objects,
    table,
    histograms,
    clicks,
    problems: [...problems].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count),
  };
}
