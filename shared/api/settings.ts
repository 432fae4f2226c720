// The settings group: the studio's settings (theme, thumbnails, projects folder, pixel limit, model endpoints).
import { z } from 'zod';
import type { AppSettings } from '../domain';
import { DEFAULT_ENDPOINT_SETTINGS, endpointSettingsSchema } from './endpoints';
import { method, none } from './kit';

export const appSettingsSchema = z.object({
  theme: z.enum(['dark', 'light']),
  thumbnailSize: z.number().int().min(64).max(512),
  projectsDir: z.string().min(1),
  maxImageMegapixels: z.number().min(1).max(1000),
  endpoints: endpointSettingsSchema.default(DEFAULT_ENDPOINT_SETTINGS),
  resumeJobs: z.enum(['ask', 'auto']).default('ask'),
  reviewerName: z.string().trim().max(100).default(''),
});

export const settingsMethods = {
  get: method<AppSettings>().of(none),
  update: method<AppSettings>().of(appSettingsSchema.partial().strict()),
} as const;
