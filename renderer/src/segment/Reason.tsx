import { useState } from 'react';

/** The engine's reason, two lines at most until clicked: it can name every file it looked for. */
export function Reason({ text, testId }: { text: string; testId?: string }) {
  const [open, setOpen] = useState(false);
  return (
    <button
      type="button"
      className={`segment-reason small${open ? ' open' : ''}`}
      onClick={() => setOpen(!open)}
      title={open ? 'Show less' : text}
      aria-expanded={open}
      data-testid={testId}
    >
      {text}
    </button>
  );
}
