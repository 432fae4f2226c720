import { useId, type ReactNode } from 'react';

/** A labelled one-line text input in the mono face (file names, paths, label maps). */
export function TextField(props: {
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
  testId: string;
  placeholder?: string;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        className="input mono"
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        spellCheck={false}
        placeholder={props.placeholder}
        data-testid={props.testId}
      />
    </div>
  );
}
