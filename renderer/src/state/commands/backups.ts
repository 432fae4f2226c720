// A project's backups: the list, one now, and a restore, after which the project is taken in again as opened
// (its info, labels and library page), since every row may have changed.
import type { BackupInfo, BackupList, RestoreResult } from '../../../../shared/api/backups';
import { api } from '../../api';
import { withProject } from '../app-state';
import { update } from '../app';
import { loadBatchJobs } from './batch';
import { loadImages } from './images';
import { openPath } from './open-project';

export const listBackups = (project: string): Promise<BackupList> => api.backups.list({ project });

export const createBackup = (project: string): Promise<BackupInfo> => api.backups.create({ project });

export async function restoreBackup(project: string, id: string): Promise<RestoreResult> {
  const result = await api.backups.restore({ project, id });
  const labels = await api.labels.list({ project: result.project.path });
  if (openPath() === result.project.path) {
    update((s) => withProject(s, result.project, labels));
    void loadImages();
    void loadBatchJobs(result.project.path);
  }
  return result;
}
