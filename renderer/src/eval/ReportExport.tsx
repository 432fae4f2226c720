// The experiment's report into a folder (eval.report): report.md with its PNG charts, summary.csv and
// results.csv (one row per object, engine and strategy: that is the CSV export, the same call). Lists what was
// written, or says why nothing was.
import { useState } from 'react';
import { api } from '../api';
import { Icon } from '../components/Icon';
import { PathField } from '../components/PathField';
import { errorText } from './use-eval';

export function ReportExport({ project, jobId }: { project: string; jobId: number }) {
  const [folder, setFolder] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<
    { folder: string; files: string[]; error?: undefined } | { error: string } | null
  >(null);

  const write = async () => {
    setBusy(true);
    setOutcome(null);
    try {
      setOutcome(await api.eval.report({ project, jobId, folder: folder.trim() }));
    } catch (err) {
      setOutcome({ error: errorText(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="eval-export" data-testid="eval-export">
      <PathField
        label="Report folder (created if needed)"
        value={folder}
        onChange={setFolder}
        testId="eval-report-folder"
        pick="folder"
        browseTitle="Choose where the report goes"
        hint="report.md with its charts as PNG, summary.csv, and results.csv — the CSV export: one row per object, engine and prompt."
      />
      <div className="form-actions">
        <button
          type="button"
          className="btn btn-primary"
          disabled={!folder.trim() || busy}
          onClick={() => void write()}
          data-testid="eval-report-write"
        >
          <Icon name="file" size={12} /> {busy ? 'Writing…' : 'Export report and CSV'}
        </button>
      </div>
      {outcome?.error !== undefined ? (
        <p className="eval-error" role="alert" data-testid="eval-report-error">
          The report could not be written: {outcome.error}
        </p>
      ) : outcome ? (
        <div className="eval-report-files" data-testid="eval-report-files">
          <div className="field-hint">
            Written to <span className="mono">{outcome.folder}</span>:
          </div>
          <ul>
            {outcome.files.map((f) => (
              <li key={f} className="mono" data-testid="eval-report-file">
                {f}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
