/** A labelled numeric input kept as typed text (the form checks it), with an optional hint under it. */
export function NumberField(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  testId: string;
  placeholder?: string;
  hint?: string;
}) {
  return (
    <label className="field">
      <span className="field-label">{props.label}</span>
      <input
        className="input"
        inputMode="numeric"
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        placeholder={props.placeholder}
        data-testid={props.testId}
      />
      {props.hint && <span className="field-hint">{props.hint}</span>}
    </label>
  );
}
