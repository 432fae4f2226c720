// The one StudioApi instance the renderer uses, over whichever transport this window has.
import type { StudioApi } from '../../../shared/api';
import {
  ELECTRON_MEDIA_ORIGIN,
  mediaUrl,
  type ElectronBridge,
  type MediaKind,
} from '../../../shared/transport';
import { createBrowserTransport } from './browser-transport';
import { createApiClient } from './client';
import { createElectronTransport } from './electron-transport';
import { createFollowJob, type FollowJob } from './follow-job';
import type { Transport } from './transport';

declare global {
  interface Window {
    /** Present only inside Electron, exposed by electron/preload.ts. */
    studio?: ElectronBridge;
  }
}

export function pickTransport(): Transport {
  return window.studio ? createElectronTransport(window.studio) : createBrowserTransport();
}

export const transport: Transport = pickTransport();
export const api: StudioApi = createApiClient(transport);

/** Follows a job this window started to its end, reporting progress (see follow-job.ts). */
export const followJob: FollowJob = createFollowJob({
  get: (input) => api.jobs.get(input),
  onEvent: (listener) => transport.onEvent(listener),
});

const mediaOrigin = transport.kind === 'electron' ? ELECTRON_MEDIA_ORIGIN : '';

/** The URL of an image's thumbnail or full-size bytes, for an <img src>. */
export function imageSrc(kind: MediaKind, project: string, imageId: number): string {
  return mediaUrl(mediaOrigin, kind, project, imageId);
}

export { createApiClient } from './client';
export type { Transport, ConnectionState } from './transport';
export type { JobProgress } from './follow-job';
