// The top of a full-page screen (datasets, settings, chains): a way back, the title, and what follows it.
import type { ReactNode } from 'react';
import { Icon } from './Icon';

export interface ScreenHeaderProps {
  title: string;
  /** What the back button says (where it goes). */
  backText: ReactNode;
  onBack: () => void;
  backTestId?: string;
  className?: string;
  /** Under the title: a line of explanation or status. */
  children?: ReactNode;
}

export function ScreenHeader(props: ScreenHeaderProps) {
  const { title, backText, onBack, backTestId, className = 'settings-header', children } = props;
  return (
    <header className={className}>
      <button type="button" className="btn btn-ghost" onClick={onBack} data-testid={backTestId}>
        <Icon name="arrowLeft" size={14} /> {backText}
      </button>
      <h1>{title}</h1>
      {children}
    </header>
  );
}
