import { useRef, useState, type KeyboardEvent } from 'react';
import type { Label } from '../../../shared/domain';
import { revealBidiControls } from '../../../shared/display-text';
import { HOTKEYS } from '../../../shared/labels';
import { Icon } from '../components/Icon';
import { SideHead } from '../components/SideHead';
import { ConfirmDialog } from '../components/Modal';
import { useApp } from '../state/app';
import { createLabel, deleteLabel, updateLabel } from '../state/commands';

export function LabelsPanel() {
  const labels = useApp((s) => s.labels);
  const readOnly = useApp((s) => s.project?.readOnly ?? false);
  const [adding, setAdding] = useState(false);
  const [deleting, setDeleting] = useState<Label | null>(null);

  return (
    <section className="side-section labels" aria-label="Labels">
      <SideHead
        title="Labels"
        addTitle="Add a label"
        addLabel="Add a label"
        testId="label-add"
        disabled={readOnly}
        onAdd={() => setAdding(true)}
      />
      <ul className="label-list">
        {labels.map((l) => (
          <LabelRow
            key={l.id}
            label={l}
            labels={labels}
            readOnly={readOnly}
            onDelete={() => setDeleting(l)}
          />
        ))}
        {adding && (
          <li className="label-row editing">
            <NameInput
              initial=""
              placeholder="Label name"
              onDone={async (name) => {
                if (name && !(await createLabel(name))) return false;
                setAdding(false);
                return true;
              }}
              onCancel={() => setAdding(false)}
            />
          </li>
        )}
      </ul>
      {labels.length === 0 && !adding && (
        <p className="side-empty">
          No labels yet.{' '}
          <button type="button" className="link-btn" onClick={() => setAdding(true)} disabled={readOnly}>
            Add one
          </button>{' '}
          — e.g. car, pedestrian, lane.
        </p>
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete “${deleting.name}”?`}
          message="Annotations with this label keep their shapes but lose the label. This cannot be undone."
          confirmLabel="Delete label"
          onCancel={() => setDeleting(null)}
          onConfirm={() => {
            const id = deleting.id;
            setDeleting(null);
            void deleteLabel(id);
          }}
        />
      )}
    </section>
  );
}

function LabelRow({
  label,
  labels,
  readOnly,
  onDelete,
}: {
  label: Label;
  labels: Label[];
  readOnly: boolean;
  onDelete: () => void;
}) {
  const [renaming, setRenaming] = useState(false);
  const color = useRef<HTMLInputElement>(null);
  const taken = new Map(
    labels.filter((l) => l.id !== label.id && l.hotkey !== null).map((l) => [l.hotkey!, l.name]),
  );

  return (
    <li className="label-row" data-testid="label-row" data-label-id={label.id}>
      <button
        type="button"
        className="swatch"
        style={{ background: label.color }}
        onClick={() => color.current?.click()}
        disabled={readOnly}
        title="Change colour"
        aria-label={`Colour of ${label.name}: ${label.color}`}
      />
      <input
        ref={color}
        type="color"
        className="visually-hidden"
        tabIndex={-1}
        value={label.color}
        onChange={(e) => void updateLabel(label.id, { color: e.target.value })}
        aria-hidden="true"
      />
      {renaming ? (
        <NameInput
          initial={label.name}
          placeholder="Label name"
          onDone={async (name) => {
            if (name && name !== label.name && !(await updateLabel(label.id, { name }))) return false;
            setRenaming(false);
            return true;
          }}
          onCancel={() => setRenaming(false)}
        />
      ) : (
        <span
          className="label-name"
          onDoubleClick={() => !readOnly && setRenaming(true)}
          title="Double-click to rename"
        >
          {revealBidiControls(label.name)}
        </span>
      )}
      {!renaming && (
        <>
          <select
            className="hotkey-select"
            value={label.hotkey ?? ''}
            onChange={(e) =>
              void updateLabel(label.id, { hotkey: e.target.value ? Number(e.target.value) : null })
            }
            disabled={readOnly}
            title="Hotkey"
            aria-label={`Hotkey of ${label.name}`}
          >
            <option value="">–</option>
            {HOTKEYS.map((k) => (
              <option key={k} value={k} disabled={taken.has(k)}>
                {k}
                {taken.has(k) ? ` (${taken.get(k)})` : ''}
              </option>
            ))}
          </select>
          <span className="label-actions">
            <button
              type="button"
              className="icon-btn small"
              onClick={() => setRenaming(true)}
              disabled={readOnly}
              title="Rename"
              aria-label={`Rename ${label.name}`}
            >
              <Icon name="pencil" size={13} />
            </button>
            <button
              type="button"
              className="icon-btn small danger"
              onClick={onDelete}
              disabled={readOnly}
              title="Delete"
              aria-label={`Delete ${label.name}`}
              data-testid="label-delete"
            >
              <Icon name="trash" size={13} />
            </button>
          </span>
        </>
      )}
    </li>
  );
}

/** Enter saves, Esc cancels; leaving the field saves too (an empty name cancels). */
function NameInput({
  initial,
  placeholder,
  onDone,
  onCancel,
}: {
  initial: string;
  placeholder: string;
  onDone: (name: string) => Promise<boolean>;
  onCancel: () => void;
}) {
  const [value, setValue] = useState(initial);
  const busy = useRef(false);
  const finish = async () => {
    if (busy.current) return;
    const name = value.trim();
    if (!name) return onCancel();
    busy.current = true;
    await onDone(name);
    busy.current = false;
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      void finish();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      onCancel();
    }
  };
  return (
    <input
      className="input label-input"
      value={value}
      autoFocus
      maxLength={100}
      placeholder={placeholder}
      onChange={(e) => setValue(e.target.value)}
      onKeyDown={onKeyDown}
      onBlur={() => void finish()}
      data-testid="label-name-input"
    />
  );
}
