// The main window's options, kept out of main.ts so the tests can read them without the Electron binary.

/**
 * The renderer's powers, all of them: sandboxed, isolated from the preload, no Node in the page, its workers or
 * its frames, same-origin rules on, no insecure content, no <webview>, no experimental Blink features. The
 * preload (the `window.studio` bridge) is the only way out of the page.
 */
export function rendererPreferences(preload: string) {
  return {
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
  } as const;
}

/** The studio's window: its size, colours and title, and the renderer's preferences above. */
export function mainWindowOptions(preload: string) {
  return {
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    backgroundColor: '#111418',
    title: 'VisPrompt Studio',
    webPreferences: rendererPreferences(preload),
  } as const;
}
