// Our own folder (and project file) picker over api.system.listDir: the same in a browser tab and in Electron,
// where a native dialog would not exist in browser mode anyway.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { DirListing } from '../../../shared/api';
import { StudioError } from '../../../shared/errors';
import { api } from '../api';
import { formatCount, plural } from '../../../shared/counts';
import { breadcrumbs, dirName } from '../lib/paths';
import { Icon } from './Icon';
import { Modal } from './Modal';

export type PickMode = 'folder' | 'project';

interface Target {
  path: string | undefined;
  /** Fall back to the nearest existing folder above (the first listing only). */
  nearest: boolean;
}

interface FolderBrowserProps {
  title: string;
  /** 'folder' chooses a folder; 'project' chooses a .vpstudio file (folders are browsed into). */
  mode?: PickMode;
  /** Where to start: a folder, or a file whose folder is shown. Home when empty or not found. */
  start?: string;
  chooseLabel?: string;
  onChoose: (path: string) => void;
  onClose: () => void;
}

const LAST_FOLDER_KEY = 'vps.lastFolder';

function lastFolder(): string | undefined {
  try {
    return localStorage.getItem(LAST_FOLDER_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

function rememberFolder(path: string): void {
  try {
    localStorage.setItem(LAST_FOLDER_KEY, path);
  } catch {
    // Not remembering is fine.
  }
}

/** Lists `path`, or the nearest folder above it that exists (a new project's folder may not yet), or home. */
async function listNearest(path: string | undefined): Promise<DirListing> {
  let candidate = path;
  for (let i = 0; candidate && i < 32; i++) {
    try {
      return await api.system.listDir({ path: candidate });
    } catch (err) {
      if (!(err instanceof StudioError) || err.code !== 'not_found') break;
      const parent = dirName(candidate);
      candidate = parent && parent !== candidate ? parent : undefined;
    }
  }
  return api.system.listDir({});
}

export function FolderBrowser({
  title,
  mode = 'folder',
  start,
  chooseLabel,
  onChoose,
  onClose,
}: FolderBrowserProps) {
  const [target, setTarget] = useState<Target>(() => {
    const from = start?.trim() || lastFolder();
    const dir = from && mode === 'project' && from.endsWith('.vpstudio') ? dirName(from) : from;
    return { path: dir || undefined, nearest: true };
  });
  const [listing, setListing] = useState<DirListing | null>(null);
  const [answered, setAnswered] = useState<Target | null>(null);
  const [typed, setTyped] = useState('');
  // Edits of the path field so far: a listing that answers after the person typed leaves their text alone.
  const edits = useRef(0);
  const [error, setError] = useState<string | null>(null);
  const loading = answered !== target;

  useEffect(() => {
    let live = true;
    const editsBefore = edits.current;
    const request = target.nearest
      ? listNearest(target.path)
      : api.system.listDir(target.path ? { path: target.path } : {});
    request.then(
      (result) => {
        if (!live) return;
        setListing(result);
        if (edits.current === editsBefore) setTyped(result.path);
        setError(null);
        setAnswered(target);
      },
      (err: unknown) => {
        if (!live) return;
        setError(err instanceof StudioError ? err.message : String(err));
        setAnswered(target);
      },
    );
    return () => {
      live = false;
    };
  }, [target]);

  const go = (path: string) => setTarget({ path, nearest: false });
  const choose = (path: string) => {
    rememberFolder(mode === 'project' ? dirName(path) : path);
    onChoose(path);
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    // The picker is portalled out of the dialog that opened it, but React still bubbles its submit up the
    // component tree: Enter or Go here would submit that dialog's form too (creating a project at once).
    event.stopPropagation();
    const path = typed.trim();
    if (!path) return;
    if (mode === 'project' && path.endsWith('.vpstudio')) return choose(path);
    go(path);
  };

  const folders = listing?.entries.filter((e) => e.isDir) ?? [];
  const files = mode === 'project' ? (listing?.entries.filter((e) => !e.isDir) ?? []) : [];
  const canChoose = mode === 'folder' && listing !== null && !loading;

  return (
    <Modal
      title={title}
      onClose={onClose}
      width={640}
      testId="folder-browser"
      footer={
        <>
          <span className="footer-note" data-testid="folder-image-count">
            {listing && mode === 'folder' && (
              <>
                <Icon name="image" size={14} />
                {listing.imageCount === 0
                  ? 'No images in this folder'
                  : `${plural(listing.imageCount, 'image')} in this folder`}
              </>
            )}
            {listing &&
              mode === 'project' &&
              (files.length === 0 ? 'No projects in this folder' : plural(files.length, 'project'))}
          </span>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          {mode === 'folder' && (
            <button
              type="button"
              className="btn btn-primary"
              disabled={!canChoose}
              onClick={() => listing && choose(listing.path)}
              data-testid="folder-browser-choose"
            >
              {chooseLabel ?? 'Choose this folder'}
            </button>
          )}
        </>
      }
    >
      <form className="fb-pathbar" onSubmit={onSubmit}>
        <button
          type="button"
          className="icon-btn"
          disabled={!listing?.parent}
          onClick={() => listing?.parent && go(listing.parent)}
          title="Up one folder"
          aria-label="Up one folder"
          data-testid="folder-browser-up"
        >
          <Icon name="arrowUp" />
        </button>
        <input
          className="input mono"
          value={typed}
          onChange={(e) => {
            edits.current++;
            setTyped(e.target.value);
          }}
          spellCheck={false}
          aria-label="Folder path"
          placeholder="Type a path and press Enter"
          data-testid="folder-browser-path"
        />
        <button type="submit" className="btn">
          Go
        </button>
      </form>
      {listing && (
        <nav className="fb-crumbs" aria-label="Folder path">
          {breadcrumbs(listing.path).map((c, i, all) => (
            <span key={c.path} className="fb-crumb">
              {i > 0 && <Icon name="chevronRight" size={12} className="icon fb-crumb-sep" />}
              <button
                type="button"
                className={i === all.length - 1 ? 'crumb current' : 'crumb'}
                onClick={() => go(c.path)}
                aria-current={i === all.length - 1 ? 'location' : undefined}
              >
                {c.name}
              </button>
            </span>
          ))}
        </nav>
      )}
      {error && (
        <div className="inline-error" role="alert">
          <Icon name="alert" size={14} /> {error}
        </div>
      )}
      <ul className={loading ? 'fb-list loading' : 'fb-list'} aria-busy={loading}>
        {folders.map((e) => (
          <li key={e.path}>
            <button type="button" className="fb-entry" onClick={() => go(e.path)} data-testid="folder-entry">
              <Icon name="folder" className="icon fb-folder-icon" />
              <span className="fb-name">{e.name}</span>
              <Icon name="chevronRight" size={14} className="icon fb-go" />
            </button>
          </li>
        ))}
        {files.map((e) => (
          <li key={e.path}>
            <button
              type="button"
              className="fb-entry fb-file"
              onClick={() => choose(e.path)}
              data-testid="project-file-entry"
            >
              <Icon name="file" className="icon fb-file-icon" />
              <span className="fb-name">{e.name}</span>
              <span className="fb-open">Open</span>
            </button>
          </li>
        ))}
        {listing && folders.length === 0 && files.length === 0 && (
          <li className="fb-empty">
            {mode === 'folder' ? 'No subfolders here.' : 'No subfolders or projects here.'}
          </li>
        )}
      </ul>
      {listing && mode === 'folder' && folders.length > 0 && (
        <p className="fb-hint">
          {formatCount(folders.length)} subfolders · click one to open it, then choose.
        </p>
      )}
    </Modal>
  );
}
