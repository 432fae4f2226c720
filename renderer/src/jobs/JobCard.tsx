// One batch job: its bar (done and failed shares), the live figures, what can be done with it, and its failures.
import { useState } from 'react';
import { plural } from '../../../shared/counts';
import { Icon } from '../components/Icon';
import { formatRelative } from '../lib/format';
import { reviewJob } from '../review/review-commands';
import { batchAction } from '../state/commands';
import { ACTIVE_STATUSES, RESUMABLE_STATUSES, STATUS_TEXT, type BatchJobView } from './batch-view';
import { formatDuration, formatRate } from '../../../shared/batch/format';
import { JobFailures } from './JobFailures';

export function JobCard({ project, view }: { project: string; view: BatchJobView }) {
  const { job, rate, etaSec, concurrency } = view;
  const [showFailures, setShowFailures] = useState(false);
  const active = ACTIVE_STATUSES.includes(job.status);
  const left = job.counts.pending + job.counts.running;
  const failures = job.counts.failed + job.counts.skipped;
  const share = (n: number) => `${job.total ? (100 * n) / job.total : 0}%`;
  const act = (action: Parameters<typeof batchAction>[2]) => void batchAction(project, job.id, action);

  return (
    <section
      className={`card job-card job-${job.status}`}
      data-testid={`job-${job.id}`}
      data-status={job.status}
    >
      <header className="job-head">
        <div className="job-title">
          <h2>{job.name}</h2>
          <span className="muted">
            #{job.id} · {plural(job.total, 'image')} · started{' '}
            {formatRelative(job.startedAt ?? job.createdAt)}
          </span>
        </div>
        <span className={`job-status job-status-${job.status}`} data-testid="job-status">
          {STATUS_TEXT[job.status]}
        </span>
      </header>

      <div
        className="job-bar"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={job.total}
        aria-valuenow={job.counts.done + failures}
        aria-label={`${job.name}: ${job.counts.done + failures} of ${job.total}`}
      >
        <span className="job-bar-done" style={{ width: share(job.counts.done) }} />
        <span className="job-bar-failed" style={{ width: share(job.counts.failed) }} />
        <span className="job-bar-skipped" style={{ width: share(job.counts.skipped) }} />
      </div>

      <dl className="job-figures" data-testid="job-figures">
        <div>
          <dt>Done</dt>
          <dd data-testid="job-done">
            {job.counts.done.toLocaleString('en')} / {job.total.toLocaleString('en')}
          </dd>
        </div>
        <div>
          <dt>Speed</dt>
          <dd data-testid="job-rate">{active ? formatRate(rate) : '—'}</dd>
        </div>
        <div>
          <dt>Time left</dt>
          <dd data-testid="job-eta">
            {active ? formatDuration(etaSec) : left ? `${plural(left, 'image')} left` : '—'}
          </dd>
        </div>
        <div>
          <dt>In flight</dt>
          <dd>{active ? `${job.counts.running} / ${concurrency || '—'}` : '—'}</dd>
        </div>
        <div>
          <dt>Problems</dt>
          <dd className={job.counts.failed ? 'danger-text' : undefined} data-testid="job-failed">
            {problemsText(job.counts.failed, job.counts.skipped)}
          </dd>
        </div>
        <div>
          <dt>Proposals</dt>
          <dd
            data-testid="job-proposals"
            title={
              job.repeats
                ? `${plural(job.repeats, 'proposal')} left out: they repeat annotations already on their images`
                : undefined
            }
          >
            {job.proposals.toLocaleString('en')}
            {job.repeats > 0 && (
              <span className="muted" data-testid="job-repeats">
                {' '}
                · {job.repeats.toLocaleString('en')} repeats skipped
              </span>
            )}
          </dd>
        </div>
      </dl>

      {job.error && (
        <p
          className={job.status === 'interrupted' ? 'job-error job-note' : 'job-error'}
          role="alert"
          data-testid="job-error"
        >
          <Icon name="alert" size={14} /> {job.error}
        </p>
      )}

      <div className="job-actions">
        {active && (
          <button type="button" className="btn small" onClick={() => act('pause')} data-testid="job-pause">
            <Icon name="pause" size={12} /> Pause
          </button>
        )}
        {RESUMABLE_STATUSES.includes(job.status) && left > 0 && (
          <button
            type="button"
            className="btn btn-primary small"
            onClick={() => act('resume')}
            data-testid="job-resume"
          >
            <Icon name="play" size={12} /> Resume ({plural(left, 'image')} left)
          </button>
        )}
        {!active && failures > 0 && (
          <button
            type="button"
            className="btn small"
            onClick={() => act('retryFailed')}
            data-testid="job-retry"
          >
            <Icon name="refresh" size={12} /> Retry {plural(failures, 'image')}
          </button>
        )}
        {(active || job.status === 'paused' || job.status === 'interrupted') && (
          <button
            type="button"
            className="btn btn-ghost small"
            onClick={() => act('cancel')}
            data-testid="job-cancel"
          >
            <Icon name="x" size={12} /> Cancel
          </button>
        )}
        {job.proposals > 0 && (
          <button
            type="button"
            className="btn small"
            onClick={() => reviewJob(project, job.id)}
            data-testid="job-review"
          >
            <Icon name="verify" size={12} /> Review proposals
          </button>
        )}
        {failures > 0 && (
          <button
            type="button"
            className="btn btn-ghost small job-toggle"
            onClick={() => setShowFailures((v) => !v)}
            aria-expanded={showFailures}
            data-testid="job-show-failures"
          >
            <Icon name={showFailures ? 'chevronDown' : 'chevronRight'} size={12} />
            {showFailures ? 'Hide' : 'Show'} {plural(failures, 'image')} with problems
          </button>
        )}
      </div>
      {showFailures && <JobFailures project={project} job={job} />}
    </section>
  );
}

function problemsText(failed: number, skipped: number): string {
  if (failed === 0 && skipped === 0) return 'none';
  const parts = [
    failed ? `${failed.toLocaleString('en')} failed` : '',
    skipped ? `${skipped.toLocaleString('en')} skipped` : '',
  ];
  return parts.filter(Boolean).join(', ');
}
