// The models the studio knows, opened from the engine badge: which are installed in the models folder (and
// what is wrong with the files that are not), first-use download with a progress bar (resumed and checked by
// the server), and the folder itself. Any change makes the segment service choose its engines again.
import { useState } from 'react';
import type { ModelList } from '../../../shared/api/models';
import { api } from '../api';
import { Icon } from '../components/Icon';
import { Modal } from '../components/Modal';
import { ModelRow } from './ModelRow';
import { useModels } from './use-models';

const SOURCES: Record<ModelList['modelsDirSource'], string> = {
  env: 'Set by VISPROMPT_MODELS_DIR, which overrides the setting',
  setting: 'Chosen here',
  default: 'The default',
};

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export function ModelsDialog({ onClose, onChanged }: { onClose: () => void; onChanged: () => void }) {
  const { list, setList, error, setError, downloads, download, recheck } = useModels(onChanged);
  const [dir, setDir] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

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
                onRecheck={recheck}
              />
            ))}
          </ul>
        </>
      )}
    </Modal>
  );
}
