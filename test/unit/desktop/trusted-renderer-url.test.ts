import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { trustedRendererUrl } from '../../../electron/desktop/trusted-renderer-url';
import { formatRoute, type Route } from '../../../renderer/src/routing/routes';

const project = '/home/ana/My Projects/Drive ü#1.vpstudio';
const ROUTES: Route[] = [
  { name: 'home' },
  { name: 'project', path: project },
  { name: 'image', path: project, imageId: 42 },
  { name: 'datasets', path: project },
  { name: 'chains', path: project },
  { name: 'settings' },
  { name: 'settings', path: project },
];

/** The URL the renderer's frame reports after the router went to `route` (the browser canonicalises it). */
const at = (base: string, route: Route) => new URL(formatRoute(route), base).href;

describe('trustedRendererUrl: the packaged app (file://)', () => {
  const index = pathToFileURL('/opt/VisPrompt Studio/resources/app/out/renderer/index.html').href;
  const trusted = trustedRendererUrl(index);

  it('accepts the renderer page itself and every URL the router produces', () => {
    expect(trusted(index)).toBe(true);
    for (const route of ROUTES) expect(trusted(at(index, route)), formatRoute(route)).toBe(true);
    expect(trusted(index + '?reload=1')).toBe(true);
  });

  it.each([
    ['another page', 'file:///other/index.html'],
    ['a sibling file', index.replace('index.html', 'evil.html')],
    ['a longer name', index + '.evil.html'],
    ['a path inside it', index + '/x'],
    ['a dot-dot escape', index.replace('index.html', 'sub/../../evil/index.html')],
    ['a remote host', index.replace('file://', 'file://evil.example')],
    ['an http page', 'http://localhost/opt/VisPrompt%20Studio/resources/app/out/renderer/index.html'],
    ['no url', ''],
    ['not a url', 'index.html'],
    ['about:blank', 'about:blank'],
  ])('refuses %s', (_what, url) => {
    expect(trusted(url)).toBe(false);
  });
});

describe('trustedRendererUrl: the dev server (electron-vite)', () => {
  const dev = 'http://localhost:5173';
  const trusted = trustedRendererUrl(dev);

  it('accepts the dev page and every URL the router produces', () => {
    expect(trusted(dev + '/')).toBe(true);
    expect(trusted(dev + '/?t=1#/settings')).toBe(true);
    for (const route of ROUTES) expect(trusted(at(dev, route)), formatRoute(route)).toBe(true);
  });

  it.each([
    ['a look-alike host', 'http://localhost:5173.evil.com/'],
    ['credentials before another host', 'http://localhost:5173@evil.com/'],
    ['credentials', 'http://user:pw@localhost:5173/'],
    ['another port', 'http://localhost:51730/'],
    ['https', 'https://localhost:5173/'],
    ['another path', 'http://localhost:5173/other.html'],
    ['a nested path', 'http://localhost:5173/assets/evil.html#/'],
    ['another host', 'http://127.0.0.1:5173/'],
    ['a file page', 'file:///index.html'],
  ])('refuses %s', (_what, url) => {
    expect(trusted(url)).toBe(false);
  });
});
