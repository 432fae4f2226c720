// An experiment's tables as eval.summary gives them (nothing is recomputed here; names and the dash for an
// empty bucket follow shared/eval/tables.ts, which writes the same tables into the report): mean IoU by size
// bucket with the shape-guess share, pixel precision / recall / boundary F, the corrective clicks, and the
// problems counted by reason. A row (or a bucket's cell) picks the objects to list worst first.
import type { CSSProperties, KeyboardEvent } from 'react';
import type { EvalSummary, EvalTableRow } from '../../../shared/api/eval';
import { BASELINE_ENGINE } from '../../../shared/api/eval';
import { plural } from '../../../shared/counts';
import { SIZE_BUCKETS, type SizeBucket } from '../../../shared/eval/size-buckets';
import { strategyName } from '../../../shared/eval/tables';
import type { ResultPick } from './use-eval';

const two = (v: number) => v.toFixed(2);
const engineText = (engine: string) => (engine === BASELINE_ENGINE ? '—' : engine);
const CLICKS_AT = [1, 3, 5, 10, 20];

interface TableProps {
  summary: EvalSummary;
  pick: ResultPick | null;
  onPick: (pick: ResultPick) => void;
}

const rowsOf = (summary: EvalSummary, bucket: EvalTableRow['bucket']) =>
  summary.table.filter((r) => r.bucket === bucket);

const isPicked = (pick: ResultPick | null, r: Pick<EvalTableRow, 'engine' | 'strategy'>) =>
  pick !== null && pick.engine === r.engine && pick.strategy === r.strategy;

/** A table row that picks on click and on Enter / Space. */
function rowProps(picked: boolean, onPick: () => void) {
  return {
    className: picked ? 'eval-row picked' : 'eval-row',
    tabIndex: 0,
    'aria-selected': picked,
    onClick: onPick,
    onKeyDown: (e: KeyboardEvent) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        onPick();
      }
    },
  };
}

/** A score with a bar under it, so a column reads at a glance. */
function Score({ value }: { value: number }) {
  return (
    <span className="eval-score" style={{ '--v': Math.max(0, Math.min(1, value)) } as CSSProperties}>
      {two(value)}
    </span>
  );
}

export function BucketTable({ summary, pick, onPick }: TableProps) {
  const all = rowsOf(summary, 'all');
  const cell = (r: EvalTableRow, bucket: 'all' | SizeBucket) =>
    summary.table.find((t) => t.engine === r.engine && t.strategy === r.strategy && t.bucket === bucket);
  // A bucket's object count in the header: the most any row scored (rows differ only by problems).
  const count = (bucket: 'all' | SizeBucket) => Math.max(0, ...rowsOf(summary, bucket).map((r) => r.objects));
  return (
    <table className="eval-table" data-testid="eval-bucket-table">
      <thead>
        <tr>
          <th>Prompt</th>
          <th>Engine</th>
          {[...SIZE_BUCKETS, 'all' as const].map((b) => (
            <th key={b} className="num" data-testid={`eval-count-${b}`} title={`${count(b)} objects`}>
              {b} <span className="eval-count">({count(b)})</span>
            </th>
          ))}
          <th className="num" title="Answers that came from the prompt's geometry rather than a cut">
            Shape guesses
          </th>
        </tr>
      </thead>
      <tbody>
        {all.map((r) => (
          <tr
            key={`${r.engine}/${r.strategy}`}
            {...rowProps(isPicked(pick, r) && !pick!.bucket, () =>
              onPick({ engine: r.engine, strategy: r.strategy }),
            )}
            data-testid="eval-row"
            data-engine={r.engine}
            data-strategy={r.strategy}
          >
            <td>{strategyName(r.strategy, summary.spec)}</td>
            <td className="eval-engine">{engineText(r.engine)}</td>
            {[...SIZE_BUCKETS, 'all' as const].map((b) => {
              const c = cell(r, b);
              const has = c !== undefined && c.objects > 0;
              const picked = isPicked(pick, r) && (b === 'all' ? !pick!.bucket : pick!.bucket === b);
              return (
                <td key={b} className={picked ? 'num picked-cell' : 'num'}>
                  {!has ? (
                    <span className="muted">-</span>
                  ) : b === 'all' ? (
                    <Score value={c.miou} />
                  ) : (
                    <button
                      type="button"
                      className="eval-cell"
                      title={`The worst ${b} objects (${c.objects})`}
                      onClick={(e) => {
                        e.stopPropagation();
                        onPick({ engine: r.engine, strategy: r.strategy, bucket: b });
                      }}
                      data-testid={`eval-cell-${b}`}
                    >
                      <Score value={c.miou} />
                    </button>
                  )}
                </td>
              );
            })}
            <td className="num">
              {r.engine === BASELINE_ENGINE ? (
                <span className="muted">-</span>
              ) : (
                <span className={r.shapeGuesses > 0 ? 'warn-text' : undefined}>
                  {Math.round(r.shapeGuesses * 100)} %
                </span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function PixelTable({ summary, pick, onPick }: TableProps) {
  return (
    <table className="eval-table" data-testid="eval-pixel-table">
      <thead>
        <tr>
          <th>Prompt</th>
          <th>Engine</th>
          <th className="num">Objects</th>
          <th className="num">mIoU</th>
          <th className="num">Precision</th>
          <th className="num">Recall</th>
          <th className="num">Boundary F</th>
        </tr>
      </thead>
      <tbody>
        {rowsOf(summary, 'all').map((r) => (
          <tr
            key={`${r.engine}/${r.strategy}`}
            {...rowProps(isPicked(pick, r) && !pick!.bucket, () =>
              onPick({ engine: r.engine, strategy: r.strategy }),
            )}
          >
            <td>{strategyName(r.strategy, summary.spec)}</td>
            <td className="eval-engine">{engineText(r.engine)}</td>
            <td className="num">{r.objects}</td>
            <td className="num">
              <Score value={r.miou} />
            </td>
            <td className="num">
              <Score value={r.precision} />
            </td>
            <td className="num">
              <Score value={r.recall} />
            </td>
            <td className="num">
              <Score value={r.boundaryF} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ClicksTable({ summary, pick, onPick }: TableProps) {
  return (
    <table className="eval-table" data-testid="eval-clicks-table">
      <thead>
        <tr>
          <th>Engine</th>
          <th className="num">Objects</th>
          <th className="num" title="Mean clicks to reach IoU 0.85 (the maximum when never reached)">
            NoC@85
          </th>
          <th className="num" title="Mean clicks to reach IoU 0.90 (the maximum when never reached)">
            NoC@90
          </th>
          {CLICKS_AT.map((k) => (
            <th key={k} className="num">
              mIoU@{k}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {summary.clicks.map((c) => (
          <tr
            key={c.engine}
            {...rowProps(isPicked(pick, { engine: c.engine, strategy: 'clicks' }) && !pick!.bucket, () =>
              onPick({ engine: c.engine, strategy: 'clicks' }),
            )}
            data-testid="eval-clicks-row"
          >
            <td className="eval-engine">{c.engine}</td>
            <td className="num">{c.objects}</td>
            <td className="num">{c.noc85.toFixed(1)}</td>
            <td className="num">{c.noc90.toFixed(1)}</td>
            {CLICKS_AT.map((k) => {
              const v = c.miouPerClick[k - 1];
              return (
                <td key={k} className="num">
                  {v === undefined ? <span className="muted">-</span> : <Score value={v} />}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ProblemsList({ summary }: { summary: EvalSummary }) {
  if (summary.problems.length === 0)
    return <p className="muted">None: every object of these images was scored.</p>;
  return (
    <ul className="eval-problems" data-testid="eval-problems">
      {summary.problems.map((p) => (
        <li key={p.reason}>
          <span className="eval-problem-count" title={plural(p.count, 'result')}>
            {p.count}
          </span>
          <span>{p.reason}</span>
        </li>
      ))}
    </ul>
  );
}
