// The system group: what the studio runs as and where, and folder listings for the renderer's own folder picker.
import { z } from 'zod';
import type { DiagnosticsReport } from '../diagnostics/report';
import { filePath, method, none } from './kit';

export interface SystemInfo {
  version: string;
  mode: 'electron' | 'browser';
  platform: string;
  dataDir: string;
  homeDir: string;
  /** The operating system's user name: who the review audit records unless Settings name someone. */
  userName: string;
}

export interface DirEntry {
  name: string;
  path: string;
  isDir: boolean;
}
export interface DirListing {
  path: string;
  parent: string | null;
  entries: DirEntry[];
  imageCount: number;
}

export const systemMethods = {
  info: method<SystemInfo>().of(none),
  listDir: method<DirListing>().of(z.object({ path: filePath.optional() })),
  /** A report for a support request: versions, machine, models, settings and the last log lines, redacted. */
  diagnostics: method<DiagnosticsReport>().of(none),
} as const;
