import { useEffect, useState } from 'react';
import { IMAGE_STATUSES, type ImageStatus } from '../../../shared/domain';
import { Icon, type IconName } from '../components/Icon';
import { ActionKbd } from '../components/Kbd';
import { STATUS_LABELS, StatusDot } from '../components/StatusChip';
import { navigate, useApp } from '../state/app';
import { setFilter } from '../state/commands';
import { SequencesPanel } from '../sequences/SequencesPanel';
import { LabelsPanel } from './LabelsPanel';

interface ScreenEntry {
  label: string;
  icon: IconName;
  text: string;
  testId: string;
  route: 'datasets' | 'chains' | 'review' | 'jobs' | 'eval';
}

/** The project's other screens, in the order the side bar lists them. */
const SCREENS = [
  {
    label: 'Datasets',
    icon: 'import',
    text: 'Import and export datasets',
    testId: 'open-datasets',
    route: 'datasets',
  },
  { label: 'Chains', icon: 'sparkles', text: 'Visual prompt chains', testId: 'open-chains', route: 'chains' },
  { label: 'Review', icon: 'verify', text: 'Review model proposals', testId: 'open-review', route: 'review' },
  { label: 'Jobs', icon: 'layers', text: 'Pre-labeling jobs', testId: 'open-jobs', route: 'jobs' },
  {
    label: 'Evaluation',
    icon: 'chart',
    text: 'Evaluate against ground truth',
    testId: 'open-eval',
    route: 'eval',
  },
] as const satisfies readonly ScreenEntry[];

export function Sidebar() {
  return (
    <aside className="sidebar">
      <Filters />
      <LabelsPanel />
      <SequencesPanel />
      {SCREENS.map((screen) => (
        <ScreenLink key={screen.testId} {...screen} />
      ))}
    </aside>
  );
}

/** A side-bar entry opening another screen of the open project. */
function ScreenLink(props: ScreenEntry) {
  const path = useApp((s) => s.project?.path);
  if (!path) return null;
  return (
    <section className="side-section" aria-label={props.label}>
      <button
        type="button"
        className="side-item"
        onClick={() => navigate({ name: props.route, path })}
        data-testid={props.testId}
      >
        <Icon name={props.icon} size={14} className="icon side-icon" />
        <span>{props.text}</span>
      </button>
    </section>
  );
}

function Filters() {
  const filter = useApp((s) => s.filter);
  const missingCount = useApp((s) => s.project?.counts.missing ?? 0);
  const [search, setSearch] = useState(filter.search ?? '');

  // Typing filters after a short pause, so every keystroke is not a query.
  useEffect(() => {
    const t = setTimeout(() => {
      if ((filter.search ?? '') !== search.trim()) setFilter({ search });
    }, 250);
    return () => clearTimeout(t);
  }, [search, filter.search]);

  const statuses: (ImageStatus | 'all')[] = ['all', ...IMAGE_STATUSES];
  return (
    <section className="side-section" aria-label="Filters">
      <div className="search-box">
        <Icon name="search" size={14} className="icon search-icon" />
        <input
          className="input search-input"
          type="text"
          placeholder="Search by file name"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape' && search) {
              e.preventDefault();
              setSearch('');
            } else if (e.key === 'Escape' || e.key === 'Enter') {
              (e.target as HTMLInputElement).blur();
            }
          }}
          aria-label="Search by file name"
          data-testid="filter-search"
        />
        {search ? (
          <button
            type="button"
            className="icon-btn small search-clear"
            onClick={() => setSearch('')}
            aria-label="Clear the search"
            title="Clear the search (Esc)"
          >
            <Icon name="x" size={12} />
          </button>
        ) : (
          <ActionKbd id="library.search" />
        )}
      </div>

      <h3 className="side-title">Status</h3>
      <div className="status-filter" role="radiogroup" aria-label="Status">
        {statuses.map((s) => {
          const active = (filter.status ?? 'all') === s;
          return (
            <button
              key={s}
              type="button"
              role="radio"
              aria-checked={active}
              className={active ? 'side-item active' : 'side-item'}
              onClick={() => setFilter({ status: s === 'all' ? undefined : s })}
              data-testid={`filter-status-${s}`}
            >
              {s === 'all' ? (
                <Icon name="grid" size={14} className="icon side-icon" />
              ) : (
                <StatusDot status={s} />
              )}
              <span>{s === 'all' ? 'All images' : STATUS_LABELS[s]}</span>
            </button>
          );
        })}
      </div>

      <h3 className="side-title">Show only</h3>
      <label className="side-item check">
        <input
          type="checkbox"
          checked={filter.hasPredictions ?? false}
          onChange={(e) => setFilter({ hasPredictions: e.target.checked || undefined })}
          data-testid="filter-proposals"
        />
        <Icon name="sparkles" size={14} className="icon side-icon" />
        <span>With model proposals</span>
      </label>
      <label className="side-item check">
        <input
          type="checkbox"
          checked={filter.missing ?? false}
          onChange={(e) => setFilter({ missing: e.target.checked || undefined })}
          data-testid="filter-missing"
        />
        <Icon name="alert" size={14} className="icon side-icon" />
        <span>Missing files</span>
        {missingCount > 0 && <span className="side-count warn-text">{missingCount}</span>}
      </label>
    </section>
  );
}
