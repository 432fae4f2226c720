import { useState } from 'react';
import { Icon } from '../components/Icon';
import { PathText } from '../components/PathText';
import { formatCount, plural } from '../../../shared/counts';
import { useApp } from '../state/app';
import { dismissImportReport } from '../state/commands';

export function ImportReportBanner() {
  const report = useApp((s) => s.importReport);
  const [open, setOpen] = useState(true);
  if (!report) return null;
  const skipped = report.skipped.length;
  return (
    <section
      className={skipped ? 'report report-warn' : 'report'}
      data-testid="import-report"
      aria-live="polite"
    >
      <div className="report-head">
        <Icon name={skipped ? 'alert' : 'verify'} className="icon report-icon" />
        <div className="report-summary">
          <strong>
            Imported {plural(report.added, 'image')}, skipped {formatCount(skipped)}
          </strong>
          <span className="muted">
            {' '}
            from <span className="mono">{report.folder}</span>
            {report.alreadyPresent > 0 &&
              ` · ${formatCount(report.alreadyPresent)} already in the project`} ·{' '}
            {(report.durationMs / 1000).toFixed(1)} s
          </span>
        </div>
        {skipped > 0 && (
          <button
            type="button"
            className="btn btn-ghost small"
            onClick={() => setOpen(!open)}
            aria-expanded={open}
          >
            {open ? 'Hide' : 'Show'} skipped files
            <Icon name="chevronDown" size={14} className={open ? 'icon flip' : 'icon'} />
          </button>
        )}
        <button
          type="button"
          className="icon-btn"
          onClick={dismissImportReport}
          aria-label="Dismiss the import report"
          title="Dismiss"
        >
          <Icon name="x" size={14} />
        </button>
      </div>
      {skipped > 0 && (
        <ul className="skipped-list" hidden={!open}>
          {report.skipped.map((s) => (
            <li key={s.path} className="skipped-row" data-testid="skipped-file">
              <PathText className="mono skipped-path" path={s.path} />
              <span className="skipped-reason">{s.reason}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
