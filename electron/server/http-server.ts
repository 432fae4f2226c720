import { createHash, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pipeline } from 'node:stream/promises';
import { SERVER_CSP } from '../../shared/content-security';
import type { ErrorCode } from '../../shared/domain';
import { toErrorInfo } from '../../shared/errors';
import { errorFields } from '../../shared/logs/error-fields';
import { parseMediaUrl, type Envelope } from '../../shared/transport';
import { dispatch } from '../studio/dispatch';
import type { Studio } from '../studio/create-studio';
import { createEventSockets } from './event-sockets';
import { BodyBudget, readJsonBody, RequestRefused, type BodyLimits } from './request-body';
import { newToken } from './session-token';
import { serveStatic } from './static-files';

export interface ServerOptions {
  studio: Studio;
  /** The built renderer (out/renderer). */
  staticDir: string;
  port?: number;
  /** The token (the CLI passes the one kept in the data dir; tests a fixed one); a random one otherwise. */
  token?: string;
  /** Request-body bytes held in memory at once, over all requests (default 256 MiB); beyond it 503. */
  bodyBudgetBytes?: number;
}

export interface RunningServer {
  url: string;
  /** The URL to open once: it carries the token, which the server swaps for a cookie. */
  loginUrl: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';
/** The cookie's name carries the port: cookies ignore ports, and two studios on 127.0.0.1 must not clash. */
const cookieName = (port: number) => `vps_token_${port}`;
/** The cookie outlives the tab and a browser restart (30 days); it still opens only this origin. */
const COOKIE_MAX_AGE_S = 30 * 24 * 3600;
const MiB = 1024 * 1024;
/** One request's body; never more than the whole budget. */
const MAX_BODY_BYTES = 64 * MiB;
export const DEFAULT_BODY_BUDGET_BYTES = 256 * MiB;

const STATUS_OF: Partial<Record<ErrorCode, number>> = {
  invalid_input: 400,
  unauthorized: 401,
  not_found: 404,
  conflict: 409,
  schema_too_new: 409,
  read_only: 409,
  locked: 423,
  unreadable_image: 422,
  image_too_large: 422,
  busy: 503,
  internal: 500,
  io_error: 500,
};

/**
 * Headers on every HTTP response, errors and media included: the renderer's CSP (no framing by other pages),
 * no MIME sniffing, no framing for browsers without frame-ancestors, no referrer, and nothing of ours readable
 * or openable as a popup's opener by another origin.
 */
const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': SERVER_CSP,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
  'cross-origin-opener-policy': 'same-origin',
};

function cookieToken(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie ?? '';
  for (const part of header.split(';')) {
    const [k, v] = part.trim().split('=');
    if (k === name) return v;
  }
  return undefined;
}

/**
 * Constant-time: both sides are hashed first, so the comparison takes the same time whatever the given value's
 * length or characters (and a non-ASCII value of the token's length cannot make timingSafeEqual throw).
 */
function sameToken(a: string | undefined | null, b: string): boolean {
  if (a == null) return false;
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(a), digest(b));
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}

function sendEnvelope(res: ServerResponse, envelope: Envelope): void {
  sendJson(res, envelope.ok ? 200 : (STATUS_OF[envelope.error.code] ?? 500), envelope);
}

/**
 * Browser mode: the renderer and the same StudioApi over HTTP (POST /api/<group.method>) and events over a
 * WebSocket (/events), bound to 127.0.0.1 only, behind a random token held in an HttpOnly, SameSite=Strict cookie
 * of this origin (the CLI keeps the token in the data dir: session-token.ts).
 * Host and Origin are checked so that other web pages (and DNS rebinding) cannot drive the studio.
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const token = options.token ?? newToken();
  const { studio, staticDir } = options;
  const budget = new BodyBudget(options.bodyBudgetBytes ?? DEFAULT_BODY_BUDGET_BYTES);
  const bodyLimits: BodyLimits = { maxBytes: Math.min(MAX_BODY_BYTES, budget.totalBytes), budget };
  let origins = new Set<string>();
  let cookie = cookieName(0);

  const hostAllowed = (req: IncomingMessage) => {
    const host = req.headers.host ?? '';
    return origins.has(`http://${host}`);
  };
  const originAllowed = (req: IncomingMessage) => !req.headers.origin || origins.has(req.headers.origin);
  const authorised = (req: IncomingMessage) => {
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    return sameToken(cookieToken(req, cookie), token) || sameToken(bearer, token);
  };

  const log = studio.log.child('server');
  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      // After the headers: the client went away mid-file, nothing to tell.
      if (res.headersSent) return void res.destroy();
      // Which kind of request, never its address (it may carry the token or a project's path).
      const route = /^\/(api|media)\//.exec(req.url ?? '')?.[1] ?? 'static';
      const status = err instanceof RequestRefused ? err.status : (STATUS_OF[toErrorInfo(err).code] ?? 500);
      log[status >= 500 && status !== 503 ? 'error' : 'warn']('request_failed', {
        route,
        status,
        ...errorFields(err),
      });
      if (!req.complete) {
        // A refused body is drained without keeping it. Node would close the connection after the answer, and
        // the client, still sending, would get a reset instead of the answer: keep it open while it drains.
        req.resume();
        res.setHeader('connection', 'keep-alive');
      }
      const error = toErrorInfo(err);
      if (err instanceof RequestRefused) sendJson(res, err.status, { ok: false, error });
      else sendEnvelope(res, { ok: false, error });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    // Before the token: a page of another origin (or a rebound DNS name) learns nothing, not even 401 vs 200.
    if (!hostAllowed(req))
      return sendJson(res, 403, { ok: false, error: { code: 'unauthorized', message: 'Bad host.' } });
    if (!originAllowed(req))
      return sendJson(res, 403, { ok: false, error: { code: 'unauthorized', message: 'Bad origin.' } });
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);

    // Login: the printed URL carries the token once; from then on the cookie does.
    const given = url.searchParams.get('token');
    if (req.method === 'GET' && given !== null) {
      if (!sameToken(given, token)) return unauthorisedPage(res);
      res.writeHead(302, {
        'set-cookie': `${cookie}=${token}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${COOKIE_MAX_AGE_S}`,
        // The token leaves the address: the page and its history hold only the path.
        location: url.pathname,
        'cache-control': 'no-store',
      });
      return void res.end();
    }
    if (!authorised(req)) {
      if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/media/')) {
        return sendEnvelope(res, {
          ok: false,
          error: { code: 'unauthorized', message: 'Open the studio with the link printed by `npm start`.' },
        });
      }
      return unauthorisedPage(res);
    }

    if (url.pathname.startsWith('/api/')) {
      if (req.method !== 'POST')
        return sendJson(res, 405, { ok: false, error: { code: 'invalid_input', message: 'Use POST.' } });
      const body = await readJsonBody(req, bodyLimits);
      return sendEnvelope(res, await dispatch(studio.handlers, url.pathname.slice('/api/'.length), body));
    }

    const media = parseMediaUrl(url.pathname, url.searchParams);
    if (media) {
      const file = await studio.media(media.kind, media.project, media.imageId);
      if (req.headers['if-none-match'] === `"${file.etag}"`) {
        res.writeHead(304);
        return void res.end();
      }
      const { size } = await stat(file.path);
      res.writeHead(200, {
        'content-type': file.mime,
        'content-length': size,
        etag: `"${file.etag}"`,
        'cache-control': 'private, no-cache',
      });
      // pipeline, not pipe: a read error (the file went away) must reach the catch, not crash the server.
      return pipeline(createReadStream(file.path), res);
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { ok: false });
    return serveStatic(staticDir, url.pathname, res);
  }

  function unauthorisedPage(res: ServerResponse): void {
    res.writeHead(401, { 'content-type': 'text/html; charset=utf-8' });
    res.end(
      '<!doctype html><meta charset="utf-8"><title>VisPrompt Studio</title>' +
        '<body style="font:16px system-ui;background:#111418;color:#e6e9ef;padding:48px">' +
        '<h1>VisPrompt Studio</h1><p>This studio is private to the person who started it. ' +
        'Open it with the link that <code>npm start</code> printed in the terminal.</p>',
    );
  }

  const sockets = createEventSockets();
  server.on('upgrade', (req, socket, head) => {
    // Node hands over the raw socket without its error listener: a reset here must not crash the server.
    socket.on('error', () => socket.destroy());
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const refusal =
      path !== '/events'
        ? '404 Not Found'
        : !hostAllowed(req) || !originAllowed(req)
          ? '403 Forbidden'
          : !authorised(req)
            ? '401 Unauthorized'
            : null;
    if (refusal) {
      return void socket.end(`HTTP/1.1 ${refusal}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`, () =>
        socket.destroy(),
      );
    }
    sockets.accept(req, socket, head);
  });
  const unsubscribe = studio.events.subscribe((event) => sockets.broadcast(event));

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, HOST, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  origins = new Set([`http://${HOST}:${port}`, `http://localhost:${port}`]);
  cookie = cookieName(port);
  const url = `http://${HOST}:${port}`;
  return {
    url,
    loginUrl: `${url}/?token=${token}`,
    port,
    token,
    async close() {
      unsubscribe();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
