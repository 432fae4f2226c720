import { describe, expect, it } from 'vitest';
import {
  BACKUP_REASONS,
  backupFileName,
  backupsToRemove,
  DEFAULT_BACKUP_KEEP,
  newestBackupAt,
  parseBackupName,
  type BackupReason,
} from '../../../shared/backups';
import { backupIdSchema } from '../../../shared/api/backups';

const AT = new Date('2026-12-04T19:30:05.123Z');

describe('backup names', () => {
  it.each([
    ['daily', undefined, '2026-12-04T19-30-05.123Z_daily.vpstudio'],
    ['manual', undefined, '2026-12-04T19-30-05.123Z_manual.vpstudio'],
    ['before-restore', undefined, '2026-12-04T19-30-05.123Z_before-restore.vpstudio'],
    ['before-migration', 11, '2026-12-04T19-30-05.123Z_before-migration-v11.vpstudio'],
  ] as const)('%s (from v%s) is %s and reads back', (reason, from, name) => {
    expect(backupFileName(AT, reason, from)).toBe(name);
    expect(parseBackupName(name)).toEqual({ createdAt: AT.toISOString(), reason });
    expect(backupIdSchema.safeParse(name).success).toBe(true);
  });

  it.each([
    '../2026-12-04T19-30-05.123Z_daily.vpstudio',
    'x/2026-12-04T19-30-05.123Z_daily.vpstudio',
    '2026-12-04T19-30-05.123Z_daily.vpstudio.damaged',
    '.2026-12-04T19-30-05.123Z_daily.vpstudio.123-abcdefabcdef.tmp',
    '2026-12-04T19:30:05.123Z_daily.vpstudio',
    '2026-12-04T19-30-05.123Z_weekly.vpstudio',
    '2026-13-45T19-30-05.123Z_daily.vpstudio',
    'project.vpstudio',
  ])('%s is not a backup id', (name) => {
    expect(parseBackupName(name)).toBeNull();
    if (!name.startsWith('2026-13')) expect(backupIdSchema.safeParse(name).success).toBe(false);
  });
});

const b = (day: number, reason: BackupReason) => ({
  id: `${day}-${reason}`,
  reason,
  createdAt: `2026-11-${String(day).padStart(2, '0')}T00:00:00.000Z`,
});

describe('rotation', () => {
  it.each([
    ['nothing beyond the counts', [b(1, 'daily'), b(2, 'manual')], DEFAULT_BACKUP_KEEP, []],
    [
      'the oldest dailies beyond 2, whatever the order given',
      [b(3, 'daily'), b(1, 'daily'), b(4, 'daily'), b(2, 'daily')],
      { ...DEFAULT_BACKUP_KEEP, daily: 2 },
      ['2-daily', '1-daily'],
    ],
    [
      'each reason on its own',
      [b(1, 'manual'), b(2, 'daily'), b(3, 'manual'), b(4, 'before-migration'), b(5, 'before-migration')],
      { daily: 1, manual: 1, 'before-migration': 1, 'before-restore': 1 },
      ['4-before-migration', '1-manual'],
    ],
    [
      'a count below 1 still keeps the newest',
      [b(1, 'before-restore'), b(2, 'before-restore')],
      { ...DEFAULT_BACKUP_KEEP, 'before-restore': 0 },
      ['1-before-restore'],
    ],
  ])('%s', (_what, backups, keep, removed) => {
    expect(backupsToRemove(backups, keep).map((x) => x.id)).toEqual(removed);
  });

  it('keeps a count for every reason, and knows the newest', () => {
    for (const r of BACKUP_REASONS) expect(DEFAULT_BACKUP_KEEP[r]).toBeGreaterThan(0);
    expect(newestBackupAt([b(3, 'daily'), b(9, 'manual'), b(5, 'daily')])).toBe('2026-11-09T00:00:00.000Z');
    expect(newestBackupAt([])).toBeNull();
  });
});
