// Opening and creating projects: the store takes in the project, its labels and an empty library page.
import { api } from '../../api';
import { routeProject } from '../../routing/routes';
import { withProject } from '../app-state';
import { attempt, navigate, reportError, update } from '../app';
import { loadBatchJobs } from './batch';
import { importFolder } from './imports';
import { openPath, state } from './open-project';

/** Opens the project a route points at, once; a project that cannot be opened sends the user home. */
let opening: string | null = null;
export async function ensureProject(path: string): Promise<void> {
  if (openPath() === path) return;
  if (opening === path) return;
  opening = path;
  try {
    const info = await api.projects.open({ path });
    const labels = await api.labels.list({ project: info.path });
    if (routeProject(state().route) !== path) return;
    update((s) => withProject(s, info, labels));
    void loadBatchJobs(info.path);
  } catch (err) {
    reportError(err);
    if (routeProject(state().route) === path) navigate({ name: 'home' }, { replace: true });
  } finally {
    opening = null;
  }
}

export async function createProject(input: { name: string; path: string; imageFolder?: string }) {
  const info = await attempt(() => api.projects.create({ name: input.name, path: input.path }));
  if (!info) return false;
  update((s) => withProject(s, info, []));
  navigate({ name: 'project', path: info.path });
  if (input.imageFolder) await importFolder(input.imageFolder);
  return true;
}
