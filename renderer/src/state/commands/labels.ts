// The project's labels: each new one gets the next free colour and hotkey.
import type { Label } from '../../../../shared/domain';
import { api } from '../../api';
import { nextFreeHotkey, nextLabelColor } from '../../../../shared/labels';
import { attempt, update } from '../app';
import { openPath, refreshProject, state } from './open-project';

export async function createLabel(name: string): Promise<boolean> {
  const project = openPath();
  if (!project) return false;
  const { labels } = state();
  const label = await attempt(() =>
    api.labels.create({ project, name, color: nextLabelColor(labels), hotkey: nextFreeHotkey(labels) }),
  );
  if (!label) return false;
  update((s) => ({ ...s, labels: [...s.labels, label] }));
  void refreshProject();
  return true;
}

export async function updateLabel(
  id: number,
  patch: Partial<Pick<Label, 'name' | 'color' | 'hotkey'>>,
): Promise<boolean> {
  const project = openPath();
  if (!project) return false;
  const label = await attempt(() => api.labels.update({ project, id, ...patch }));
  if (!label) return false;
  update((s) => ({ ...s, labels: s.labels.map((l) => (l.id === id ? label : l)) }));
  return true;
}

export async function deleteLabel(id: number): Promise<void> {
  const project = openPath();
  if (!project) return;
  const ok = await attempt(() => api.labels.remove({ project, id }));
  if (ok === undefined) return;
  update((s) => ({ ...s, labels: s.labels.filter((l) => l.id !== id) }));
  void refreshProject();
}
