// The wire contract shared by both transports (Electron IPC and browser-mode HTTP/WebSocket).
import type { StudioErrorInfo, StudioEvent } from './domain';

/** Every call answers with an envelope, so errors keep their code across any transport. */
export type Envelope<T = unknown> = { ok: true; result: T } | { ok: false; error: StudioErrorInfo };

/** What electron/preload.ts exposes as `window.studio` (and nothing more). */
export interface ElectronBridge {
  invoke(method: string, input: unknown): Promise<Envelope>;
  onEvent(listener: (event: StudioEvent) => void): () => void;
}

export const IPC_INVOKE_CHANNEL = 'studio:invoke';
export const IPC_EVENT_CHANNEL = 'studio:event';

/** Browser mode's token file in the data dir (electron/server/session-token.ts writes it; diagnostics hide it). */
export const BROWSER_TOKEN_FILE = 'browser-token';

/** Electron serves image bytes through this privileged scheme; browser mode through /media on its origin. */
export const ELECTRON_MEDIA_ORIGIN = 'studio-media://local';

export type MediaKind = 'thumb' | 'full';

/** `${origin}/media/thumb/42?project=...` — origin is '' in browser mode. */
export function mediaUrl(origin: string, kind: MediaKind, project: string, imageId: number): string {
  return `${origin}/media/${kind}/${imageId}?project=${encodeURIComponent(project)}`;
}

/** The inverse of mediaUrl for the path and query part; null when the URL is not a media URL. */
export function parseMediaUrl(
  pathname: string,
  search: URLSearchParams,
): { kind: MediaKind; imageId: number; project: string } | null {
  const m = /^\/media\/(thumb|full)\/(\d+)$/.exec(pathname);
  const project = search.get('project');
  if (!m || !project) return null;
  return { kind: m[1] as MediaKind, imageId: Number(m[2]), project };
}
