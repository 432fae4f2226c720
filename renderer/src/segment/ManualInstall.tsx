// When a model cannot be downloaded (offline, a proxy, a mirror down): the exact files to put in place by
// hand, each with its full path, and a button that looks at the folder again.
import { useState } from 'react';
import type { ModelInfo } from '../../../shared/api/models';
import { Icon } from '../components/Icon';
import { formatBytes } from '../lib/format';
import { joinPath } from '../lib/paths';

export function ManualInstall({
  models,
  onRecheck,
}: {
  models: readonly ModelInfo[];
  onRecheck: () => Promise<unknown>;
}) {
  const [checking, setChecking] = useState(false);
  const files = models.flatMap((m) =>
    m.files.filter((f) => f.problem).map((f) => ({ file: f, path: joinPath(m.dir, f.file) })),
  );
  if (files.length === 0) return null;
  return (
    <div className="manual-install" data-testid="manual-install">
      <p className="small">
        Put the files there by hand (from another machine, or the download page of each model), then check
        again:
      </p>
      <ul className="manual-files">
        {files.map(({ file, path }) => (
          <li key={path}>
            <code className="mono" data-testid="manual-path">
              {path}
            </code>
            <span className="muted small">
              {' '}
              {file.sizeBytes ? formatBytes(file.sizeBytes) : 'size not published'} ·{' '}
              <a href={file.url} target="_blank" rel="noreferrer">
                {new URL(file.url).host}
              </a>
            </span>
          </li>
        ))}
      </ul>
      <button
        type="button"
        className="btn small"
        onClick={() => {
          setChecking(true);
          void onRecheck().finally(() => setChecking(false));
        }}
        disabled={checking}
        data-testid="models-recheck"
      >
        <Icon name="refresh" size={12} /> {checking ? 'Checking…' : 'Check again'}
      </button>
    </div>
  );
}
