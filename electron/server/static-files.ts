import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { isWithin } from '../fs/inside';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

function refuse(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(message);
}

/**
 * Serves the built renderer and nothing else: a path is decoded once, normalised, and must stay inside `root`
 * after symlinks are resolved too (a link in the folder pointing out of it is refused). Paths that are not
 * files (unknown ones, folders) get index.html, never a listing; the app routes by hash.
 */
export async function serveStatic(root: string, pathname: string, res: ServerResponse): Promise<void> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return refuse(res, 400, 'Malformed path.');
  }
  if (decoded.includes('\0')) return refuse(res, 400, 'Malformed path.');
  const rel = normalize(decoded).replace(/^([/\\])+/, '');
  const realRoot = await realpath(root).catch(() => root);
  let file = join(realRoot, rel);
  // normalize() has resolved any '..'; a path still outside the root is refused.
  if (!isWithin(file, realRoot)) return refuse(res, 404, 'Not found.');
  let info = await stat(file).catch(() => null);
  if (info?.isFile()) {
    const real = await realpath(file);
    if (!isWithin(real, realRoot)) return refuse(res, 404, 'Not found.');
  } else {
    file = join(realRoot, 'index.html');
    info = await stat(file).catch(() => null);
    if (!info) {
      res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      return void res.end(`The renderer is not built (no ${file}). Run \`npm run build\` first.`);
    }
  }
  const hashed = rel.startsWith('assets/');
  res.writeHead(200, {
    'content-type': MIME[extname(file)] ?? 'application/octet-stream',
    'content-length': info.size,
    'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  await pipeline(createReadStream(file), res);
}
