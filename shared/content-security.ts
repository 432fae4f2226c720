// The renderer's Content-Security-Policy, one definition for both ways it is delivered: the built index.html
// carries it as a meta tag (all Electron has, loading the file), and browser mode also sends it as a header on
// every response, with frame-ancestors, which a meta tag cannot carry.

/** Scripts, styles and fonts from the renderer's own files only; no plugins, no <base>, no form posts away. */
export const RENDERER_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // studio-media: is Electron's image scheme (ELECTRON_MEDIA_ORIGIN); data:/blob: are masks drawn in the page.
  "img-src 'self' data: blob: studio-media:",
  // React and Konva set inline styles.
  "style-src 'self' 'unsafe-inline'",
  // The events socket (browser mode) and the dev server's reload socket, on this machine only.
  "connect-src 'self' ws://127.0.0.1:* ws://localhost:*",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** What browser mode sends: the renderer's policy, and no page of another origin may frame the studio. */
export const SERVER_CSP = `${RENDERER_CSP}; frame-ancestors 'none'`;
