import { useEffect, useState } from 'react';
import { FolderBrowser } from '../components/FolderBrowser';
import { Icon } from '../components/Icon';
import { actionTitle, ActionKbd } from '../components/Kbd';
import { formatCount, plural } from '../../../shared/counts';
import { jobFraction, runningJob } from '../state/app-state';
import { useApp } from '../state/app';
import { cancelJob, go, importFolder, loadImages, onImportRequest, verifyFiles } from '../state/commands';
import { BackupsDialog } from './BackupsDialog';
import { ImageGrid } from './ImageGrid';
import { Sidebar } from './Sidebar';

export function ProjectScreen({ path }: { path: string }) {
  const project = useApp((s) => (s.project?.path === path ? s.project : null));
  const filter = useApp((s) => s.filter);
  const page = useApp((s) => s.page);
  const [picking, setPicking] = useState(false);
  const [verifying, setVerifying] = useState(false);
  const [backups, setBackups] = useState(false);

  const ready = project !== null;
  useEffect(() => {
    if (ready) void loadImages();
  }, [ready, filter, page]);

  useEffect(() => onImportRequest(() => setPicking(true)), []);

  if (!project) {
    return (
      <div className="project-loading" aria-busy="true">
        <div className="spinner" /> Opening project…
      </div>
    );
  }

  const { counts } = project;
  const verify = async () => {
    setVerifying(true);
    await verifyFiles();
    setVerifying(false);
  };

  return (
    <div className="project">
      <header className="project-header">
        <div className="project-title">
          <h1 title={project.path}>{project.name}</h1>
          <div className="project-counts muted" data-testid="project-counts">
            <span>{plural(counts.images, 'image')}</span>
            <span className="dot-sep" />
            <span>{plural(counts.annotations, 'annotation')}</span>
            <span className="dot-sep" />
            <span>{plural(counts.labels, 'label')}</span>
            {counts.missing > 0 && (
              <>
                <span className="dot-sep" />
                <span className="warn-text">{formatCount(counts.missing)} missing</span>
              </>
            )}
            {project.readOnly && <span className="badge">Read-only</span>}
          </div>
        </div>
        <ImportProgress path={path} />
        <div className="header-actions">
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => setPicking(true)}
            disabled={project.readOnly}
            title={actionTitle('library.import')}
            data-testid="import-folder"
          >
            <Icon name="import" size={14} /> Import folder <ActionKbd id="library.import" />
          </button>
          <button
            type="button"
            className="btn"
            onClick={() => void verify()}
            disabled={verifying}
            title="Check that every image file is still where it was"
            data-testid="verify-files"
          >
            <Icon name="verify" size={14} /> {verifying ? 'Verifying…' : 'Verify files'}
          </button>
          <button
            type="button"
            className="btn"
            onClick={() => setBackups(true)}
            title="Backups of this project: back up now, or restore an earlier state"
            data-testid="open-backups"
          >
            <Icon name="history" size={14} /> Backups
          </button>
          <button
            type="button"
            className="icon-btn bordered"
            onClick={() => go({ name: 'settings', path })}
            title={actionTitle('app.settings', 'Settings')}
            aria-label="Settings"
          >
            <Icon name="settings" />
          </button>
        </div>
      </header>
      <div className="project-body">
        <Sidebar />
        <ImageGrid project={project} />
      </div>
      {backups && <BackupsDialog project={path} onClose={() => setBackups(false)} />}
      {picking && (
        <FolderBrowser
          title="Import a folder of images"
          chooseLabel="Import this folder"
          onClose={() => setPicking(false)}
          onChoose={(folder) => {
            setPicking(false);
            void importFolder(folder);
          }}
        />
      )}
    </div>
  );
}

function ImportProgress({ path }: { path: string }) {
  const job = useApp((s) => runningJob(s.jobs, 'import', path));
  if (!job) return <div className="import-progress-slot" />;
  const fraction = jobFraction(job);
  return (
    <div className="import-progress" data-testid="import-progress" role="status">
      <div className="import-progress-text">
        <span>Importing…</span>
        <span className="muted tabular">
          {job.total > 0 ? `${formatCount(job.done)} / ${formatCount(job.total)}` : 'scanning'}
        </span>
      </div>
      <div
        className={fraction === null ? 'progress indeterminate' : 'progress'}
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={job.total || undefined}
        aria-valuenow={job.total ? job.done : undefined}
      >
        <div className="progress-fill" style={{ width: `${(fraction ?? 0.3) * 100}%` }} />
      </div>
      <button
        type="button"
        className="icon-btn"
        onClick={() => void cancelJob(job.id)}
        title="Cancel the import"
        aria-label="Cancel the import"
      >
        <Icon name="x" size={14} />
      </button>
    </div>
  );
}
