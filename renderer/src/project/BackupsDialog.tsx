// The project's backups (header > Backups): when each was taken and why, its size and schema version, "Back
// up now", and "Restore…", which says what happens (the current state is backed up first) before it does.
import { useState } from 'react';
import type { BackupInfo, BackupReason } from '../../../shared/api/backups';
import { ConfirmDialog, Modal } from '../components/Modal';
import { Icon } from '../components/Icon';
import { PathText } from '../components/PathText';
import { formatBytes, formatDateTime, formatRelative } from '../lib/format';
import { toast } from '../state/app';
import { useBackups } from './use-backups';
import './backups.css';

const REASONS: Record<BackupReason, string> = {
  daily: 'Daily',
  manual: 'Manual',
  'before-migration': 'Before upgrade',
  'before-restore': 'Before restore',
};

export function BackupsDialog({ project, onClose }: { project: string; onClose: () => void }) {
  const { list, busy, error, create, restore } = useBackups(project);
  const [confirm, setConfirm] = useState<BackupInfo | null>(null);
  // aria-disabled, not disabled: a disabled button loses the focus, and Esc would no longer reach the dialog.
  const working = busy !== null;

  const backUp = async () => {
    const made = await create();
    if (made) toast('success', `Backed up (${formatBytes(made.sizeBytes)}).`);
  };
  const restoreNow = async (backup: BackupInfo) => {
    setConfirm(null);
    const done = await restore(backup.id);
    if (done) toast('success', `Restored the backup of ${formatDateTime(backup.createdAt)}.`);
  };

  return (
    <>
      <Modal
        title="Backups"
        onClose={onClose}
        width={640}
        testId="backups-dialog"
        subtitle={
          list ? (
            <>
              Kept beside the project in <PathText path={list.folder} />
            </>
          ) : undefined
        }
        footer={
          <>
            <span className="muted small backups-keep">
              {list &&
                `Keeps the newest ${list.keep.daily} daily, ${list.keep.manual} manual, ${list.keep['before-migration']} before-upgrade and ${list.keep['before-restore']} before-restore backups.`}
            </span>
            <button
              type="button"
              className="btn btn-primary"
              onClick={() => !working && void backUp()}
              aria-disabled={working}
              data-testid="backup-now"
            >
              <Icon name="plus" size={14} /> {busy === 'creating' ? 'Backing up…' : 'Back up now'}
            </button>
          </>
        }
      >
        {error && (
          <div className="inline-error backups-error" role="alert" data-testid="backups-error">
            <Icon name="alert" size={14} /> {error}
          </div>
        )}
        {busy === 'loading' && !list ? (
          <div className="spinner" />
        ) : list && list.backups.length === 0 ? (
          <p className="muted backups-empty" data-testid="backups-empty">
            No backups yet. The studio takes one each day the project is open and before an upgrade; “Back up
            now” takes one at once.
          </p>
        ) : (
          <table className="backups-table" data-testid="backups-table">
            <thead>
              <tr>
                <th>Taken</th>
                <th>Reason</th>
                <th className="num">Size</th>
                <th className="num">Schema</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {list?.backups.map((b) => (
                <tr key={b.id} data-testid="backup-row" data-id={b.id}>
                  <td title={b.id}>
                    {formatDateTime(b.createdAt)}
                    <span className="muted small"> · {formatRelative(b.createdAt)}</span>
                  </td>
                  <td>
                    <span className={`badge backup-reason reason-${b.reason}`}>{REASONS[b.reason]}</span>
                  </td>
                  <td className="num">{formatBytes(b.sizeBytes)}</td>
                  <td className="num">v{b.schemaVersion}</td>
                  <td className="backups-action">
                    <button
                      type="button"
                      className="btn small"
                      onClick={() => !working && setConfirm(b)}
                      aria-disabled={working}
                      data-testid="backup-restore"
                    >
                      {typeof busy === 'object' && busy?.restoring === b.id ? 'Restoring…' : 'Restore…'}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Modal>
      {confirm && (
        <ConfirmDialog
          title="Restore this backup?"
          message={
            <>
              The project goes back to how it was on <strong>{formatDateTime(confirm.createdAt)}</strong>.
              Everything since then is replaced. The current state is backed up first (“Before restore” in
              this list), so you can go back to it.
            </>
          }
          confirmLabel="Restore"
          onConfirm={() => void restoreNow(confirm)}
          onCancel={() => setConfirm(null)}
        />
      )}
    </>
  );
}
