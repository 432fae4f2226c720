// What any page of the desktop app may do with its window: stay on the renderer page, open no windows, attach no
// <webview>. Applied to every web contents Electron creates (main.ts, 'web-contents-created').

/** The part of Electron's navigation events the policy reads. */
export interface NavigationEvent {
  readonly url: string;
  preventDefault(): void;
}

/** The part of Electron's WebContents the policy uses. */
export interface PolicedContents {
  on(
    event: 'will-navigate' | 'will-frame-navigate' | 'will-redirect',
    listener: (event: NavigationEvent) => void,
  ): unknown;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

export interface WebContentsPolicyOptions {
  /** Is this URL the renderer page (desktop/trusted-renderer-url.ts)? */
  isTrustedUrl: (url: string) => boolean;
  /** Opens a link in the system browser (shell.openExternal); given https:// URLs only. */
  openExternal: (url: string) => void;
}

/**
 * The link to hand to the system browser, as the WHATWG parser writes it, when `url` is an https:// URL without
 * credentials; null for anything else (file:, http:, javascript:, custom schemes, not a URL).
 */
export function externalLink(url: string): string | null {
  if (!URL.canParse(url)) return null;
  const u = new URL(url);
  return u.protocol === 'https:' && u.username === '' && u.password === '' ? u.href : null;
}

/**
 * Navigation (main frame or any subframe, and server redirects) only to the renderer page, whose routes are its
 * fragment; every new window denied, an https:// link handed to the system browser instead; every <webview>
 * refused before it attaches.
 */
export function applyWebContentsPolicy(contents: PolicedContents, options: WebContentsPolicyOptions): void {
  const stayOnRenderer = (event: NavigationEvent) => {
    if (!options.isTrustedUrl(event.url)) event.preventDefault();
  };
  contents.on('will-navigate', stayOnRenderer);
  contents.on('will-frame-navigate', stayOnRenderer);
  contents.on('will-redirect', stayOnRenderer);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const link = externalLink(url);
    if (link !== null) options.openExternal(link);
    return { action: 'deny' };
  });
}
