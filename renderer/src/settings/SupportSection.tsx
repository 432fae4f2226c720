// Settings > About and support: which studio this is, where its data and log live, and "Copy diagnostics" (a
// redacted report from system.diagnostics) for a support request. The clipboard may be refused (a browser
// without the permission, a window that denies it): the report is then shown, selected, to copy by hand.
import { useEffect, useRef, useState } from 'react';
import { api } from '../api';
import { Card } from '../components/Card';
import { reportError, toast, useApp } from '../state/app';
import './support.css';

/**
 * Puts the report on the clipboard; false when the clipboard refuses. The write starts at once with the report
 * still to come (a ClipboardItem of a promise), so the click's permission to write is not spent waiting for it.
 */
async function copyReport(report: Promise<string>): Promise<boolean> {
  try {
    if (typeof ClipboardItem !== 'undefined' && typeof navigator.clipboard.write === 'function') {
      const blob = report.then((text) => new Blob([text], { type: 'text/plain' }));
      await navigator.clipboard.write([new ClipboardItem({ 'text/plain': blob })]);
    } else await navigator.clipboard.writeText(await report);
    return true;
  } catch {
    return false;
  }
}

export function SupportSection() {
  const system = useApp((s) => s.system);
  const [busy, setBusy] = useState(false);
  const [shown, setShown] = useState<string | null>(null);
  const area = useRef<HTMLTextAreaElement>(null);
  const sep = system?.platform === 'win32' ? '\\' : '/';

  // Shown and selected: Ctrl+C (or the menu's Copy) takes it.
  useEffect(() => {
    if (shown === null) return;
    area.current?.focus();
    area.current?.select();
  }, [shown]);

  const copy = async () => {
    setBusy(true);
    try {
      const report = api.system.diagnostics({}).then((r) => r.text);
      const copied = await copyReport(report);
      const text = await report; // a failed call is reported below, not taken for a refused clipboard
      if (copied) {
        setShown(null);
        toast('success', 'Diagnostics copied: paste them into your support request.');
      } else {
        setShown(text);
      }
    } catch (err) {
      reportError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="support-section">
      <Card title="About and support" data-testid="settings-support">
        {system && (
          <dl className="support-facts">
            <dt>Version</dt>
            <dd data-testid="support-version">
              VisPrompt Studio {system.version} ({system.mode === 'electron' ? 'desktop' : 'browser mode'})
            </dd>
            <dt>Data folder</dt>
            <dd className="support-path">{system.dataDir}</dd>
            <dt>Log</dt>
            <dd className="support-path">{[system.dataDir, 'logs', 'studio.log'].join(sep)}</dd>
          </dl>
        )}
        <div className="support-actions">
          <button
            type="button"
            className="btn"
            onClick={() => void copy()}
            disabled={busy}
            data-testid="support-copy-diagnostics"
          >
            {busy ? 'Collecting…' : 'Copy diagnostics'}
          </button>
          <span className="field-hint">
            Versions, this computer, models, settings and the last 200 log lines. Credentials, tokens and
            images are left out.
          </span>
        </div>
        {shown !== null && (
          <div className="field">
            <div className="field-hint" role="status">
              Copying was not allowed here: the report is selected below, press Ctrl+C (⌘C) to copy it.
            </div>
            <textarea
              ref={area}
              className="input support-report"
              readOnly
              value={shown}
              rows={12}
              aria-label="Diagnostics report"
              data-testid="support-diagnostics-text"
            />
          </div>
        )}
      </Card>
    </div>
  );
}
