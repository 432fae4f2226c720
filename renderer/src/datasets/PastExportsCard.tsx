// The exports made from this project, newest first: where, when, in which format, what they hold (the
// manifest's counts per split), and the manifest itself on request. One moved or deleted since says so.
import { useState } from 'react';
import type { PastExport } from '../../../shared/api/datasets';
import { formatCount, plural } from '../../../shared/counts';
import { Card } from '../components/Card';
import { PathText } from '../components/PathText';
import { formatDateTime, formatRelative } from '../lib/format';
import { usePastExports } from './use-dataset-jobs';

export function PastExportsCard({ project }: { project: string }) {
  const { exports, reload } = usePastExports(project);
  return (
    <Card title="Past exports" data-testid="past-exports">
      {exports === null ? (
        <div className="skeleton-line" />
      ) : exports.length === 0 ? (
        <p className="muted">No exports of this project yet: the ones you make are listed here.</p>
      ) : (
        <>
          <ul className="past-exports">
            {exports.map((e) => (
              <PastExportRow key={e.target} item={e} />
            ))}
          </ul>
          <button type="button" className="btn btn-ghost small" onClick={reload}>
            Check the folders again
          </button>
        </>
      )}
    </Card>
  );
}

function PastExportRow({ item }: { item: PastExport }) {
  const [open, setOpen] = useState(false);
  const m = item.manifest;
  const splits = m ? Object.entries(m.counts).filter(([, c]) => c.images > 0) : [];
  return (
    <li className="past-export" data-testid="past-export" data-format={item.format}>
      <div className="past-export-head">
        <span className="badge">{item.format}</span>
        <PathText path={item.target} className="mono past-export-path" />
        <span className="muted small" title={formatDateTime(item.finishedAt)}>
          {formatRelative(item.finishedAt)}
        </span>
      </div>
      {m ? (
        <p className="small muted" data-testid="past-export-counts">
          {splits
            .map(
              ([split, c]) => `${split} ${plural(c.images, 'image')}, ${plural(c.annotations, 'annotation')}`,
            )
            .join(' · ')}{' '}
          · {formatCount(m.files.length)} files · studio {m.studioVersion}
        </p>
      ) : (
        <p className="small warn-text" data-testid="past-export-problem">
          {item.problem}
        </p>
      )}
      {m && (
        <button
          type="button"
          className="link-btn small"
          onClick={() => setOpen((o) => !o)}
          aria-expanded={open}
          data-testid="past-export-manifest-toggle"
        >
          {open ? 'Hide the manifest' : 'Show the manifest'}
        </button>
      )}
      {open && m && (
        <pre className="mono past-export-manifest" data-testid="past-export-manifest">
          {JSON.stringify(m, null, 2)}
        </pre>
      )}
    </li>
  );
}
