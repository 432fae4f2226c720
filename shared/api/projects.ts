// The projects group: create, open and close project files (one SQLite file each) and the recent-projects list.
import { z } from 'zod';
import type { ProjectInfo, RecentProject } from '../domain';
import { filePath, method, none, project } from './kit';

export const projectMethods = {
  create: method<ProjectInfo>().of(z.object({ path: filePath, name: z.string().min(1).max(200) })),
  open: method<ProjectInfo>().of(z.object({ path: filePath })),
  close: method<void>().of(z.object({ project })),
  info: method<ProjectInfo>().of(z.object({ project })),
  recent: method<RecentProject[]>().of(none),
  forget: method<void>().of(z.object({ path: filePath })),
} as const;
