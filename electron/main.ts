// The Electron main process: windows, the media protocol and IPC. All logic lives in the plain Node services.
import { app, BrowserWindow, ipcMain, net, protocol, session, shell } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { StudioError } from '../shared/errors';
import { parseMediaUrl } from '../shared/transport';
import { registerIpc } from './ipc';
import { createStudio } from './studio/create-studio';
import { STUDIO_VERSION } from './studio/version';
import { trustedRendererUrl } from './trusted-renderer-url';

const MEDIA_SCHEME = 'studio-media';
const devServerUrl = process.env.ELECTRON_RENDERER_URL;
const rendererIndex = join(import.meta.dirname, '../renderer/index.html');
const isTrustedUrl = trustedRendererUrl(devServerUrl ?? pathToFileURL(rendererIndex).href);

protocol.registerSchemesAsPrivileged([
  { scheme: MEDIA_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
]);

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    backgroundColor: '#111418',
    title: 'VisPrompt Studio',
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  if (devServerUrl) void win.loadURL(devServerUrl);
  else void win.loadFile(rendererIndex);
  return win;
}

app.on('web-contents-created', (_e, contents) => {
  // No navigation away from the app and no new windows; external links open in the system browser.
  contents.on('will-navigate', (event, url) => {
    if (!isTrustedUrl(url)) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
});

void app.whenReady().then(() => {
  const studio = createStudio({
    dataDir: app.getPath('userData'),
    mode: 'electron',
    version: STUDIO_VERSION,
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));

  protocol.handle(MEDIA_SCHEME, async (request) => {
    const url = new URL(request.url);
    const media = parseMediaUrl(url.pathname, url.searchParams);
    if (!media) return new Response('Not found', { status: 404 });
    try {
      const file = await studio.media(media.kind, media.project, media.imageId);
      const res = await net.fetch(pathToFileURL(file.path).href);
      return new Response(res.body, { headers: { 'content-type': file.mime } });
    } catch (err) {
      const message = err instanceof StudioError ? err.message : 'Cannot read the image.';
      return new Response(message, { status: 404 });
    }
  });

  const dispose = registerIpc(ipcMain, studio, isTrustedUrl, () =>
    BrowserWindow.getAllWindows().map((w) => w.webContents),
  );
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
  app.on('will-quit', () => {
    dispose();
    void studio.close();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
