// The evaluation bench of a project: its experiments on the left (each a batch job of kind 'eval', with its
// live progress), and on the right a new experiment, the chosen one's results, or chain jobs scored against
// the truth. Experiments run in the studio like every job: leaving the screen changes nothing for them.
import { useEffect, useState } from 'react';
import { plural } from '../../../shared/counts';
import { Icon } from '../components/Icon';
import { formatRelative } from '../lib/format';
import { jobFraction, STATUS_TEXT, type BatchJobView } from '../jobs/batch-view';
import { useApp } from '../state/app';
import { go, loadBatchJobs } from '../state/commands';
import { ChainScores } from './ChainScores';
import { ExperimentView } from './ExperimentView';
import { NewExperimentForm } from './NewExperimentForm';
import { useJobsOfKind } from './use-eval';
import '../jobs/jobs.css';
import './eval.css';

type Pane = { name: 'new' } | { name: 'experiment'; jobId: number } | { name: 'chains' };

export function EvalScreen({ path }: { path: string }) {
  const experiments = useJobsOfKind(path, 'eval');
  const loaded = useApp((s) => s.batch[path] !== undefined);
  const [picked, setPane] = useState<Pane | null>(null);
  useEffect(() => {
    void loadBatchJobs(path);
  }, [path]);
  // Until one is picked (and once the jobs are known): the newest experiment, or a new one when there is none.
  const pane: Pane | null =
    picked ??
    (loaded
      ? experiments[0]
        ? { name: 'experiment', jobId: experiments[0].job.id }
        : { name: 'new' }
      : null);

  const chosen =
    pane?.name === 'experiment' ? (experiments.find((v) => v.job.id === pane.jobId) ?? null) : null;

  return (
    <div className="eval" data-testid="eval-screen">
      <header className="eval-header">
        <button type="button" className="btn btn-ghost" onClick={() => go({ name: 'project', path })}>
          <Icon name="arrowLeft" size={14} /> Back to the library
        </button>
        <h1>Evaluation</h1>
        <span className="muted">
          Prompts and engines measured against the project&apos;s ground truth, by object size.
        </span>
      </header>
      <div className="eval-grid">
        <aside className="eval-side" aria-label="Experiments">
          <button
            type="button"
            className={pane?.name === 'new' ? 'eval-side-item active' : 'eval-side-item'}
            onClick={() => setPane({ name: 'new' })}
            data-testid="eval-new-open"
          >
            <Icon name="plus" size={14} /> New experiment
          </button>
          <h3 className="side-title eval-side-title">Experiments</h3>
          {experiments.length === 0 ? (
            <p className="muted eval-side-empty">None yet.</p>
          ) : (
            <ul className="eval-list" data-testid="eval-list">
              {experiments.map((view) => (
                <li key={view.job.id}>
                  <ExperimentItem
                    view={view}
                    active={pane?.name === 'experiment' && pane.jobId === view.job.id}
                    onOpen={() => setPane({ name: 'experiment', jobId: view.job.id })}
                  />
                </li>
              ))}
            </ul>
          )}
          <h3 className="side-title eval-side-title">Chains</h3>
          <button
            type="button"
            className={pane?.name === 'chains' ? 'eval-side-item active' : 'eval-side-item'}
            onClick={() => setPane({ name: 'chains' })}
            data-testid="eval-chains-open"
          >
            <Icon name="sparkles" size={14} /> Chains against the truth
          </button>
        </aside>
        <main className="eval-main">
          {pane?.name === 'new' && (
            <NewExperimentForm
              project={path}
              onStarted={(job) => setPane({ name: 'experiment', jobId: job.id })}
            />
          )}
          {pane?.name === 'chains' && <ChainScores project={path} />}
          {pane?.name === 'experiment' &&
            (chosen ? (
              <ExperimentView key={chosen.job.id} project={path} view={chosen} />
            ) : (
              <p className="muted">This experiment is no longer in the project.</p>
            ))}
        </main>
      </div>
    </div>
  );
}

function ExperimentItem(props: { view: BatchJobView; active: boolean; onOpen: () => void }) {
  const { job } = props.view;
  return (
    <button
      type="button"
      className={props.active ? 'eval-item active' : 'eval-item'}
      onClick={props.onOpen}
      data-testid="eval-item"
      data-job-id={job.id}
      data-status={job.status}
    >
      <span className="eval-item-name">{job.name}</span>
      <span className="eval-item-meta">
        <span className={`eval-item-status status-${job.status}`}>{STATUS_TEXT[job.status]}</span>
        <span className="muted">
          {plural(job.total, 'image')} · {formatRelative(job.createdAt)}
        </span>
      </span>
      {job.status !== 'done' && (
        <span className="eval-item-bar" aria-hidden>
          <span style={{ width: `${Math.round(jobFraction(job) * 100)}%` }} />
        </span>
      )}
    </button>
  );
}
