import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { ErrorCode } from '../../shared/domain';
import { StudioError, toErrorInfo } from '../../shared/errors';
import { parseMediaUrl, type Envelope } from '../../shared/transport';
import { dispatch } from '../studio/dispatch';
import type { Studio } from '../studio/create-studio';
import { serveStatic } from './static-files';

export interface ServerOptions {
  studio: Studio;
  /** The built renderer (out/renderer). */
  staticDir: string;
  port?: number;
  /** Fixed token for tests; a random one per run otherwise. */
  token?: string;
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
const COOKIE = 'vps_token';
const MAX_BODY_BYTES = 64 * 1024 * 1024;

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
  internal: 500,
  io_error: 500,
};

// Security headers for everything we serve: the renderer talks only to its own origin.
const CSP =
  "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; " +
  "connect-src 'self' ws://127.0.0.1:* ws://localhost:*; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

function cookieToken(req: IncomingMessage): string | undefined {
  const header = req.headers.cookie ?? '';
  for (const part of header.split(';')) {
    const [k, v] = part.trim().split('=');
    if (k === COOKIE) return v;
  }
  return undefined;
}

function sameToken(a: string | undefined | null, b: string): boolean {
  if (!a || a.length !== b.length) return false;
  return timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}

function sendEnvelope(res: ServerResponse, envelope: Envelope): void {
  sendJson(res, envelope.ok ? 200 : (STATUS_OF[envelope.error.code] ?? 500), envelope);
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new StudioError('invalid_input', 'Request body too large.');
    chunks.push(chunk);
  }
  if (size === 0) return {};
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new StudioError('invalid_input', 'Request body is not valid JSON.');
  }
}

/**
 * Browser mode: the renderer and the same StudioApi over HTTP (POST /api/<group.method>) and events over a
 * WebSocket (/events), bound to 127.0.0.1 only, behind a random per-run token held in an HttpOnly cookie.
 * Host and Origin are checked so that other web pages (and DNS rebinding) cannot drive the studio.
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const { studio, staticDir } = options;
  let origins = new Set<string>();

  const hostAllowed = (req: IncomingMessage) => {
    const host = req.headers.host ?? '';
    return origins.has(`http://${host}`);
  };
  const originAllowed = (req: IncomingMessage) => !req.headers.origin || origins.has(req.headers.origin);
  const authorised = (req: IncomingMessage) => {
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    return sameToken(cookieToken(req), token) || sameToken(bearer, token);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendEnvelope(res, { ok: false, error: toErrorInfo(err) });
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.setHeader('content-security-policy', CSP);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
    if (!hostAllowed(req))
      return sendJson(res, 403, { ok: false, error: { code: 'unauthorized', message: 'Bad host.' } });
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);

    // Login: the printed URL carries the token once; from then on the cookie does.
    const given = url.searchParams.get('token');
    if (req.method === 'GET' && given !== null) {
      if (!sameToken(given, token)) return unauthorisedPage(res);
      res.writeHead(302, {
        'set-cookie': `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        location: url.pathname + url.hash,
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
      if (!originAllowed(req))
        return sendJson(res, 403, { ok: false, error: { code: 'unauthorized', message: 'Bad origin.' } });
      const body = await readBody(req);
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
      createReadStream(file.path).pipe(res);
      return;
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

  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path !== '/events' || !hostAllowed(req) || !originAllowed(req) || !authorised(req)) {
      socket.write('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      return socket.destroy();
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });
  const unsubscribe = studio.events.subscribe((event) => {
    const text = JSON.stringify(event);
    for (const client of wss.clients) if (client.readyState === client.OPEN) client.send(text);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, HOST, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  origins = new Set([`http://${HOST}:${port}`, `http://localhost:${port}`]);
  const url = `http://${HOST}:${port}`;
  return {
    url,
    loginUrl: `${url}/?token=${token}`,
    port,
    token,
    async close() {
      unsubscribe();
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
