import { useId, useState } from 'react';
import { FolderBrowser, type PickMode } from './FolderBrowser';
import { Icon } from './Icon';

interface PathFieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  testId: string;
  placeholder?: string;
  hint?: string;
  error?: string | null;
  /** What the Browse button picks; for a new project's file, the folder picked gets `fileName` appended. */
  pick: PickMode;
  browseTitle: string;
  fromPicked?: (picked: string) => string;
  autoFocus?: boolean;
}

/** A path you can type (tests and power users do) or browse for with our own picker. */
export function PathField(props: PathFieldProps) {
  const { label, value, onChange, testId, placeholder, hint, error, pick, browseTitle, fromPicked } = props;
  const id = useId();
  const [browsing, setBrowsing] = useState(false);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className="input-row">
        <input
          id={id}
          className={error ? 'input mono invalid' : 'input mono'}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          placeholder={placeholder}
          spellCheck={false}
          autoComplete="off"
          data-testid={testId}
          aria-invalid={error ? true : undefined}
          autoFocus={props.autoFocus}
        />
        <button type="button" className="btn" onClick={() => setBrowsing(true)}>
          <Icon name="folder" size={14} /> Browse…
        </button>
      </div>
      {error ? (
        <div className="field-error">{error}</div>
      ) : hint ? (
        <div className="field-hint">{hint}</div>
      ) : null}
      {browsing && (
        <FolderBrowser
          title={browseTitle}
          mode={pick}
          start={value}
          onClose={() => setBrowsing(false)}
          onChoose={(picked) => {
            setBrowsing(false);
            onChange(fromPicked ? fromPicked(picked) : picked);
          }}
        />
      )}
    </div>
  );
}
