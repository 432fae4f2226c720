import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { trustedRendererUrl } from '../../../electron/desktop/trusted-renderer-url';
import {
  applyWebContentsPolicy,
  externalLink,
  type NavigationEvent,
  type PolicedContents,
} from '../../../electron/desktop/web-contents-policy';
import { formatRoute } from '../../../renderer/src/routing/routes';

type Listener = (event: NavigationEvent) => void;

/** A web contents as the policy sees it: records its listeners and its window-open handler. */
function fakeContents() {
  const listeners = new Map<string, Listener[]>();
  let openHandler: ((details: { url: string }) => { action: 'deny' }) | null = null;
  const contents: PolicedContents = {
    on(event: string, listener: Listener) {
      listeners.set(event, [...(listeners.get(event) ?? []), listener]);
      return contents;
    },
    setWindowOpenHandler(handler) {
      openHandler = handler;
    },
  };
  /** Emits `event` as Electron does; true when a listener prevented it. */
  const emit = (event: string, url: string) => {
    let prevented = false;
    for (const listener of listeners.get(event) ?? [])
      listener({ url, preventDefault: () => void (prevented = true) });
    return prevented;
  };
  return { contents, listeners, emit, open: (url: string) => openHandler!({ url }) };
}

const index = pathToFileURL('/opt/VisPrompt Studio/resources/app/out/renderer/index.html').href;
const project = '/home/ana/Drive ü#1.vpstudio';

function policed() {
  const fake = fakeContents();
  const opened: string[] = [];
  applyWebContentsPolicy(fake.contents, {
    isTrustedUrl: trustedRendererUrl(index),
    openExternal: (url) => opened.push(url),
  });
  return { ...fake, opened };
}

const UNTRUSTED = [
  'file:///etc/passwd',
  'https://evil.example/',
  'http://127.0.0.1:8080/',
  'javascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  index.replace('index.html', 'evil.html'),
  'about:blank',
];

describe('applyWebContentsPolicy: navigation', () => {
  it.each(['will-navigate', 'will-frame-navigate', 'will-redirect'])(
    'prevents %s to any page but the renderer',
    (event) => {
      const { emit } = policed();
      for (const url of UNTRUSTED) expect(emit(event, url), url).toBe(true);
    },
  );

  it('lets the renderer go to its own routes', () => {
    const { emit } = policed();
    for (const route of [
      formatRoute({ name: 'home' }),
      formatRoute({ name: 'image', path: project, imageId: 7 }),
      formatRoute({ name: 'settings' }),
    ]) {
      const url = new URL(route, index).href;
      for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect'])
        expect(emit(event, url), `${event} ${url}`).toBe(false);
    }
  });

  it('refuses every <webview> before it attaches', () => {
    const { emit, listeners } = policed();
    expect(listeners.get('will-attach-webview')).toHaveLength(1);
    expect(emit('will-attach-webview', index)).toBe(true);
  });
});

describe('applyWebContentsPolicy: new windows', () => {
  it('denies every window.open, the renderer page included', () => {
    const { open } = policed();
    for (const url of [...UNTRUSTED, index, 'https://github.com/'])
      expect(open(url), url).toEqual({ action: 'deny' });
  });

  it('opens only https:// links in the system browser', () => {
    const { open, opened } = policed();
    const notHttps = UNTRUSTED.filter((url) => !url.startsWith('https:'));
    for (const url of [...notHttps, index, 'https://user:pw@example.com/']) open(url);
    expect(opened).toEqual([]);
    open('https://github.com/visprompt/studio#readme');
    expect(opened).toEqual(['https://github.com/visprompt/studio#readme']);
  });
});

describe('externalLink', () => {
  it.each([
    ['https://example.com', 'https://example.com/'],
    ['https://example.com/a b?q=1', 'https://example.com/a%20b?q=1'],
    ['HTTPS://EXAMPLE.com/x', 'https://example.com/x'],
    ['http://example.com/', null],
    ['file:///etc/passwd', null],
    ['javascript:alert(1)', null],
    ['ms-settings:', null],
    ['smb://host/share', null],
    ['https://user@example.com/', null],
    ['not a url', null],
    ['', null],
  ])('%s -> %s', (url, link) => {
    expect(externalLink(url)).toBe(link);
  });
});
