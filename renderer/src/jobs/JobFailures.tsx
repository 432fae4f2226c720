// A job's failed and skipped images with why, and a way to open each one.
import type { BatchJob } from '../../../shared/api/batch';
import { baseName } from '../lib/paths';
import { navigate } from '../state/app';
import { useJobFailures } from './use-job-items';

export function JobFailures({ project, job }: { project: string; job: BatchJob }) {
  const failures = job.counts.failed + job.counts.skipped;
  const { items, total, more } = useJobFailures(project, job.id, failures, true);
  if (failures === 0) return null;
  return (
    <div className="job-failures" data-testid={`job-failures-${job.id}`}>
      <table className="job-table">
        <thead>
          <tr>
            <th>Image</th>
            <th>Outcome</th>
            <th>Attempts</th>
            <th>Reason</th>
            <th aria-label="Open" />
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.imageId} data-testid="job-failure">
              <td className="job-file" title={item.path}>
                {baseName(item.path)}
              </td>
              <td>
                <span className={`job-state job-state-${item.state}`}>{item.state}</span>
              </td>
              <td className="num">{item.attempts}</td>
              <td className="job-reason">{item.reason ?? '—'}</td>
              <td>
                <button
                  type="button"
                  className="btn small"
                  onClick={() => navigate({ name: 'image', path: project, imageId: item.imageId })}
                  data-testid="job-failure-open"
                >
                  Open
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {items.length < total && (
        <button type="button" className="btn btn-ghost small" onClick={more}>
          Show more ({total - items.length} left)
        </button>
      )}
    </div>
  );
}
