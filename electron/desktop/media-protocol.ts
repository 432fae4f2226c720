// The desktop's image scheme: studio-media://local/media/<thumb|full>/<id>?project=<path>, the Electron twin of
// browser mode's /media route. Registered and handled by main.ts; the logic lives here so it runs without Electron.
import { pathToFileURL } from 'node:url';
import { StudioError } from '../../shared/errors';
import { ELECTRON_MEDIA_ORIGIN, parseMediaUrl, type MediaKind } from '../../shared/transport';
import type { MediaFile } from '../studio/serve-media';

const origin = new URL(ELECTRON_MEDIA_ORIGIN);

/** 'studio-media', from the one definition of the origin the renderer builds its image URLs with. */
export const MEDIA_SCHEME = origin.protocol.slice(0, -1);

/**
 * Standard (parsed like https: so the renderer's URLs keep their path and query), secure (not mixed content),
 * fetchable and streamed. No CORS bypass, no service workers, no code cache: it serves images only.
 */
export const MEDIA_SCHEME_PRIVILEGES = {
  standard: true,
  secure: true,
  supportFetchAPI: true,
  stream: true,
} as const;

export interface MediaProtocolOptions {
  /** The studio's media lookup (studio.media): the file to send for an image of a project. */
  media: (kind: MediaKind, project: string, imageId: number) => Promise<MediaFile>;
  /** Reads a file:// URL as a response (Electron's net.fetch). */
  fetchFile: (fileUrl: string) => Promise<Response>;
}

const notFound = (message: string) =>
  new Response(message, { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });

/**
 * The protocol handler: only GET of a media URL on the origin ELECTRON_MEDIA_ORIGIN names; the image's file is
 * the one the studio resolves for that project and image id (never a path from the URL), sent with its own
 * content type and nosniff. Anything else is a 404 (405 for another method) with a short reason.
 */
export function mediaProtocolHandler(options: MediaProtocolOptions): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return new Response('Method not allowed', { status: 405 });
    const url = URL.canParse(request.url) ? new URL(request.url) : null;
    if (!url || url.protocol !== origin.protocol || url.host !== origin.host) return notFound('Not found');
    const media = parseMediaUrl(url.pathname, url.searchParams);
    if (!media) return notFound('Not found');
    try {
      const file = await options.media(media.kind, media.project, media.imageId);
      const res = await options.fetchFile(pathToFileURL(file.path).href);
      if (!res.ok) return notFound('Cannot read the image.');
      return new Response(request.method === 'HEAD' ? null : res.body, {
        headers: { 'content-type': file.mime, 'x-content-type-options': 'nosniff' },
      });
    } catch (err) {
      return notFound(err instanceof StudioError ? err.message : 'Cannot read the image.');
    }
  };
}
