import { useState, type FormEvent } from 'react';
import { FormFooter, Modal } from '../components/Modal';
import { PathField } from '../components/PathField';
import { defaultProjectPath, fileNameFor, joinPath, PROJECT_EXTENSION } from '../lib/paths';
import { useApp } from '../state/app';
import { createProject } from '../state/commands';

/** Name, where to save it (follows the name until edited), and an optional folder to import right away. */
export function NewProjectDialog({ onClose }: { onClose: () => void }) {
  const projectsDir = useApp((s) => s.settings?.projectsDir ?? '');
  const [name, setName] = useState('');
  const [customPath, setCustomPath] = useState<string | null>(null);
  const [folder, setFolder] = useState('');
  const [busy, setBusy] = useState(false);
  const [tried, setTried] = useState(false);

  const path = customPath ?? (projectsDir && name.trim() ? defaultProjectPath(projectsDir, name) : '');
  const nameError = tried && !name.trim() ? 'Give the project a name.' : null;
  const pathError = tried && !path.trim() ? 'Choose where to save the project file.' : null;

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (!name.trim() || !path.trim() || busy) return;
    setBusy(true);
    const ok = await createProject({
      name: name.trim(),
      path: path.trim(),
      imageFolder: folder.trim() || undefined,
    });
    setBusy(false);
    if (ok) onClose();
  };

  return (
    <Modal
      title="New project"
      subtitle="A project is one file that holds your labels and annotations. Images stay where they are."
      onClose={onClose}
      width={560}
      testId="new-project-dialog"
      footer={
        <FormFooter form="new-project-form" onCancel={onClose} disabled={busy} testId="create-project">
          {busy ? 'Creating…' : folder.trim() ? 'Create and import' : 'Create project'}
        </FormFooter>
      }
    >
      <form id="new-project-form" className="form" onSubmit={(e) => void onSubmit(e)} noValidate>
        <div className="field">
          <label htmlFor="np-name">Name</label>
          <input
            id="np-name"
            className={nameError ? 'input invalid' : 'input'}
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="e.g. Highway dashcam, March"
            maxLength={200}
            data-autofocus
            data-testid="project-name-input"
          />
          {nameError && <div className="field-error">{nameError}</div>}
        </div>
        <PathField
          label="Save as"
          value={path}
          onChange={(v) => setCustomPath(v)}
          testId="project-path-input"
          placeholder={
            projectsDir ? joinPath(projectsDir, `Name${PROJECT_EXTENSION}`) : '/path/to/Project.vpstudio'
          }
          hint={
            customPath === null
              ? 'In your projects folder (Settings). Type or browse to save it elsewhere.'
              : undefined
          }
          error={pathError}
          pick="folder"
          browseTitle="Where to save the project"
          fromPicked={(dir) => joinPath(dir, fileNameFor(name || 'Untitled') + PROJECT_EXTENSION)}
        />
        <PathField
          label="Images to import (optional)"
          value={folder}
          onChange={setFolder}
          testId="image-folder-input"
          placeholder="A folder of JPEG / PNG / WebP / TIFF / BMP images"
          hint="Subfolders are included. You can import more folders later."
          pick="folder"
          browseTitle="Folder of images to import"
        />
      </form>
    </Modal>
  );
}
