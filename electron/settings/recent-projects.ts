// The projects opened lately, newest first, for the home screen: kept in <data dir>/recent-projects.json.
import { join } from 'node:path';
import { z } from 'zod';
import type { RecentProject } from '../../shared/domain';
import { JsonFile } from '../fs/json-file';

const recentSchema = z.array(z.object({ path: z.string(), name: z.string(), openedAt: z.string() }));
export const RECENT_LIMIT = 12;

export const recentFile = (dataDir: string) =>
  new JsonFile(join(dataDir, 'recent-projects.json'), recentSchema, () => [] as RecentProject[]);
