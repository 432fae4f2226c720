// The Electron main process: glue only. The window's options, what its pages may do, the session's permissions
// and the media scheme are plain modules in desktop/ (unit-tested without the binary); the services are the
// same plain Node code browser mode and the CLI run.
import { app, BrowserWindow, ipcMain, net, protocol, session, shell } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { mediaProtocolHandler, MEDIA_SCHEME, MEDIA_SCHEME_PRIVILEGES } from './desktop/media-protocol';
import { applySessionPolicy } from './desktop/session-policy';
import { trustedRendererUrl } from './desktop/trusted-renderer-url';
import { applyWebContentsPolicy } from './desktop/web-contents-policy';
import { mainWindowOptions } from './desktop/window-options';
import { registerIpc } from './ipc';
import { createStudio } from './studio/create-studio';
import { STUDIO_VERSION } from './studio/version';

const devServerUrl = process.env.ELECTRON_RENDERER_URL;
const rendererIndex = join(import.meta.dirname, '../renderer/index.html');
const isTrustedUrl = trustedRendererUrl(devServerUrl ?? pathToFileURL(rendererIndex).href);

protocol.registerSchemesAsPrivileged([{ scheme: MEDIA_SCHEME, privileges: MEDIA_SCHEME_PRIVILEGES }]);

function createWindow(): BrowserWindow {
  const win = new BrowserWindow(mainWindowOptions(join(import.meta.dirname, '../preload/index.cjs')));
  if (devServerUrl) void win.loadURL(devServerUrl);
  else void win.loadFile(rendererIndex);
  return win;
}

app.on('web-contents-created', (_e, contents) =>
  applyWebContentsPolicy(contents, { isTrustedUrl, openExternal: (url) => void shell.openExternal(url) }),
);

void app.whenReady().then(() => {
  const studio = createStudio({
    dataDir: app.getPath('userData'),
    mode: 'electron',
    version: STUDIO_VERSION,
  });
  applySessionPolicy(session.defaultSession, isTrustedUrl);
  protocol.handle(
    MEDIA_SCHEME,
    mediaProtocolHandler({ media: studio.media, fetchFile: (fileUrl) => net.fetch(fileUrl) }),
  );

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
