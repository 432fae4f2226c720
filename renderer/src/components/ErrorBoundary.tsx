import { Component, type ErrorInfo, type ReactNode } from 'react';
import { Icon } from './Icon';

interface State {
  error: Error | null;
}

/** A screen that crashes shows what happened and a way out, instead of a blank window. */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('Screen crashed:', error, info.componentStack);
  }

  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div className="empty" role="alert" data-testid="screen-error">
        <Icon name="alert" size={32} className="icon empty-icon" />
        <h2>This screen ran into a problem</h2>
        <p className="muted mono small">{error.message}</p>
        <div className="form-actions">
          <a className="btn" href="#/">
            All projects
          </a>
          <button type="button" className="btn btn-primary" onClick={() => location.reload()}>
            Reload
          </button>
        </div>
      </div>
    );
  }
}
