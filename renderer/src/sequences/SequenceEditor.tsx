// One sequence's frames, edited from the library: its name, the frames in order (thumbnail, number, file;
// missing frame numbers shown as gaps), each moved a place earlier or later or taken out, all sorted by file
// name or capture time, the first frame opened, the sequence deleted (its images stay).
import { useEffect, useState } from 'react';
import type { SequenceFrame, SequenceSummary } from '../../../shared/api/sequences';
import { plural } from '../../../shared/counts';
import { imageSrc } from '../api';
import { Icon } from '../components/Icon';
import { ConfirmDialog, Modal } from '../components/Modal';
import { baseName } from '../lib/paths';
import { navigate } from '../state/app';
import {
  deleteSequence,
  moveFrame,
  removeFrame,
  renameSequence,
  sequenceFrames,
  sortFrames,
  useLibrarySequences,
} from './library-sequences';

/** Frames listed at once; longer sequences page. */
const PAGE = 100;

export function SequenceEditor({
  project,
  sequenceId,
  onClose,
}: {
  project: string;
  sequenceId: number;
  onClose: () => void;
}) {
  const sequence = useLibrarySequences((s) => s?.sequences.find((q) => q.id === sequenceId) ?? null);
  const [frames, setFrames] = useState<SequenceFrame[] | null>(null);
  const [page, setPage] = useState(0);
  const [deleting, setDeleting] = useState(false);
  const [busy, setBusy] = useState(false);

  // Loaded again after each edit: an edit reloads the library's summaries, and so `sequence`.
  useEffect(() => {
    let live = true;
    void sequenceFrames(project, sequenceId).then((list) => {
      if (live && list) setFrames(list);
    });
    return () => {
      live = false;
    };
  }, [project, sequenceId, sequence]);

  const run = async (edit: () => Promise<unknown>) => {
    setBusy(true);
    await edit();
    setBusy(false);
  };

  if (!sequence) return null;
  const pages = Math.max(1, Math.ceil((frames?.length ?? 0) / PAGE));
  const shown = frames?.slice(page * PAGE, (page + 1) * PAGE) ?? [];
  return (
    <Modal
      title="Sequence"
      onClose={onClose}
      width={680}
      testId="sequence-editor"
      subtitle={`${plural(sequence.frames, 'frame')} · ${plural(sequence.tracks, 'track')} · ${ORIGINS[sequence.origin]}`}
      footer={
        <>
          <button
            type="button"
            className="btn btn-ghost seq-delete"
            onClick={() => setDeleting(true)}
            data-testid="sequence-delete"
          >
            <Icon name="trash" size={14} /> Delete sequence
          </button>
          <span className="seq-editor-spacer" />
          <button
            type="button"
            className="btn"
            disabled={!frames?.length}
            onClick={() => {
              onClose();
              navigate({ name: 'image', path: project, imageId: frames![0]!.imageId });
            }}
            data-testid="sequence-open"
          >
            Open first frame
          </button>
          <button type="button" className="btn btn-primary" onClick={onClose}>
            Done
          </button>
        </>
      }
    >
      <div className="seq-editor">
        <NameField
          key={sequence.name}
          initial={sequence.name}
          onRename={(name) => renameSequence(project, sequence.id, name)}
        />
        {sequence.problems.length > 0 && (
          <div className="seq-editor-problems" data-testid="sequence-problems">
            {sequence.problems.map((p) => (
              <span key={p} className="badge warn">
                {p}
              </span>
            ))}
          </div>
        )}
        <div className="seq-editor-bar">
          <span className="muted small">Sort frames</span>
          <div className="segmented small">
            <button
              type="button"
              disabled={busy}
              onClick={() => void run(() => sortFrames(project, sequence.id, 'name'))}
              data-testid="sequence-sort-name"
            >
              By file name
            </button>
            <button
              type="button"
              disabled={busy}
              onClick={() => void run(() => sortFrames(project, sequence.id, 'captured'))}
              title="By the capture time in each file's EXIF; frames without one go last, by file name"
              data-testid="sequence-sort-captured"
            >
              By capture time
            </button>
          </div>
          {pages > 1 && (
            <span className="seq-editor-pager small">
              <button
                type="button"
                className="icon-btn small"
                disabled={page === 0}
                onClick={() => setPage(page - 1)}
                aria-label="Earlier frames"
              >
                <Icon name="chevronLeft" size={14} />
              </button>
              {page * PAGE + 1}–{Math.min(frames!.length, (page + 1) * PAGE)} of {frames!.length}
              <button
                type="button"
                className="icon-btn small"
                disabled={page >= pages - 1}
                onClick={() => setPage(page + 1)}
                aria-label="Later frames"
              >
                <Icon name="chevronRight" size={14} />
              </button>
            </span>
          )}
        </div>
        <ol className="seq-editor-frames" data-testid="sequence-editor-frames" aria-busy={busy}>
          {frames === null && <li className="muted">Loading…</li>}
          {shown.map((f, k) => {
            const i = page * PAGE + k;
            const before = frames![i - 1];
            const gap = before && f.frame - before.frame > 1 ? [before.frame + 1, f.frame - 1] : null;
            return (
              <FrameRow
                key={f.imageId}
                project={project}
                frame={f}
                gap={gap as [number, number] | null}
                first={i === 0}
                last={i === frames!.length - 1}
                busy={busy}
                onMove={(by) => void run(() => moveFrame(project, sequence.id, f.imageId, by))}
                onRemove={() => void run(() => removeFrame(project, sequence.id, f))}
              />
            );
          })}
        </ol>
      </div>
      {deleting && (
        <ConfirmDialog
          title={`Delete “${sequence.name}”?`}
          message={`The sequence and its ${plural(sequence.tracks, 'track')} go. Its ${plural(sequence.frames, 'image')} and their annotations stay in the project.`}
          confirmLabel="Delete sequence"
          onCancel={() => setDeleting(false)}
          onConfirm={() => {
            setDeleting(false);
            onClose();
            void deleteSequence(project, sequence);
          }}
        />
      )}
    </Modal>
  );
}

const ORIGINS: Record<SequenceSummary['origin'], string> = {
  import: 'from a dataset import',
  folder: 'from a folder',
  manual: 'from a selection',
};

function FrameRow(props: {
  project: string;
  frame: SequenceFrame;
  gap: [number, number] | null;
  first: boolean;
  last: boolean;
  busy: boolean;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
}) {
  const { frame: f, gap } = props;
  const name = baseName(f.path);
  return (
    <>
      {gap && (
        <li className="seq-editor-gap" data-testid={`sequence-gap-${gap[0]}`}>
          {gap[0] === gap[1] ? `Frame ${gap[0]} is missing` : `Frames ${gap[0]}–${gap[1]} are missing`}
        </li>
      )}
      <li
        className={f.missing ? 'seq-editor-frame missing' : 'seq-editor-frame'}
        data-testid="sequence-editor-frame"
        data-image-id={f.imageId}
        data-frame={f.frame}
      >
        <span className="seq-editor-number tabular">{f.frame}</span>
        <img
          className="seq-editor-thumb"
          src={imageSrc('thumb', props.project, f.imageId)}
          alt=""
          loading="lazy"
        />
        <span className="seq-editor-name" title={f.path}>
          {name}
        </span>
        <span className="seq-editor-meta muted small">
          {f.missing
            ? 'file missing'
            : `${f.width}×${f.height}${f.annotations > 0 ? ` · ${plural(f.annotations, 'annotation')}` : ''}`}
        </span>
        <span className="seq-editor-actions">
          <button
            type="button"
            className="icon-btn small"
            disabled={props.first || props.busy}
            onClick={() => props.onMove(-1)}
            aria-label={`Move ${name} earlier`}
            title="Move earlier"
            data-testid="frame-earlier"
          >
            <Icon name="arrowUp" size={14} />
          </button>
          <button
            type="button"
            className="icon-btn small"
            disabled={props.last || props.busy}
            onClick={() => props.onMove(1)}
            aria-label={`Move ${name} later`}
            title="Move later"
            data-testid="frame-later"
          >
            <Icon name="arrowDown" size={14} />
          </button>
          <button
            type="button"
            className="icon-btn small"
            disabled={(props.first && props.last) || props.busy}
            onClick={props.onRemove}
            aria-label={`Take ${name} out of the sequence`}
            title="Take out of the sequence (the image stays in the project)"
            data-testid="frame-remove"
          >
            <Icon name="x" size={14} />
          </button>
        </span>
      </li>
    </>
  );
}

/** The sequence's name, renamed on Enter or when the field loses focus; Esc puts it back. */
function NameField({ initial, onRename }: { initial: string; onRename: (name: string) => Promise<boolean> }) {
  const [name, setName] = useState(initial);
  const commit = async () => {
    const next = name.trim();
    if (!next || next === initial) return setName(initial);
    if (!(await onRename(next))) setName(initial);
  };
  return (
    <div className="field">
      <label htmlFor="seq-name">Name</label>
      <input
        id="seq-name"
        className="input"
        value={name}
        maxLength={200}
        onChange={(e) => setName(e.target.value)}
        onBlur={() => void commit()}
        onKeyDown={(e) => {
          if (e.key === 'Enter') (e.target as HTMLInputElement).blur();
          if (e.key === 'Escape' && name !== initial) {
            e.stopPropagation();
            setName(initial);
          }
        }}
        data-testid="sequence-rename"
      />
    </div>
  );
}
