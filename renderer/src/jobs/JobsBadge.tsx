// The top bar's word on the open project's jobs, on every screen: how far the running ones are, or that one was
// interrupted and waits to be resumed. It opens the jobs screen.
import { plural } from '../../../shared/counts';
import { Icon } from '../components/Icon';
import { navigate, useApp } from '../state/app';
import { formatRate } from '../../../shared/batch/format';
import { ACTIVE_STATUSES, finishedCount, sortedJobs } from './batch-view';
import './jobs.css';

export function JobsBadge() {
  const path = useApp((s) => s.project?.path);
  const jobs = useApp((s) => (path ? s.batch[path] : undefined));
  if (!path) return null;
  const views = sortedJobs(jobs);
  const running = views.filter((v) => ACTIVE_STATUSES.includes(v.job.status));
  const interrupted = views.filter((v) => v.job.status === 'interrupted');
  if (running.length === 0 && interrupted.length === 0) return null;

  // Experiments only (batch kind 'eval'): say so, and open the evaluation screen that shows them.
  const evaluating = running.length > 0 && running.every((v) => v.job.kind === 'eval');
  const open = () => navigate({ name: evaluating ? 'eval' : 'jobs', path });
  if (running.length === 0) {
    return (
      <button type="button" className="jobs-badge warn" onClick={open} data-testid="jobs-badge">
        <Icon name="alert" size={14} /> {plural(interrupted.length, 'job')} interrupted: resume?
      </button>
    );
  }
  const total = running.reduce((n, v) => n + v.job.total, 0);
  const finished = running.reduce((n, v) => n + finishedCount(v.job), 0);
  const rate = running.reduce<number | null>((r, v) => (v.rate === null ? r : (r ?? 0) + v.rate), null);
  const percent = total ? Math.floor((100 * finished) / total) : 0;
  return (
    <button
      type="button"
      className="jobs-badge"
      onClick={open}
      title={`${finished} of ${total} images`}
      data-testid="jobs-badge"
    >
      <span className="jobs-badge-spin" aria-hidden="true" />
      {evaluating ? 'Evaluating' : 'Pre-labeling'} {percent}%
      <span className="muted"> · {formatRate(rate)}</span>
      <span className="jobs-badge-bar" aria-hidden="true">
        <span style={{ width: `${percent}%` }} />
      </span>
    </button>
  );
}
