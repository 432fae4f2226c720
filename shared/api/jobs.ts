// The jobs group: long work (imports, exports, downloads, chain runs) runs as a job that reports progress as
// events; a caller asks for its outcome or cancels it by id.
import { z } from 'zod';
import type { StudioErrorInfo } from '../domain';
import { method } from './kit';

export type JobState = 'running' | 'done' | 'failed' | 'cancelled';
export interface JobInfo {
  id: string;
  kind: string;
  state: JobState;
  done: number;
  total: number;
  result?: unknown;
  error?: StudioErrorInfo;
}

export const jobMethods = {
  get: method<JobInfo>().of(z.object({ jobId: z.string().min(1) })),
  cancel: method<void>().of(z.object({ jobId: z.string().min(1) })),
} as const;
