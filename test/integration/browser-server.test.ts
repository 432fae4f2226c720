import { request } from 'node:http';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { ImagePage, JobInfo } from '../../shared/api';
import type { ImportReport, ProjectInfo, StudioEvent } from '../../shared/domain';
import { mediaUrl } from '../../shared/transport';
import { makeFolderOfImages, makeNonImage } from '../helpers/images';
import { startTestServer, type TestServer } from '../helpers/studio-server';

/** A raw request, so the test controls headers fetch() would not let it set (Host). */
function rawGet(port: number, path: string, headers: Record<string, string>) {
  return new Promise<{ status: number; body: string; headers: Record<string, unknown> }>(
    (resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      });
      req.on('error', reject);
      req.end();
    },
  );
}

describe('browser-mode server', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.stop());

  it('refuses API calls without the token', async () => {
    const res = await fetch(`${t.server.url}/api/system.info`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  });

  it('refuses a foreign Host header (DNS rebinding) and a foreign Origin', async () => {
    const host = await rawGet(t.server.port, '/', {
      host: 'evil.example:80',
      authorization: `Bearer ${t.server.token}`,
    });
    expect(host.status).toBe(403);
    const res = await fetch(`${t.server.url}/api/system.info`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.server.token}`, origin: 'http://evil.example' },
      body: '{}',
    });
    expect(res.status).toBe(403);
  });

  it('swaps the login token for an HttpOnly cookie that then opens the app', async () => {
    const login = await rawGet(t.server.port, `/?token=${t.server.token}`, {
      host: `127.0.0.1:${t.server.port}`,
    });
    expect(login.status).toBe(302);
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    expect(String(login.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict/);
    // Kept past the tab and a browser restart, and named for this port: another studio on 127.0.0.1 (cookies
    // ignore ports) neither overwrites it nor is opened by it.
    expect(String(login.headers['set-cookie'])).toMatch(/Max-Age=\d{6,}/);
    expect(cookie.startsWith(`vps_token_${t.server.port}=`)).toBe(true);
    const otherPort = cookie.replace(`vps_token_${t.server.port}=`, `vps_token_${t.server.port + 1}=`);
    expect(
      (await rawGet(t.server.port, '/', { host: `127.0.0.1:${t.server.port}`, cookie: otherPort })).status,
    ).toBe(401);
    const page = await rawGet(t.server.port, '/', { host: `127.0.0.1:${t.server.port}`, cookie });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>studio</title>');
    const wrong = await rawGet(t.server.port, '/?token=nope', { host: `127.0.0.1:${t.server.port}` });
    expect(wrong.status).toBe(401);
  });

  it('never serves files outside the renderer folder', async () => {
    for (const path of [
      '/../../../../etc/passwd',
      '/..%2f..%2f..%2fetc%2fpasswd',
      '/%2e%2e/%2e%2e/etc/passwd',
    ]) {
      const res = await rawGet(t.server.port, path, {
        host: `127.0.0.1:${t.server.port}`,
        authorization: `Bearer ${t.server.token}`,
      });
      expect(res.body).not.toContain('root:');
    }
  });

  it('answers malformed input with a clear 400', async () => {
    const res = await fetch(`${t.server.url}/api/images.list`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.server.token}` },
      body: '{"project": ',
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      error: { code: 'invalid_input', message: 'Request body is not valid JSON.' },
    });
    const bad = await t.call('images.list', { project: 42 });
    expect(bad.status).toBe(400);
  });

  it('creates a project, imports a folder with progress over the socket, lists and serves images', async () => {
    const folder = join(t.dir, 'photos');
    await makeFolderOfImages(folder, 12);
    await makeNonImage(folder, 'notes.jpg');

    const ws = new WebSocket(`ws://127.0.0.1:${t.server.port}/events`, {
      headers: { authorization: `Bearer ${t.server.token}` },
    });
    const events: StudioEvent[] = [];
    ws.on('message', (m) => events.push(JSON.parse(String(m)) as StudioEvent));
    await new Promise((r) => ws.once('open', r));

    const project = await t.ok<ProjectInfo>('projects.create', { path: join(t.dir, 'proj'), name: 'Drive' });
    expect(project.path).toBe(join(t.dir, 'proj.vpstudio'));
    const { jobId } = await t.ok<{ jobId: string }>('images.importFolder', { project: project.path, folder });
    let job: JobInfo;
    do {
      await new Promise((r) => setTimeout(r, 50));
      job = await t.ok<JobInfo>('jobs.get', { jobId });
    } while (job.state === 'running');
    expect(job.state).toBe('done');
    const report = job.result as ImportReport;
    expect(report.added).toBe(12);
    expect(report.skipped).toEqual([expect.objectContaining({ path: join(folder, 'notes.jpg') })]);
    await new Promise((r) => setTimeout(r, 50));
    expect(events.some((e) => e.type === 'job.progress' && e.jobId === jobId)).toBe(true);
    expect(events.find((e) => e.type === 'job.done')).toMatchObject({ jobId, kind: 'import' });
    ws.close();

    const page = await t.ok<ImagePage>('images.list', { project: project.path, limit: 5 });
    expect(page.total).toBe(12);
    expect(page.items).toHaveLength(5);

    const first = page.items[0]!;
    const auth = { authorization: `Bearer ${t.server.token}` };
    const thumb = await fetch(t.server.url + mediaUrl('', 'thumb', project.path, first.id), {
      headers: auth,
    });
    expect(thumb.headers.get('content-type')).toBe('image/webp');
    const meta = await sharp(Buffer.from(await thumb.arrayBuffer())).metadata();
    expect(Math.max(meta.width!, meta.height!)).toBeLessThanOrEqual(256);
    const etag = thumb.headers.get('etag')!;
    const again = await fetch(t.server.url + mediaUrl('', 'thumb', project.path, first.id), {
      headers: { ...auth, 'if-none-match': etag },
    });
    expect(again.status).toBe(304);

    const full = await fetch(t.server.url + mediaUrl('', 'full', project.path, first.id), { headers: auth });
    expect(full.status).toBe(200);
    expect((await sharp(Buffer.from(await full.arrayBuffer())).metadata()).width).toBe(first.width);

    const missing = await fetch(t.server.url + mediaUrl('', 'full', project.path, 99999), { headers: auth });
    expect(missing.status).toBe(404);
  });
});
