// Pre-labeling jobs of a project: start one, and follow every job (bar, images/s, time left, failures with
// their reasons), pause, resume, cancel or retry the failed images. Jobs run in the studio: leaving this screen,
// or the canvas being busy, changes nothing for them.
import { useEffect } from 'react';
import { plural } from '../../../shared/counts';
import { ScreenHeader } from '../components/ScreenHeader';
import { useApp } from '../state/app';
import { go, loadBatchJobs } from '../state/commands';
import { jobsScreenList } from './batch-view';
import { JobCard } from './JobCard';
import { NewJobCard } from './NewJobCard';
import './jobs.css';

export function JobsScreen({ path }: { path: string }) {
  const jobs = useApp((s) => s.batch[path]);
  useEffect(() => {
    void loadBatchJobs(path);
  }, [path]);
  const { shown: list, experiments } = jobsScreenList(jobs);
  return (
    <div className="settings jobs" data-testid="jobs-screen">
      <div className="settings-inner jobs-inner">
        <ScreenHeader
          title="Pre-labeling jobs"
          backText="Back to the library"
          onBack={() => go({ name: 'project', path })}
        >
          <p className="muted">
            Run a chain on thousands of frames; its proposals wait for review. A job survives a quit or a
            crash and resumes from the first image not done.
          </p>
        </ScreenHeader>
        <NewJobCard project={path} />
        {experiments > 0 && (
          <p className="muted jobs-empty" data-testid="jobs-experiments">
            {plural(experiments, 'evaluation experiment')} of this project {experiments === 1 ? 'is' : 'are'}{' '}
            on the{' '}
            <button type="button" className="link-btn" onClick={() => go({ name: 'eval', path })}>
              Evaluation screen
            </button>
            .
          </p>
        )}
        {list.length === 0 ? (
          <p className="muted jobs-empty">No jobs yet.</p>
        ) : (
          list.map((view) => <JobCard key={view.job.id} project={path} view={view} />)
        )}
      </div>
    </div>
  );
}
