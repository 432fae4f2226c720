// The models the studio knows, opened from the engine badge: which are installed in the models folder (and
// what is wrong with the files that are not), first-use download with a progress bar (resumed and checked by
// the server), and the folder itself. Any change makes the segment service choose its engines again.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ModelInfo, ModelList } from '../../../shared/api/models';
import { api, followJob } from '../api';
import { Icon } from '../components/Icon';
import { Modal } from '../components/Modal';
import { formatBytes } from '../lib/format';

interface Download {
  jobId: string;
  done: number;
  total: number;
  file?: string;
  error?: string;
}

const SOURCES: Record<ModelList['modelsDirSource'], string> = {
  env: 'Set by VISPROMPT_MODELS_DIR, which overrides the setting',
  setting: 'Chosen here',
  default: 'The default',
};

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export function ModelsDialog({ onClose, onChanged }: { onClose: () => void; onChanged: () => void }) {
  const [list, setList] = useState<ModelList | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [downloads, setDownloads] = useState<Record<string, Download>>({});
  const [dir, setDir] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const reload = useCallback(
    () =>
      api.models.list({}).then(
        (l) => {
          setList(l);
          setError(null);
        },
        (err: unknown) => setError(message(err)),
      ),
    [],
  );
  useEffect(() => {
    void reload();
  }, [reload]);

  // Downloads go on when the dialog closes; only following them here stops.
  const following = useRef(new Set<AbortController>());
  useEffect(() => {
    const all = following.current;
    return () => all.forEach((f) => f.abort());
  }, []);

  const download = async (model: ModelInfo, allowUnverified: boolean) => {
    const show = (u: Partial<Download>) =>
      setDownloads((d) => ({ ...d, [model.id]: { jobId: '', done: 0, total: 0, ...d[model.id], ...u } }));
    const follow = new AbortController();
    following.current.add(follow);
    try {
      const { jobId } = await api.models.download({ id: model.id, allowUnverified });
      show({ jobId, done: 0, total: 0 });
      const job = await followJob(
        jobId,
        ({ done, total, message }) =>
          show({ done, total, ...(message !== undefined ? { file: message } : {}) }),
        { signal: follow.signal },
      );
      if (job.state !== 'done')
        return show({ error: job.error?.message ?? `The download was ${job.state}.` });
      setDownloads(({ [model.id]: _done, ...rest }) => rest);
      void reload();
      onChanged();
    } catch (err) {
      if (!follow.signal.aborted) show({ error: message(err) });
    } finally {
      following.current.delete(follow);
    }
  };

  const saveDir = async (value: string | null) => {
    setSaving(true);
    try {
      setList(await api.models.setDir({ dir: value }));
      setDir(null);
      setError(null);
      onChanged();
    } catch (err) {
      setError(message(err));
    } finally {
      setSaving(false);
    }
  };

  const shownDir = dir ?? list?.modelsDir ?? '';
  return (
    <Modal
      title="Models"
      subtitle="Segmentation and detection run on your machine from the files in the models folder."
      onClose={onClose}
      width={640}
      testId="models-dialog"
    >
      {error && (
        <p className="segment-activity error small" role="alert">
          <Icon name="alert" size={12} /> {error}
        </p>
      )}
      {!list ? (
        !error && <div className="skeleton-line" />
      ) : (
        <>
          <form
            className="field"
            onSubmit={(e) => {
              e.preventDefault();
              void saveDir(shownDir.trim() || null);
            }}
          >
            <label htmlFor="models-dir">Models folder</label>
            <div className="input-row">
              <input
                id="models-dir"
                className="input mono"
                value={shownDir}
                onChange={(e) => setDir(e.target.value)}
                spellCheck={false}
                disabled={list.modelsDirSource === 'env'}
                data-testid="models-dir"
              />
              <button
                type="submit"
                className="btn"
                disabled={saving || dir === null || list.modelsDirSource === 'env'}
              >
                Use
              </button>
              {list.modelsDirSource === 'setting' && (
                <button type="button" className="btn btn-ghost" onClick={() => void saveDir(null)}>
                  Default
                </button>
              )}
            </div>
            <span className="field-hint">
              {SOURCES[list.modelsDirSource]}; each model in its own folder: &lt;folder&gt;/&lt;model
              id&gt;/&lt;file&gt;
            </span>
          </form>
          <ul className="models-list">
            {list.models.map((m) => (
              <ModelRow
                key={m.id}
                model={m}
                download={downloads[m.id]}
                onDownload={(allow) => void download(m, allow)}
              />
            ))}
          </ul>
        </>
      )}
    </Modal>
  );
}

function ModelRow({
  model,
  download,
  onDownload,
}: {
  model: ModelInfo;
  download: Download | undefined;
  onDownload: (allowUnverified: boolean) => void;
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
      {!model.installed && problems.length > 0 && !running && (
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
        <p className="segment-activity error small" data-testid="model-error">
          <Icon name="alert" size={12} /> {download.error}
        </p>
      )}
    </li>
  );
}
