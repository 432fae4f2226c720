// Project backups, the pure half: how a backup file is named (an ISO timestamp and why it was taken), how a
// name is read back, and which backups rotation keeps. electron/store/backups.ts writes and restores them.

/** Why a backup was taken: each reason is rotated on its own. */
export const BACKUP_REASONS = ['daily', 'manual', 'before-migration', 'before-restore'] as const;
export type BackupReason = (typeof BACKUP_REASONS)[number];

/** How many of each reason rotation keeps (the newest ones). */
export type BackupKeep = Record<BackupReason, number>;
export const DEFAULT_BACKUP_KEEP: BackupKeep = {
  daily: 7,
  manual: 10,
  'before-migration': 3,
  'before-restore': 5,
};

export interface BackupInfo {
  /** The file's name in the project's backups folder: what backups.restore takes. */
  id: string;
  reason: BackupReason;
  /** When it was taken (ISO 8601, from the name). */
  createdAt: string;
  sizeBytes: number;
  /** The schema version of the copy (a before-migration backup holds the version before the upgrade). */
  schemaVersion: number;
}

export const BACKUP_EXTENSION = '.vpstudio';

// 2026-12-04T19-30-00.123Z_daily.vpstudio, 2026-12-04T19-30-00.123Z_before-migration-v11.vpstudio: the time
// first so names sort by age, colons as dashes so the name is valid on every file system.
const NAME =
  /^(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})\.(\d{3})Z_(daily|manual|before-restore|before-migration-v(\d+))\.vpstudio$/;

/** Matches a backup id (a plain file name, never a path) as the API accepts it. */
export const BACKUP_ID_PATTERN = NAME;

/** The file name of a backup taken at `at` for `reason` (`fromVersion`: the schema a migration starts from). */
export function backupFileName(at: Date, reason: BackupReason, fromVersion?: number): string {
  const stamp = at.toISOString().replace(/:/g, '-');
  const what = reason === 'before-migration' ? `before-migration-v${fromVersion ?? 0}` : (reason as string);
  return `${stamp}_${what}${BACKUP_EXTENSION}`;
}

/** The time and reason a backup's name holds, or null when the name is not a backup's. */
export function parseBackupName(name: string): { createdAt: string; reason: BackupReason } | null {
  const m = NAME.exec(name);
  if (!m) return null;
  const [, day, h, min, s, ms, what] = m;
  const createdAt = `${day}T${h}:${min}:${s}.${ms}Z`;
  if (Number.isNaN(Date.parse(createdAt))) return null;
  const reason: BackupReason = what!.startsWith('before-migration')
    ? 'before-migration'
    : (what as BackupReason);
  return { createdAt, reason };
}

/**
 * The backups rotation removes: for each reason, all but the `keep[reason]` newest (by the time in the name).
 * A count below 1 keeps one: the newest backup of a reason is never rotated away.
 */
export function backupsToRemove<T extends { id: string; reason: BackupReason; createdAt: string }>(
  backups: readonly T[],
  keep: BackupKeep,
): T[] {
  const newestFirst = [...backups].sort((a, b) =>
    a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0,
  );
  const seen = new Map<BackupReason, number>();
  return newestFirst.filter((b) => {
    const n = (seen.get(b.reason) ?? 0) + 1;
    seen.set(b.reason, n);
    return n > Math.max(1, keep[b.reason]);
  });
}

/** The newest backup's time, or null when there is none. */
export const newestBackupAt = (backups: readonly { createdAt: string }[]): string | null =>
  backups.reduce<string | null>((m, b) => (m === null || b.createdAt > m ? b.createdAt : m), null);
