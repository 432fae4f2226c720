import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MEDIA_SCHEME,
  MEDIA_SCHEME_PRIVILEGES,
  mediaProtocolHandler,
} from '../../../electron/desktop/media-protocol';
import type { Studio } from '../../../electron/studio/create-studio';
import type { ImageRecord } from '../../../shared/domain';
import { ELECTRON_MEDIA_ORIGIN, mediaUrl } from '../../../shared/transport';
import { makeImage } from '../../helpers/images';
import { createTestStudio, projectWithImages, studioCaller } from '../../helpers/studio-server';
import { makeTempDir } from '../../helpers/temp-dir';

const tmp = makeTempDir('vps-media-protocol-');
let studio: Studio;
let project: string;
let images: ImageRecord[];
/** The file:// URLs the handler asked for, as Electron's net.fetch would get them. */
const fetched: string[] = [];
let handle: (request: Request) => Promise<Response>;

beforeAll(async () => {
  studio = createTestStudio(tmp.dir);
  const folder = join(tmp.dir, 'photos');
  await makeImage(folder, 'a.png', { width: 40, height: 30, format: 'png', pattern: 1 });
  await makeImage(folder, 'b.png', { width: 40, height: 30, format: 'png', pattern: 2 });
  ({ project, images } = await projectWithImages(studioCaller(() => studio).call, tmp.dir, folder));
  handle = mediaProtocolHandler({
    media: studio.media,
    fetchFile: async (fileUrl) => {
      fetched.push(fileUrl);
      return new Response(await readFile(fileURLToPath(fileUrl)));
    },
  });
}, 60_000);

afterAll(async () => {
  await studio.close();
  tmp.cleanup();
});

const get = (url: string, method = 'GET') => handle(new Request(url, { method }));
const url = (kind: 'thumb' | 'full', imageId: number, projectPath = project) =>
  mediaUrl(ELECTRON_MEDIA_ORIGIN, kind, projectPath, imageId);

describe('the studio-media: scheme', () => {
  it('is the scheme of the origin the renderer builds its image URLs with, registered for images only', () => {
    expect(`${MEDIA_SCHEME}://local`).toBe(ELECTRON_MEDIA_ORIGIN);
    expect(MEDIA_SCHEME_PRIVILEGES).toStrictEqual({
      standard: true,
      secure: true,
      supportFetchAPI: true,
      stream: true,
    });
  });

  it("serves a project image's original file and its thumbnail, with their type and nosniff", async () => {
    const image = images.find((i) => i.path.endsWith('a.png'))!;
    const full = await get(url('full', image.id));
    expect(full.status).toBe(200);
    expect(full.headers.get('content-type')).toBe('image/png');
    expect(full.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await full.arrayBuffer()).equals(await readFile(image.path))).toBe(true);

    const thumb = await get(url('thumb', image.id));
    expect(thumb.status).toBe(200);
    expect(thumb.headers.get('content-type')).toBe('image/webp');
    const bytes = Buffer.from(await thumb.arrayBuffer());
    expect(bytes.subarray(8, 12).toString('latin1')).toBe('WEBP');
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await get(url('full', images[0]!.id), 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBeNull();
    expect((await get(url('full', images[0]!.id), 'POST')).status).toBe(405);
  });

  it.each([
    ['another host', url('full', 1).replace('://local/', '://evil/')],
    ['another scheme', url('full', 1).replace(`${MEDIA_SCHEME}:`, 'https:')],
    ['a dot-dot path', `${ELECTRON_MEDIA_ORIGIN}/media/full/../../../etc/passwd?project=${project}`],
    ['an encoded dot-dot path', `${ELECTRON_MEDIA_ORIGIN}/media/full/%2e%2e/%2e%2e/etc/passwd`],
    ['a file path in the path', `${ELECTRON_MEDIA_ORIGIN}/etc/passwd`],
    ['no project', `${ELECTRON_MEDIA_ORIGIN}/media/full/1`],
    ['an id that is not a number', `${ELECTRON_MEDIA_ORIGIN}/media/full/1.png?project=${project}`],
    ['an unknown kind', `${ELECTRON_MEDIA_ORIGIN}/media/raw/1?project=${project}`],
  ])('answers 404 for %s and reads no file', async (_what, request) => {
    fetched.length = 0;
    const res = await get(request);
    expect(res.status).toBe(404);
    expect(fetched).toEqual([]);
  });

  it('reads only files the project knows: an unknown image or a path that is no project is a 404', async () => {
    fetched.length = 0;
    const unknown = await get(url('full', 9999));
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toMatch(/image/i);
    expect((await get(url('full', images[0]!.id, '/etc/passwd'))).status).toBe(404);
    expect((await get(url('full', images[0]!.id, join(tmp.dir, 'none.vpstudio')))).status).toBe(404);
    expect(fetched).toEqual([]);
  });

  it('says which file went away, without a stack', async () => {
    const image = images.find((i) => i.path.endsWith('b.png'))!;
    await rm(image.path);
    const res = await get(url('full', image.id));
    expect(res.status).toBe(404);
    const text = await res.text();
    expect(text).toContain(image.path);
    expect(text).not.toMatch(/ENOENT|\n\s+at /);
  });
});
