// The studio's backups of its open projects: one at a time per project (a restore never meets a backup under
// way), a daily one when the newest is a day old (checked a while after a project opens, then every hour, on
// timers that never keep the process alive), on demand, and restores that reopen the project afterwards.
import { resolve } from 'node:path';
import type { BackupList, RestoreResult } from '../../shared/api/backups';
import { DEFAULT_BACKUP_KEEP, newestBackupAt, type BackupInfo } from '../../shared/backups';
import { StudioError } from '../../shared/errors';
import type { JobRunner } from '../jobs/job-runner';
import {
  backupsDirOf,
  keepDamagedCopy,
  listBackups,
  removeStaleBackupTemps,
  restoreBackup,
  type BackupContent,
} from '../store/backups';
import type { ProjectStore } from '../store/project-store';
import type { ProjectRegistry } from './project-registry';

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

export interface ProjectBackupsDeps {
  projects: ProjectRegistry;
  jobs: JobRunner;
  now: () => Date;
  /** How long after a project opens its daily backup is checked (the open's own work goes first). */
  openDelayMs?: number;
  /** How often open projects are checked for a due daily backup. */
  intervalMs?: number;
}

export class ProjectBackups {
  private readonly queue = new Map<string, Promise<unknown>>();
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private readonly interval: ReturnType<typeof setInterval>;
  private closed = false;

  constructor(private readonly deps: ProjectBackupsDeps) {
    this.interval = setInterval(() => this.checkOpenProjects(), deps.intervalMs ?? HOUR_MS);
    this.interval.unref();
  }

  /** Runs `work` after every earlier backup work on the same project. */
  private serial<T>(path: string, work: () => Promise<T>): Promise<T> {
    const key = resolve(path);
    const run = (this.queue.get(key) ?? Promise.resolve()).catch(() => undefined).then(work);
    this.queue.set(key, run);
    void run
      .finally(() => {
        if (this.queue.get(key) === run) this.queue.delete(key);
      })
      .catch(() => undefined);
    return run;
  }

  list(path: string): BackupList {
    const key = resolve(path);
    return { folder: backupsDirOf(key), backups: listBackups(key), keep: DEFAULT_BACKUP_KEEP };
  }

  create(path: string): Promise<BackupInfo> {
    return this.serial(path, () => this.deps.projects.get(path).backup('manual'));
  }

  /** A daily backup when the newest backup of `path` is a day old or there is none; null when not due. */
  dailyIfDue(path: string): Promise<BackupInfo | null> {
    return this.serial(path, async () => {
      if (this.closed) return null;
      const store = this.deps.projects.opened(path);
      if (!store || store.readOnly) return null;
      await removeStaleBackupTemps(store.path);
      const newest = newestBackupAt(listBackups(store.path));
      if (newest !== null && this.deps.now().getTime() - Date.parse(newest) < DAY_MS) return null;
      return store.backup('daily');
    });
  }

  /** Schedules the daily check of a project just opened. */
  opened(path: string): void {
    if (this.closed) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.dailyIfDue(path).catch(() => undefined);
    }, this.deps.openDelayMs ?? 60_000);
    timer.unref();
    this.timers.add(timer);
  }

  private checkOpenProjects(): void {
    for (const path of this.deps.projects.openPaths()) this.dailyIfDue(path).catch(() => undefined);
  }

  restore(path: string, id: string): Promise<RestoreResult> {
    const key = resolve(path);
    return this.serial(key, async () => {
      const running = this.deps.jobs.runningKinds();
      if (running.length > 0)
        throw new StudioError(
          'conflict',
          `Wait for the running ${running.join(', ')} job to finish (or cancel it), then restore.`,
        );
      let store: ProjectStore | null = null;
      let current: BackupContent | null = null;
      try {
        store = this.deps.projects.get(key);
        const info = store.info();
        current = { name: info.name, createdAt: info.createdAt, schemaVersion: info.schemaVersion };
      } catch (err) {
        // A project file that cannot be opened any more is what a restore is for; anything else stops here.
        if (!(err instanceof StudioError) || !['io_error', 'invalid_input', 'not_found'].includes(err.code))
          throw err;
        this.deps.projects.close(key);
      }
      if (store) {
        const jobs = store.readBatch((b) => b.list(['running']));
        if (jobs.length > 0)
          throw new StudioError(
            'conflict',
            `Batch job ${jobs[0]!.id} is running on this project: pause or cancel it, then restore.`,
          );
      }
      await removeStaleBackupTemps(key);
      const open = store;
      const { restored, safetyCopy } = await restoreBackup(key, id, {
        current,
        backupCurrent: async () => {
          if (open) return open.backup('before-restore');
          keepDamagedCopy(key, this.deps.now);
          return null;
        },
        close: () => this.deps.projects.close(key),
      });
      return { restored, safetyCopy, project: this.deps.projects.get(key).info() };
    });
  }

  /** Waits for backups under way and stops the timers. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.interval);
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    await Promise.allSettled([...this.queue.values()]);
  }
}
