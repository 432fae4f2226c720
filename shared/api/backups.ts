// The backups group: a project's backups (consistent copies of its file, kept beside it in <project>.backups/),
// taking one now, and restoring one (the current state is backed up first).
import { z } from 'zod';
import { BACKUP_ID_PATTERN, type BackupInfo, type BackupKeep } from '../backups';
import type { ProjectInfo } from '../domain';
import { method, project } from './kit';

export type { BackupInfo, BackupKeep, BackupReason } from '../backups';

export interface BackupList {
  /** The folder the backups are in. */
  folder: string;
  /** Newest first. */
  backups: BackupInfo[];
  /** How many of each reason rotation keeps. */
  keep: BackupKeep;
}

export interface RestoreResult {
  restored: BackupInfo;
  /** The backup of the state the restore replaced (null when that file could not be read as a project). */
  safetyCopy: BackupInfo | null;
  /** The project as it is now, reopened (and upgraded, when the backup's schema was older). */
  project: ProjectInfo;
}

export const backupIdSchema = z
  .string()
  .regex(
    BACKUP_ID_PATTERN,
    'a backup id as backups.list gives it (a file name such as 2026-12-04T19-30-00.000Z_daily.vpstudio)',
  );

export const backupMethods = {
  list: method<BackupList>().of(z.object({ project })),
  create: method<BackupInfo>().of(z.object({ project })),
  restore: method<RestoreResult>().of(z.object({ project, id: backupIdSchema })),
} as const;
