// The app settings.
import type { AppSettings } from '../../../../shared/domain';
import { api } from '../../api';
import { update } from '../app';

export async function saveSettings(patch: Partial<AppSettings>): Promise<AppSettings> {
  const settings = await api.settings.update(patch);
  update((s) => ({ ...s, settings }));
  return settings;
}
