import { dismissToast, useApp } from '../state/app';
import { Icon } from './Icon';

/** Bottom-right stack: info and success fade away by themselves, errors stay until closed. */
export function Toasts() {
  const toasts = useApp((s) => s.toasts);
  return (
    <div className="toasts" aria-live="polite" aria-relevant="additions">
      {toasts.map((t) => (
        <div
          key={t.id}
          className={`toast toast-${t.kind}`}
          role={t.kind === 'error' ? 'alert' : 'status'}
          data-testid="toast"
          data-kind={t.kind}
        >
          <Icon
            name={t.kind === 'error' ? 'alert' : t.kind === 'success' ? 'verify' : 'info'}
            className="icon toast-icon"
          />
          <div className="toast-text">
            <div className="toast-message">{t.message}</div>
            {t.code && <div className="toast-code">{t.code}</div>}
          </div>
          <button
            type="button"
            className="icon-btn toast-close"
            aria-label="Dismiss"
            onClick={() => dismissToast(t.id)}
          >
            <Icon name="x" size={14} />
          </button>
        </div>
      ))}
    </div>
  );
}
