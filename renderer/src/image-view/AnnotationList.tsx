import type { Annotation, Label, ReviewState } from '../../../shared/domain';
import { formatCount } from '../lib/format';

const REVIEW_LABELS: Record<ReviewState, string> = {
  proposed: 'Proposed',
  accepted: 'Accepted',
  rejected: 'Rejected',
  edited: 'Edited',
};

/** Read-only for now: what is on the image, where it came from and whether it was reviewed. */
export function AnnotationList({
  annotations,
  labels,
}: {
  annotations: readonly Annotation[] | null;
  labels: readonly Label[];
}) {
  const byId = new Map(labels.map((l) => [l.id, l]));
  if (annotations === null) {
    return (
      <ul className="ann-list" aria-busy="true">
        {[0, 1, 2].map((i) => (
          <li key={i} className="ann-row skeleton-row" />
        ))}
      </ul>
    );
  }
  if (annotations.length === 0) {
    return <p className="panel-empty">No annotations on this image yet.</p>;
  }
  return (
    <ul className="ann-list" data-testid="annotation-list">
      {annotations.map((a) => {
        const label = a.labelId === null ? undefined : byId.get(a.labelId);
        return (
          <li key={a.id} className="ann-row" data-testid="annotation-row" data-review={a.reviewState}>
            <span
              className="swatch small"
              style={{ background: label?.color ?? 'var(--text-3)' }}
              aria-hidden="true"
            />
            <span className="ann-main">
              <span className="ann-label">{label?.name ?? 'Unlabelled'}</span>
              <span className="ann-sub muted">
                {a.kind}
                {' · '}
                {a.source === 'model' ? (a.modelId ?? 'model') : a.source}
                {a.area > 0 && ` · ${formatCount(Math.round(a.area))} px²`}
              </span>
            </span>
            {a.score !== null && (
              <span className="ann-score tabular" title="Model score">
                {a.score.toFixed(2)}
              </span>
            )}
            <span className={`review-chip review-${a.reviewState}`}>{REVIEW_LABELS[a.reviewState]}</span>
          </li>
        );
      })}
    </ul>
  );
}
