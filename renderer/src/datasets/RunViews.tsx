// What a running or finished dataset job shows: a progress bar, and the problems its report lists.
import type { IssueReport } from '../../../shared/datasets/issues';

export function Progress({ done, total, label }: { done: number; total: number; label: string }) {
  const pct = total ? Math.round((done / total) * 100) : 0;
  return (
    <div className="dataset-progress" data-testid="dataset-progress">
      <div className={total ? 'progress' : 'progress indeterminate'} role="progressbar" aria-valuenow={pct}>
        <div className="progress-fill" style={{ width: total ? `${pct}%` : '30%' }} />
      </div>
      <span className="muted small">
        {label} {total ? `${done} / ${total}` : '…'}
      </span>
    </div>
  );
}

export function Issues({ issues }: { issues: IssueReport }) {
  if (issues.items.length === 0) return null;
  const more = issues.errors + issues.warnings - issues.items.length;
  return (
    <ul className="dataset-issues" data-testid="dataset-issues">
      {issues.items.slice(0, 100).map((i, k) => (
        <li key={k} className={i.severity}>
          <span className="issue-where mono">{i.where}</span> {i.message}
        </li>
      ))}
      {more > 0 && <li className="muted">… and {more} more</li>}
    </ul>
  );
}
