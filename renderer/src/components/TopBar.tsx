import { useApp } from '../state/app';
import { go, toggleHelp } from '../state/commands';
import { Icon, Logo } from './Icon';
import { actionTitle } from './Kbd';
import { baseName } from '../lib/paths';
import { JobsBadge } from '../jobs/JobsBadge';

/** The strip across every screen: home, where you are, connection state, help and settings. */
export function TopBar() {
  const route = useApp((s) => s.route);
  const project = useApp((s) => s.project);
  const connection = useApp((s) => s.connection);
  const projectPath =
    route.name === 'project' || route.name === 'image'
      ? route.path
      : route.name === 'settings'
        ? route.path
        : undefined;
  const projectName =
    project && project.path === projectPath
      ? project.name
      : projectPath
        ? baseName(projectPath).replace(/\.vpstudio$/, '')
        : null;

  return (
    <header className="topbar">
      <a className="brand" href="#/" data-testid="back-home" title="All projects">
        <Logo size={22} />
        <span className="brand-name">VisPrompt Studio</span>
      </a>
      <nav className="crumbs" aria-label="Location">
        {projectPath && projectName && (
          <>
            <Icon name="chevronRight" size={14} className="icon crumb-sep" />
            <button
              type="button"
              className={route.name === 'project' ? 'crumb current' : 'crumb'}
              onClick={() => go({ name: 'project', path: projectPath })}
            >
              {projectName}
            </button>
          </>
        )}
        {route.name === 'settings' && (
          <>
            <Icon name="chevronRight" size={14} className="icon crumb-sep" />
            <span className="crumb current">Settings</span>
          </>
        )}
      </nav>
      <div className="topbar-right">
        <JobsBadge />
        {connection === 'closed' && (
          <span
            className="conn-badge"
            role="status"
            title="Live updates paused: reconnecting to the studio server"
          >
            <Icon name="offline" size={14} /> Reconnecting…
          </span>
        )}
        <button
          type="button"
          className="icon-btn"
          onClick={() => toggleHelp(true)}
          title={actionTitle('help.toggle')}
          aria-label="Keyboard shortcuts"
          data-testid="help-button"
        >
          <Icon name="keyboard" />
        </button>
        <button
          type="button"
          className={route.name === 'settings' ? 'icon-btn active' : 'icon-btn'}
          onClick={() => go(projectPath ? { name: 'settings', path: projectPath } : { name: 'settings' })}
          title={actionTitle('app.settings', 'Settings')}
          aria-label="Settings"
          data-testid="settings-link"
        >
          <Icon name="settings" />
        </button>
      </div>
    </header>
  );
}
