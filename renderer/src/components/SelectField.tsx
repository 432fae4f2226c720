// A labelled drop-down in a form field: the value is one of `options`, each shown by its own text.
import type { ReactNode } from 'react';

export interface SelectFieldProps<T extends string> {
  id: string;
  label: string;
  value: T;
  /** [value, shown text] pairs, in the order shown. */
  options: readonly (readonly [T, string])[];
  onChange: (value: T) => void;
  testId?: string;
  /** Further controls of the same field, under the drop-down. */
  children?: ReactNode;
}

export function SelectField<T extends string>(props: SelectFieldProps<T>) {
  const { id, label, value, options, onChange, testId, children } = props;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        className="input"
        value={value}
        onChange={(e) => onChange(e.target.value as T)}
        data-testid={testId}
      >
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
      {children}
    </div>
  );
}
