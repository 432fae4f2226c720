// The side bar's list of the project's sequences: each opens its editor; + makes one of a folder of the
// project's images (the selection bar makes one of the selection).
import { useState } from 'react';
import { formatCount } from '../../../shared/counts';
import { Icon } from '../components/Icon';
import { SideHead } from '../components/SideHead';
import { useApp } from '../state/app';
import { NewSequenceDialog } from './NewSequenceDialog';
import { SequenceEditor } from './SequenceEditor';
import { useLibrarySequences } from './library-sequences';

export function SequencesPanel() {
  const path = useApp((s) => s.project?.path);
  const readOnly = useApp((s) => s.project?.readOnly ?? false);
  const sequences = useLibrarySequences((s) => (s && s.project === path ? s.sequences : null));
  const [adding, setAdding] = useState(false);
  const [open, setOpen] = useState<number | null>(null);
  if (!path) return null;

  return (
    <section className="side-section" aria-label="Sequences" data-testid="sequences-panel">
      <SideHead
        title="Sequences"
        addTitle="Make a sequence of a folder of this project's images"
        addLabel="New sequence from a folder"
        testId="sequence-add"
        disabled={readOnly}
        onAdd={() => setAdding(true)}
      />
      {sequences?.map((s) => (
        <button
          key={s.id}
          type="button"
          className="side-item seq-side-item"
          onClick={() => setOpen(s.id)}
          title={[s.name, ...s.problems].join('\n')}
          data-testid="sequence-row"
          data-sequence-id={s.id}
        >
          <Icon name="layers" size={14} className="icon side-icon" />
          <span className="seq-side-name">{s.name}</span>
          {s.problems.length > 0 && <Icon name="alert" size={12} className="icon warn-text" />}
          <span className="side-count">{formatCount(s.frames)}</span>
        </button>
      ))}
      {sequences?.length === 0 && (
        <p className="side-empty">
          None yet. Select frames in the library, or{' '}
          <button type="button" className="link-btn" onClick={() => setAdding(true)} disabled={readOnly}>
            use a folder
          </button>
          .
        </p>
      )}
      {adding && <NewSequenceDialog project={path} onClose={() => setAdding(false)} />}
      {open !== null && <SequenceEditor project={path} sequenceId={open} onClose={() => setOpen(null)} />}
    </section>
  );
}
