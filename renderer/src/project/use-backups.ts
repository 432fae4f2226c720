// The Backups dialog's state: the project's backups (read when it opens and after each change), what is under
// way, and the last error in words, so the dialog can show it beside the list.
import { useCallback, useEffect, useState } from 'react';
import type { BackupList, RestoreResult } from '../../../shared/api/backups';
import { createBackup, listBackups, restoreBackup } from '../state/commands/backups';

export type BackupsBusy = null | 'loading' | 'creating' | { restoring: string };

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export function useBackups(project: string) {
  const [list, setList] = useState<BackupList | null>(null);
  const [busy, setBusy] = useState<BackupsBusy>('loading');
  const [error, setError] = useState<string | null>(null);

  const reload = useCallback(async () => {
    try {
      setList(await listBackups(project));
    } catch (err) {
      setError(message(err));
    }
  }, [project]);

  useEffect(() => {
    let live = true;
    listBackups(project).then(
      (read) => {
        if (!live) return;
        setList(read);
        setBusy(null);
      },
      (err: unknown) => {
        if (!live) return;
        setError(message(err));
        setBusy(null);
      },
    );
    return () => {
      live = false;
    };
  }, [project]);

  const run = async <T>(what: BackupsBusy, work: () => Promise<T>): Promise<T | undefined> => {
    setBusy(what);
    setError(null);
    try {
      return await work();
    } catch (err) {
      setError(message(err));
      return undefined;
    } finally {
      await reload();
      setBusy(null);
    }
  };

  return {
    list,
    busy,
    error,
    create: () => run('creating', () => createBackup(project)),
    restore: (id: string): Promise<RestoreResult | undefined> =>
      run({ restoring: id }, () => restoreBackup(project, id)),
  };
}
