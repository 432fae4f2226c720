import { describe, expect, it } from 'vitest';
import { mainWindowOptions, rendererPreferences } from '../../../electron/desktop/window-options';

describe('the main window', () => {
  const preload = '/opt/VisPrompt Studio/resources/app/out/preload/index.cjs';

  it('gives the renderer a sandboxed, isolated page with no Node anywhere and the preload as its only way out', () => {
    // Exactly these keys: a new preference has to be added here, on purpose.
    expect(rendererPreferences(preload)).toStrictEqual({
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
    });
  });

  it('uses those preferences for the studio window', () => {
    const options = mainWindowOptions(preload);
    expect(options.webPreferences).toStrictEqual(rendererPreferences(preload));
    expect(options).toMatchObject({ title: 'VisPrompt Studio', minWidth: 960, minHeight: 600 });
  });
});
