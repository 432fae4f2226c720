// The settings group: the studio's settings (theme, thumbnails, projects folder, pixel limit, model endpoints).
import { z } from 'zod';
import type { AppSettings } from '../domain';
import { DEFAULT_ENDPOINT_SETTINGS, endpointSettingsSchema } from './endpoints';
import { filePath, method, none } from './kit';

/** Each setting's own schema, without defaults: an update names only what it changes. */
const settingFields = {
  theme: z.enum(['dark', 'light']),
  thumbnailSize: z.number().int().min(64).max(512),
  projectsDir: filePath,
  maxImageMegapixels: z.number().min(1).max(1000),
  endpoints: endpointSettingsSchema,
  resumeJobs: z.enum(['ask', 'auto']),
  reviewerName: z.string().trim().max(100),
};

/** settings.json as read: settings added after a file was written take their defaults. */
export const appSettingsSchema = z.object({
  ...settingFields,
  endpoints: settingFields.endpoints.default(DEFAULT_ENDPOINT_SETTINGS),
  resumeJobs: settingFields.resumeJobs.default('ask'),
  reviewerName: settingFields.reviewerName.default(''),
});

export const settingsMethods = {
  get: method<AppSettings>().of(none),
  /** Changes the settings it names and keeps the others (a default here would overwrite a saved value). */
  update: method<AppSettings>().of(z.object(settingFields).partial().strict()),
} as const;
