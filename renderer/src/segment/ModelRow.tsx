// One model of the models folder: installed, or a Download button with its size (and the consent a file
// without a published checksum needs), its progress, and when it fails the reason and the files to put there
// by hand. The models dialog and the first-run prompt both list models with it.
import { useEffect, useRef, useState } from 'react';
import type { ModelInfo } from '../../../shared/api/models';
import { Icon } from '../components/Icon';
import { formatBytes } from '../lib/format';
import { ManualInstall } from './ManualInstall';
import type { Download } from './use-models';

export function ModelRow({
  model,
  download,
  onDownload,
  onRecheck,
}: {
  model: ModelInfo;
  download: Download | undefined;
  onDownload: (allowUnverified: boolean) => void;
  onRecheck: () => Promise<unknown>;
}) {
  const [consent, setConsent] = useState(false);
  const row = useRef<HTMLLIElement>(null);
  // The Download button that had focus is gone once the model is installed: keep focus in the dialog (Esc).
  useEffect(() => {
    if (model.installed && document.activeElement === document.body) row.current?.focus();
  }, [model.installed]);
  const size = model.files.reduce((n, f) => n + (f.sizeBytes ?? 0), 0);
  const running = download !== undefined && !download.error;
  const problems = model.files.filter((f) => f.problem);
  const fraction = download && download.total > 0 ? download.done / download.total : null;
  return (
    <li
      ref={row}
      tabIndex={-1}
      className="models-row"
      data-testid="model-row"
      data-model={model.id}
      data-installed={model.installed}
    >
      <div className="models-row-head">
        <span className="models-name">{model.name}</span>
        <span className="badge">{model.role}</span>
        {model.default && <span className="badge">default</span>}
        <span className="toolbar-spacer" />
        {model.installed ? (
          <span className="engine-chip sam">
            <Icon name="check" size={12} /> Installed
          </span>
        ) : (
          <button
            type="button"
            className="btn btn-primary small"
            disabled={running || (model.needsConsent && !consent)}
            onClick={() => onDownload(model.needsConsent && consent)}
            data-testid="model-download"
          >
            <Icon name="import" size={12} /> Download{size > 0 ? ` ${formatBytes(size)}` : ''}
          </button>
        )}
      </div>
      <div className="small muted">
        {model.license} · <span className="mono">{model.dir}</span>
      </div>
      {!model.installed && problems.length > 0 && !running && !download?.error && (
        <ul className="models-problems small">
          {problems.map((f) => (
            <li key={f.file}>
              <span className="mono">{f.file}</span>: {f.problem}
            </li>
          ))}
        </ul>
      )}
      {!model.installed && model.needsConsent && (
        <label className="models-consent small">
          <input type="checkbox" checked={consent} onChange={(e) => setConsent(e.target.checked)} /> Some
          files have no published checksum: download them anyway (their size is still checked)
        </label>
      )}
      {running && (
        <div className="models-progress" data-testid="model-progress">
          <div className={`progress${fraction === null ? ' indeterminate' : ''}`}>
            <div className="progress-fill" style={{ width: `${Math.round((fraction ?? 0.3) * 100)}%` }} />
          </div>
          <span className="small muted tabular">
            {download.total > 0
              ? `${formatBytes(download.done)} of ${formatBytes(download.total)}`
              : 'Starting…'}
          </span>
        </div>
      )}
      {download?.error && (
        <>
          <p className="segment-activity error small" data-testid="model-error">
            <Icon name="alert" size={12} /> {download.error}
          </p>
          <ManualInstall models={[model]} onRecheck={onRecheck} />
        </>
      )}
    </li>
  );
}
