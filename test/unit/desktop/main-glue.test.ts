// electron/main.ts loaded with a stand-in for 'electron' (the binary cannot run on CI): shows that the glue
// applies every policy of electron/desktop/ to the real Electron objects it would get, and runs a real studio.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MEDIA_SCHEME_PRIVILEGES } from '../../../electron/desktop/media-protocol';
import { mainWindowOptions } from '../../../electron/desktop/window-options';
import { IPC_INVOKE_CHANNEL, type Envelope } from '../../../shared/transport';

type Fn = (...args: unknown[]) => unknown;

const fake = vi.hoisted(() => {
  const appListeners = new Map<string, Fn>();
  let ready!: () => void;
  const whenReady = new Promise<void>((r) => (ready = r));
  const windows: { options: unknown; loaded: string[]; webContents: object }[] = [];
  const ipcHandlers = new Map<string, Fn>();
  const protocolHandlers = new Map<string, (request: Request) => Promise<Response>>();
  const schemes: unknown[] = [];
  const sessionHandlers: Record<string, Fn> = {};
  const openedExternally: string[] = [];
  const state = { userData: '' };
  class BrowserWindow {
    static getAllWindows = () => windows.map((w) => Object.assign(Object.create(BrowserWindow.prototype), w));
    readonly webContents = { isDestroyed: () => false, send: () => {} };
    private readonly record: (typeof windows)[number];
    constructor(options: unknown) {
      this.record = { options, loaded: [], webContents: this.webContents };
      windows.push(this.record);
    }
    loadFile(path: string) {
      this.record.loaded.push(path);
      return Promise.resolve();
    }
    loadURL(url: string) {
      this.record.loaded.push(url);
      return Promise.resolve();
    }
  }
  const module = {
    app: {
      on: (event: string, listener: Fn) => void appListeners.set(event, listener),
      whenReady: () => whenReady,
      getPath: (name: string) => (name === 'userData' ? state.userData : '/nowhere'),
      quit: () => {},
    },
    BrowserWindow,
    ipcMain: {
      handle: (channel: string, listener: Fn) => void ipcHandlers.set(channel, listener),
      removeHandler: (channel: string) => void ipcHandlers.delete(channel),
    },
    net: { fetch: () => Promise.reject(new Error('no file reads in this test')) },
    protocol: {
      registerSchemesAsPrivileged: (list: unknown[]) => void schemes.push(...list),
      handle: (scheme: string, handler: (r: Request) => Promise<Response>) =>
        void protocolHandlers.set(scheme, handler),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (h: Fn) => void (sessionHandlers.request = h),
        setPermissionCheckHandler: (h: Fn) => void (sessionHandlers.check = h),
        setDevicePermissionHandler: (h: Fn) => void (sessionHandlers.device = h),
      },
    },
    shell: { openExternal: (url: string) => void openedExternally.push(url) },
  };
  return {
    module,
    ready,
    state,
    appListeners,
    windows,
    ipcHandlers,
    protocolHandlers,
    schemes,
    sessionHandlers,
    openedExternally,
  };
});

vi.mock('electron', () => fake.module);

const { makeTempDir } = await import('../../helpers/temp-dir');
const tmp = makeTempDir('vps-main-glue-');
const electronDir = join(import.meta.dirname, '../../../electron');
const rendererIndex = join(electronDir, '../renderer/index.html');
const rendererUrl = pathToFileURL(rendererIndex).href;

// Importing main.ts loads the whole studio (seconds on a loaded two-core machine).
const LOAD_MS = 90_000;

beforeAll(async () => {
  fake.state.userData = join(tmp.dir, 'userData');
  await import('../../../electron/main');
  fake.ready();
  await vi.waitFor(() => expect(fake.windows).toHaveLength(1), { timeout: LOAD_MS });
}, LOAD_MS);

afterAll(async () => {
  if (fake.ipcHandlers.size > 0) fake.appListeners.get('will-quit')?.();
  await new Promise((r) => setTimeout(r, 50)); // the studio closes in the background, as on quit
  tmp.cleanup();
});

describe('electron/main.ts', () => {
  it('registers the media scheme with the privileges of desktop/media-protocol.ts, before the app is ready', () => {
    expect(fake.schemes).toEqual([{ scheme: 'studio-media', privileges: MEDIA_SCHEME_PRIVILEGES }]);
  });

  it('opens one window with the options of desktop/window-options.ts, on the built renderer page', () => {
    const [win] = fake.windows;
    expect(win!.options).toStrictEqual(mainWindowOptions(join(electronDir, '../preload/index.cjs')));
    expect(win!.loaded).toEqual([rendererIndex]);
  });

  it('applies the session policy to the default session: a camera request from the page is refused', () => {
    expect(Object.keys(fake.sessionHandlers).sort()).toEqual(['check', 'device', 'request']);
    const answers: boolean[] = [];
    fake.sessionHandlers.request!({}, 'media', (granted: boolean) => answers.push(granted), {
      requestingUrl: rendererUrl,
    });
    expect(answers).toEqual([false]);
    expect(fake.sessionHandlers.check!(null, 'geolocation', 'file://', { requestingUrl: rendererUrl })).toBe(
      false,
    );
  });

  it('applies the web-contents policy to every web contents created', () => {
    const listeners = new Map<string, Fn>();
    let openHandler: Fn | null = null;
    const contents = {
      on: (event: string, listener: Fn) => void listeners.set(event, listener),
      setWindowOpenHandler: (h: Fn) => void (openHandler = h),
    };
    fake.appListeners.get('web-contents-created')!({}, contents);
    let prevented = false;
    listeners.get('will-navigate')!({ url: 'file:///etc/passwd', preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    expect(openHandler!({ url: 'https://example.com/help' })).toEqual({ action: 'deny' });
    expect(fake.openedExternally).toEqual(['https://example.com/help']);
  });

  it('serves the media scheme through the handler of desktop/media-protocol.ts', async () => {
    const handler = fake.protocolHandlers.get('studio-media')!;
    expect((await handler(new Request('studio-media://local/etc/passwd'))).status).toBe(404);
  });

  it('answers IPC from the renderer page with the real studio, and refuses other pages', async () => {
    const invoke = fake.ipcHandlers.get(IPC_INVOKE_CHANNEL)!;
    const ok = (await invoke(
      { senderFrame: { url: `${rendererUrl}#/settings` } },
      'system.info',
      {},
    )) as Envelope;
    expect(ok).toMatchObject({ ok: true, result: { mode: 'electron', dataDir: fake.state.userData } });
    const refused = (await invoke(
      { senderFrame: { url: 'https://evil.example/' } },
      'system.info',
      {},
    )) as Envelope;
    expect(refused).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  });

  it('removes its IPC handler when the app quits', () => {
    fake.appListeners.get('will-quit')!();
    expect(fake.ipcHandlers.size).toBe(0);
  });
});
