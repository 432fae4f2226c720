// The user's studio settings (theme, thumbnails, projects folder, pixel limit, model endpoints): kept in
// <data dir>/settings.json.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { appSettingsSchema } from '../../shared/api';
import { DEFAULT_ENDPOINT_SETTINGS } from '../../shared/api/endpoints';
import type { AppSettings } from '../../shared/domain';
import { JsonFile } from '../fs/json-file';

/** The settings of a fresh data dir; new projects go to `projectsDir` (default: a folder in the home folder). */
export function defaultSettings(
  home = homedir(),
  projectsDir = join(home, 'VisPrompt Projects'),
): AppSettings {
  return {
    theme: 'dark',
    thumbnailSize: 192,
    projectsDir,
    // libvips' own default pixel limit (16384 x 16384): larger images would need gigabytes to decode.
    maxImageMegapixels: 268,
    endpoints: DEFAULT_ENDPOINT_SETTINGS,
    resumeJobs: 'ask',
    reviewerName: '',
  };
}

export const settingsFile = (dataDir: string, home?: string, projectsDir?: string) =>
  new JsonFile(join(dataDir, 'settings.json'), appSettingsSchema, () => defaultSettings(home, projectsDir));
