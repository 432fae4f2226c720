// Browser mode against another web page in the user's browser and another local user without the token
// (SECURITY.md, "Browser mode"): every path and the events socket want the token, Host and Origin are checked
// on both, every response carries the security headers, bodies are bounded in size and depth, and only the
// renderer's own files are served.
import { mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RENDERER_CSP } from '../../shared/content-security';
import { MAX_INPUT_DEPTH } from '../../shared/json-depth';
import { mediaUrl } from '../../shared/transport';
import { makeFolderOfImages } from '../helpers/images';
import { startStudioProcess } from '../helpers/studio-process';
import { startTestServer, type TestServer } from '../helpers/studio-server';
import { makeTempDir } from '../helpers/temp-dir';

interface RawAnswer {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

/** A raw HTTP request, so the test sets any Host, Origin or path bytes (fetch() normalises all three). */
function raw(
  port: number,
  path: string,
  headers: Record<string, string>,
  options: { method?: string; body?: string } = {},
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers, setHost: false },
      (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** The status line the server answers a WebSocket upgrade of /events with (101 when it is accepted). */
function upgradeStatus(port: number, headers: Record<string, string>, path = '/events'): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('error', reject);
    socket.once('connect', () =>
      socket.write(
        `GET ${path} HTTP/1.1\r\n` +
          Object.entries(headers)
            .map(([k, v]) => `${k}: ${v}\r\n`)
            .join('') +
          'Upgrade: websocket\r\nConnection: Upgrade\r\n' +
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
      ),
    );
    socket.once('data', (head) => {
      resolve(String(head).split('\r\n')[0]!);
      socket.destroy();
    });
  });
}

describe('browser-mode server security', () => {
  let t: TestServer;
  let port: number;
  let host: string;
  let auth: Record<string, string>;
  let staticDir: string;
  let media: string;

  beforeAll(async () => {
    t = await startTestServer();
    port = t.server.port;
    host = `127.0.0.1:${port}`;
    auth = { host, authorization: `Bearer ${t.server.token}` };
    // A renderer folder with a subfolder, and links pointing out of it at a secret.
    staticDir = join(t.dir, 'static');
    mkdirSync(join(staticDir, 'assets'));
    writeFileSync(join(staticDir, 'assets', 'app-1234.js'), 'console.log(1)');
    mkdirSync(join(t.dir, 'private'));
    writeFileSync(join(t.dir, 'private', 'secret.txt'), 'SECRET-CONTENT');
    symlinkSync(join(t.dir, 'private', 'secret.txt'), join(staticDir, 'leak.txt'));
    symlinkSync(join(t.dir, 'private'), join(staticDir, 'linked'));
    const folder = join(t.dir, 'photos');
    await makeFolderOfImages(folder, 1);
    const { project, images } = await t.projectWithImages(folder);
    media = mediaUrl('', 'thumb', project, images[0]!.id);
  });
  afterAll(() => t.stop());

  it('every response carries CSP (frame-ancestors none), nosniff and X-Frame-Options DENY, errors and media too', async () => {
    const cases: [string, () => Promise<RawAnswer>, number][] = [
      ['the app', () => raw(port, '/', auth), 200],
      ['an asset', () => raw(port, '/assets/app-1234.js', auth), 200],
      ['the login swap', () => raw(port, `/?token=${t.server.token}`, { host }), 302],
      ['a wrong login', () => raw(port, '/?token=wrong', { host }), 401],
      ['no token', () => raw(port, '/', { host }), 401],
      ['an API call without token', () => raw(port, '/api/system.info', { host }, { method: 'POST' }), 401],
      ['an API call', () => raw(port, '/api/system.info', auth, { method: 'POST', body: '{}' }), 200],
      ['bad JSON', () => raw(port, '/api/system.info', auth, { method: 'POST', body: '{' }), 400],
      ['GET on the API', () => raw(port, '/api/system.info', auth), 405],
      ['an unknown method', () => raw(port, '/api/nope.nope', auth, { method: 'POST', body: '{}' }), 404],
      ['a foreign host', () => raw(port, '/', { ...auth, host: 'evil.example' }), 403],
      ['a foreign origin', () => raw(port, '/', { ...auth, origin: 'http://evil.example' }), 403],
      ['an image', () => raw(port, media, auth), 200],
      ['a missing image', () => raw(port, media.replace(/\/\d+\?/, '/99999?'), auth), 404],
      ['a malformed path', () => raw(port, '/%E0%A4%A', auth), 400],
      ['a link out of the renderer', () => raw(port, '/leak.txt', auth), 404],
      ['DELETE', () => raw(port, '/', auth, { method: 'DELETE' }), 405],
    ];
    for (const [name, send, status] of cases) {
      const res = await send();
      expect(res.status, name).toBe(status);
      // The renderer's policy (the built page's meta tag, test/unit/desktop/built-renderer-csp.test.ts) plus
      // frame-ancestors 'none', which only a header can carry.
      expect(res.headers['content-security-policy'], name).toBe(`${RENDERER_CSP}; frame-ancestors 'none'`);
      expect(res.headers['x-content-type-options'], name).toBe('nosniff');
      expect(res.headers['x-frame-options'], name).toBe('DENY');
      expect(res.headers['referrer-policy'], name).toBe('no-referrer');
      expect(res.headers['cross-origin-resource-policy'], name).toBe('same-origin');
    }
  });

  it('wants the token on every path and the events socket; a same-length or non-ASCII guess is a 401, never a 500', async () => {
    const same = 'x'.repeat(t.server.token.length);
    // As many UTF-16 units as the token, more bytes: a byte-wise compare of unequal lengths would throw.
    const nonAscii = 'é'.repeat(t.server.token.length);
    for (const guess of [undefined, same, nonAscii, `${t.server.token}x`, t.server.token.slice(0, -1)]) {
      const h: Record<string, string> = { host };
      if (guess !== undefined) h.authorization = `Bearer ${guess}`;
      const label = `token ${JSON.stringify(guess)}`;
      for (const path of ['/', '/index.html', '/assets/app-1234.js', media])
        expect((await raw(port, path, h)).status, `${label} GET ${path}`).toBe(401);
      expect((await raw(port, '/api/system.info', h, { method: 'POST', body: '{}' })).status, label).toBe(
        401,
      );
      expect(await upgradeStatus(port, h), label).toBe('HTTP/1.1 401 Unauthorized');
      if (guess !== undefined) {
        const cookie = `vps_token_${port}=${encodeURIComponent(guess)}`;
        expect((await raw(port, '/', { host, cookie })).status, `${label} as cookie`).toBe(401);
        const login = await raw(port, `/?token=${encodeURIComponent(guess)}`, { host });
        expect(login.status, `${label} as login`).toBe(401);
        expect(login.body).not.toContain(guess);
      }
    }
    expect(await upgradeStatus(port, auth)).toBe('HTTP/1.1 101 Switching Protocols');
    expect(await upgradeStatus(port, auth, '/other')).toBe('HTTP/1.1 404 Not Found');
  });

  it('takes only 127.0.0.1:<port> and localhost:<port> as Host, over HTTP and on the socket (DNS rebinding)', async () => {
    const hosts: [string, boolean][] = [
      [`127.0.0.1:${port}`, true],
      [`localhost:${port}`, true],
      [`evil.example:${port}`, false],
      ['evil.example', false],
      ['127.0.0.1', false],
      [`127.0.0.1:${port + 1}`, false],
      [`localhost.:${port}`, false],
      [`127.0.0.1.nip.io:${port}`, false],
      [`[::1]:${port}`, false],
      [`0.0.0.0:${port}`, false],
      ['', false],
    ];
    for (const [h, allowed] of hosts) {
      const headers = { host: h, authorization: auth.authorization! };
      const page = await raw(port, '/', headers);
      expect(page.status, `GET / with Host '${h}'`).toBe(allowed ? 200 : 403);
      const api = await raw(port, '/api/system.info', headers, { method: 'POST', body: '{}' });
      expect(api.status, `API with Host '${h}'`).toBe(allowed ? 200 : 403);
      expect(await upgradeStatus(port, headers), `socket with Host '${h}'`).toBe(
        allowed ? 'HTTP/1.1 101 Switching Protocols' : 'HTTP/1.1 403 Forbidden',
      );
    }
  });

  it('refuses any Origin but its own on pages, the API and the socket, even with the token', async () => {
    const origins: [string, boolean][] = [
      [`http://127.0.0.1:${port}`, true],
      [`http://localhost:${port}`, true],
      ['http://evil.example', false],
      [`http://evil.example:${port}`, false],
      ['null', false],
      [`https://127.0.0.1:${port}`, false],
      [`http://127.0.0.1:${port + 1}`, false],
    ];
    for (const [origin, allowed] of origins) {
      const headers = { ...auth, origin };
      expect((await raw(port, '/', headers)).status, `GET / from ${origin}`).toBe(allowed ? 200 : 403);
      const api = await raw(port, '/api/system.info', headers, { method: 'POST', body: '{}' });
      expect(api.status, `API from ${origin}`).toBe(allowed ? 200 : 403);
      expect(await upgradeStatus(port, headers), `socket from ${origin}`).toBe(
        allowed ? 'HTTP/1.1 101 Switching Protocols' : 'HTTP/1.1 403 Forbidden',
      );
    }
  });

  it('the login link answers with a cookie and the bare path: no token, no query, not cached', async () => {
    const login = await raw(port, `/?token=${t.server.token}&other=1`, { host });
    expect(login.status).toBe(302);
    expect(login.headers.location).toBe('/');
    expect(login.headers['cache-control']).toBe('no-store');
    const deep = await raw(port, `/index.html?token=${t.server.token}`, { host });
    expect(deep.headers.location).toBe('/index.html');
  });

  it(`refuses a body nested deeper than ${MAX_INPUT_DEPTH} levels with a clear 400, before parsing it`, async () => {
    const nest = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
    const tooDeep = [
      `{"chain": ${nest(MAX_INPUT_DEPTH)}}`,
      `{"chain": ${nest(100_000)}}`,
      // 32 MiB of brackets: parsed, millions of nested arrays; refused from the text alone.
      nest(16 * 1024 * 1024),
    ];
    for (const body of tooDeep) {
      const res = await raw(port, '/api/chains.check', auth, { method: 'POST', body });
      expect(res.status, `a body of ${body.length} characters`).toBe(400);
      expect(JSON.parse(res.body)).toMatchObject({
        ok: false,
        error: { code: 'invalid_input', message: expect.stringMatching(/nests deeper than 64 levels/) },
      });
    }
    // Within the limit, and brackets inside strings do not count: the call reaches the schema.
    const project = join(t.dir, 'p.vpstudio');
    const within = JSON.stringify({ project, chain: { name: '['.repeat(10_000), steps: [[[[1]]]] } });
    for (const body of [
      within,
      `{"project": ${JSON.stringify(project)}, "chain": ${nest(MAX_INPUT_DEPTH - 1)}}`,
    ]) {
      const res = await raw(port, '/api/chains.check', auth, { method: 'POST', body });
      expect(JSON.parse(res.body).error?.message ?? '', body.slice(0, 80)).not.toMatch(/nests deeper/);
    }
    // The server is still up.
    expect((await raw(port, '/api/system.info', auth, { method: 'POST', body: '{}' })).status).toBe(200);
  });

  it('serves only files of the renderer folder: no listing, no .., no links out of it, no NUL, no absolute paths', async () => {
    const index = readFileSync(join(staticDir, 'index.html'), 'utf8');
    // A folder is answered with the app, never with its file names.
    for (const path of ['/assets/', '/assets', '/linked/', '/']) {
      const res = await raw(port, path, auth);
      expect(res.status, path).toBe(200);
      expect(res.body, path).toBe(index);
    }
    expect((await raw(port, '/assets/app-1234.js', auth)).body).toBe('console.log(1)');
    const refused: [string, number][] = [
      ['/leak.txt', 404],
      ['/linked/secret.txt', 404],
      ['/%00', 400],
      ['/index.html%00.png', 400],
      ['/%E0%A4%A', 400],
    ];
    for (const [path, status] of refused) {
      const res = await raw(port, path, auth);
      expect(res.status, path).toBe(status);
      expect(res.body, path).not.toContain('SECRET-CONTENT');
    }
    // Traversal in every spelling: none reaches a file outside (answered with the app or refused).
    const secret = join(t.dir, 'private', 'secret.txt');
    for (const path of [
      '/../private/secret.txt',
      '/..%2fprivate%2fsecret.txt',
      '/%2e%2e/private/secret.txt',
      '/%2e%2e%2fprivate%2fsecret.txt',
      '/..%5cprivate%5csecret.txt',
      `/${secret}`,
      `/%2F${secret.slice(1).replaceAll('/', '%2F')}`,
      `//${secret.slice(1)}`,
      '/%252e%252e/private/secret.txt',
      '/../../../../etc/passwd',
    ]) {
      const res = await raw(port, path, auth);
      expect(res.body, path).not.toContain('SECRET-CONTENT');
      expect(res.body, path).not.toContain('root:');
      expect([200, 400, 404], `${path}: ${res.status}`).toContain(res.status);
    }
  });
});

describe('the browser-mode token is never logged', () => {
  it('appears only in the printed link, in no answer, and in no file of the data dir but its own', async () => {
    const tmp = makeTempDir('vps-token-log-');
    try {
      const staticDir = join(tmp.dir, 'static');
      mkdirSync(staticDir);
      writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>studio</title>');
      const dataDir = join(tmp.dir, 'data');
      const studio = await startStudioProcess(dataDir, {
        fromSource: true,
        args: ['--static', staticDir],
        env: { HOME: tmp.dir },
      });
      try {
        const link = new URL(studio.loginUrl);
        const token = link.searchParams.get('token')!;
        const port = Number(link.port);
        const host = `127.0.0.1:${port}`;
        const good = { host, authorization: `Bearer ${token}` };
        const answers = await Promise.all([
          raw(port, `/?token=${token}`, { host }),
          raw(port, `/?token=${token.slice(0, -1)}`, { host }),
          raw(port, '/', { ...good, host: 'evil.example' }),
          raw(port, '/', { ...good, origin: 'http://evil.example' }),
          raw(port, '/api/system.info', good, { method: 'POST', body: '{' }),
          raw(port, '/api/images.list', good, { method: 'POST', body: '{"project": 1}' }),
          raw(port, '/api/projects.open', good, {
            method: 'POST',
            body: JSON.stringify({ path: join(tmp.dir, 'missing.vpstudio') }),
          }),
          raw(port, '/api/nope.nope', good, { method: 'POST', body: '{}' }),
          raw(port, '/%E0%A4%A', good),
        ]);
        for (const [i, a] of answers.entries()) {
          expect(a.body, `answer ${i}`).not.toContain(token);
          // The one exception: the login answer's cookie.
          if (i > 0) expect(JSON.stringify(a.headers), `answer ${i}`).not.toContain(token);
        }
        expect(answers[0]!.headers.location).toBe('/');
        await studio.stop();
        const printed = studio.output();
        expect(printed.split(token).length - 1, `printed:\n${printed}`).toBe(1);
        expect(printed).toContain(`Open: ${studio.loginUrl}`);
        const holders: string[] = [];
        const walk = (dir: string) => {
          for (const entry of readdirSync(dir, { withFileTypes: true })) {
            const path = join(dir, entry.name);
            if (entry.isDirectory()) walk(path);
            else if (entry.isFile() && statSync(path).size < 64 * 1024 * 1024) {
              if (readFileSync(path).includes(token)) holders.push(path);
            }
          }
        };
        walk(tmp.dir);
        expect(holders).toEqual([join(dataDir, 'browser-token')]);
      } finally {
        await studio.stop();
      }
    } finally {
      tmp.cleanup();
    }
  });
});
