// A new sequence from the library: of the selected images, or of a folder of the project's images (its
// direct children), in file-name order. The name defaults to the folder's.
import { useEffect, useState, type FormEvent } from 'react';
import type { SequenceFolder } from '../../../shared/api/sequences';
import { plural } from '../../../shared/counts';
import { FormFooter, Modal } from '../components/Modal';
import { baseName } from '../lib/paths';
import { imageFolders, makeSequence } from './library-sequences';

export function NewSequenceDialog({
  project,
  selection,
  onClose,
  onMade,
}: {
  project: string;
  /** The library's selection; without one, the dialog asks for a folder. */
  selection?: number[];
  onClose: () => void;
  /** After the sequence is made (the library clears its selection). */
  onMade?: () => void;
}) {
  const [folders, setFolders] = useState<SequenceFolder[] | null>(null);
  const [folder, setFolder] = useState('');
  const [name, setName] = useState('');
  const [named, setNamed] = useState(false);
  const [busy, setBusy] = useState(false);
  const fromSelection = selection !== undefined && selection.length > 0;

  useEffect(() => {
    if (fromSelection) return;
    void imageFolders(project).then((list) => {
      if (!list) return;
      setFolders(list);
      const first = list.find((f) => f.framed < f.images) ?? list[0];
      if (first) setFolder(first.folder);
    });
  }, [project, fromSelection]);
  const shownName = named ? name : fromSelection ? name : folder ? baseName(folder) : '';

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy || !shownName.trim() || (!fromSelection && !folder)) return;
    setBusy(true);
    const made = await makeSequence(
      project,
      shownName.trim(),
      fromSelection ? { imageIds: selection } : { folder },
    );
    setBusy(false);
    if (!made) return;
    onMade?.();
    onClose();
  };

  return (
    <Modal
      title="New sequence"
      subtitle={
        fromSelection
          ? `The ${plural(selection.length, 'selected image')} become frames in file-name order; reorder them later.`
          : 'A folder’s images become frames in file-name order; reorder them later.'
      }
      onClose={onClose}
      width={520}
      testId="new-sequence-dialog"
      footer={
        <FormFooter
          form="new-sequence-form"
          onCancel={onClose}
          disabled={busy || !shownName.trim() || (!fromSelection && !folder)}
          testId="create-sequence"
        >
          {busy ? 'Making…' : 'Make sequence'}
        </FormFooter>
      }
    >
      <form id="new-sequence-form" className="form" onSubmit={(e) => void onSubmit(e)} noValidate>
        {!fromSelection && (
          <div className="field">
            <label htmlFor="ns-folder">Folder</label>
            <select
              id="ns-folder"
              className="input"
              value={folder}
              onChange={(e) => setFolder(e.target.value)}
              disabled={folders === null || folders.length === 0}
              data-testid="sequence-folder"
            >
              {folders?.map((f) => (
                <option key={f.folder} value={f.folder}>
                  {f.folder} · {plural(f.images, 'image')}
                  {f.framed > 0 ? ` (${f.framed} in a sequence)` : ''}
                </option>
              ))}
            </select>
            {folders?.length === 0 && <div className="field-hint">Import a folder of images first.</div>}
          </div>
        )}
        <div className="field">
          <label htmlFor="ns-name">Name</label>
          <input
            id="ns-name"
            className="input"
            value={shownName}
            onChange={(e) => {
              setNamed(true);
              setName(e.target.value);
            }}
            placeholder="e.g. drive-0042"
            maxLength={200}
            data-autofocus
            data-testid="sequence-name-input"
          />
        </div>
      </form>
    </Modal>
  );
}
