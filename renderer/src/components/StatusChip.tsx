import type { ImageStatus } from '../../../shared/domain';

export const STATUS_LABELS: Record<ImageStatus, string> = {
  new: 'New',
  in_progress: 'In progress',
  review: 'Review',
  done: 'Done',
  skipped: 'Skipped',
};

export function StatusChip({ status }: { status: ImageStatus }) {
  return (
    <span className={`status-chip status-${status}`} data-status={status}>
      <span className="status-dot" aria-hidden="true" />
      {STATUS_LABELS[status]}
    </span>
  );
}

export function StatusDot({ status }: { status: ImageStatus }) {
  return <span className={`status-dot status-${status}`} aria-hidden="true" />;
}
