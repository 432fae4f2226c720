import { useEffect, useState, type FormEvent } from 'react';
import type { RecentProject } from '../../../shared/domain';
import { api } from '../api';
import { Card } from '../components/Card';
import { Icon, Logo } from '../components/Icon';
import { PathField } from '../components/PathField';
import { PathText } from '../components/PathText';
import { formatDateTime, formatRelative } from '../lib/format';
import { attempt, useApp } from '../state/app';
import { go } from '../state/commands';
import { FirstRunCard } from './FirstRunCard';
import { NewProjectDialog } from './NewProjectDialog';

export function HomeScreen() {
  const [recent, setRecent] = useState<RecentProject[] | null>(null);
  const [creating, setCreating] = useState(false);
  const [openPath, setOpenPath] = useState('');
  const system = useApp((s) => s.system);

  useEffect(() => {
    let live = true;
    void attempt(() => api.projects.recent({})).then((list) => live && setRecent(list ?? []));
    return () => {
      live = false;
    };
  }, []);

  const forget = async (path: string) => {
    const ok = await attempt(() => api.projects.forget({ path }));
    if (ok !== undefined) setRecent((list) => list?.filter((r) => r.path !== path) ?? null);
  };

  const onOpen = (event: FormEvent) => {
    event.preventDefault();
    const path = openPath.trim();
    if (path) go({ name: 'project', path });
  };

  return (
    <div className="home">
      <section className="home-hero">
        <Logo size={44} />
        <div>
          <h1>VisPrompt Studio</h1>
          <p className="home-pitch">
            Draw visual prompts on driving images, segment with SAM, review the masks and export datasets —
            all in a local project file.
          </p>
        </div>
      </section>

      <FirstRunCard />

      <div className="home-columns">
        <div className="home-start">
          <Card title="Start">
            <button
              type="button"
              className="start-tile"
              onClick={() => setCreating(true)}
              data-testid="new-project"
            >
              <span className="start-icon accent">
                <Icon name="plus" size={18} />
              </span>
              <span>
                <span className="start-title">New project</span>
                <span className="start-desc">
                  Name it, choose where to save it, import a folder of images.
                </span>
              </span>
            </button>
          </Card>

          <Card title="Open project">
            <form onSubmit={onOpen} className="open-form">
              <PathField
                label="Project file"
                value={openPath}
                onChange={setOpenPath}
                testId="open-project-path"
                placeholder="/path/to/Project.vpstudio"
                pick="project"
                browseTitle="Open a project"
              />
              <div className="form-actions">
                <button
                  type="submit"
                  className="btn btn-primary"
                  disabled={!openPath.trim()}
                  data-testid="open-project"
                >
                  Open
                </button>
              </div>
            </form>
          </Card>
        </div>

        <section className="card recent">
          <div className="card-head">
            <h2 className="card-title">Recent projects</h2>
            {recent && recent.length > 0 && <span className="muted small">{recent.length}</span>}
          </div>
          {recent === null ? (
            <ul className="recent-list" aria-busy="true">
              {[0, 1, 2].map((i) => (
                <li key={i} className="recent-skeleton" />
              ))}
            </ul>
          ) : recent.length === 0 ? (
            <div className="empty small-empty">
              <Icon name="folder" size={28} className="icon empty-icon" />
              <p>No recent projects yet.</p>
              <p className="muted">Projects you create or open appear here.</p>
            </div>
          ) : (
            <ul className="recent-list">
              {recent.map((r) => (
                <li key={r.path} className="recent-row">
                  <button
                    type="button"
                    className="recent-open"
                    onClick={() => go({ name: 'project', path: r.path })}
                    data-testid="recent-project"
                    title={`Open ${r.path}`}
                  >
                    <span className="recent-icon">
                      <Icon name="grid" size={16} />
                    </span>
                    <span className="recent-text">
                      <span className="recent-name">{r.name}</span>
                      <PathText className="recent-path mono" path={r.path} />
                    </span>
                    <span className="recent-date" title={`Opened ${formatDateTime(r.openedAt)}`}>
                      {formatRelative(r.openedAt)}
                    </span>
                  </button>
                  <button
                    type="button"
                    className="icon-btn recent-forget"
                    onClick={() => void forget(r.path)}
                    title="Forget (the file stays on disk)"
                    aria-label={`Forget ${r.name}`}
                    data-testid="forget-project"
                  >
                    <Icon name="x" size={14} />
                  </button>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
      {system && (
        <footer className="home-foot muted small">
          {system.mode === 'browser' ? 'Browser mode' : 'Desktop'} · v{system.version} · data in{' '}
          <span className="mono">{system.dataDir}</span>
        </footer>
      )}
      {creating && <NewProjectDialog onClose={() => setCreating(false)} />}
    </div>
  );
}
