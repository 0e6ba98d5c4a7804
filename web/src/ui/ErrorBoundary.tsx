import { Component, type ErrorInfo, type ReactNode } from 'react';
import { i18n } from '../i18n/index.ts';

/**
 * A page that fails to render shows what happened and a way out, instead of a blank screen. Edits are not lost:
 * the draft's unsaved changes are kept in the browser by the autosave.
 */
export class ErrorBoundary extends Component<{ children: ReactNode; resetKey: string }, { error: Error | null; key: string }> {
  state = { error: null as Error | null, key: this.props.resetKey };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  static getDerivedStateFromProps(props: { resetKey: string }, state: { error: Error | null; key: string }) {
    // Navigating elsewhere gives the new page a fresh start.
    return props.resetKey === state.key ? null : { error: null, key: props.resetKey };
  }

  componentDidCatch(error: Error, info: ErrorInfo) {
    console.error('Parcours: a page failed to render', error, info.componentStack);
  }

  render() {
    if (!this.state.error) return this.props.children;
    return (
      <div className="page">
        <div className="callout error" role="alert">
          <strong>{i18n.t('errorBoundary.failed')}</strong> {this.state.error.message}
        </div>
        <p className="muted">{i18n.t('errorBoundary.kept')}</p>
        <div className="row">
          <button type="button" className="primary" onClick={() => window.location.reload()}>
            Reload
          </button>
          <a href="#/scenarios">{i18n.t('errorBoundary.back')}</a>
        </div>
      </div>
    );
  }
}
