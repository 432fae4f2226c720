/** A URL without its fragment and query, as the WHATWG parser canonicalises it; null if it is not a URL. */
function pageOf(url: string): string | null {
  if (!URL.canParse(url)) return null;
  const u = new URL(url);
  u.hash = '';
  u.search = '';
  return u.href;
}

/**
 * The check the desktop applies to IPC senders and navigations: is `url` our renderer page? The app routes by hash
 * (renderer/src/routing/routes.ts), so the fragment and the query are ignored; scheme, host, port and path must
 * be those of the page the window loaded — the packaged file:///…/renderer/index.html or the dev server's page.
 */
export function trustedRendererUrl(rendererUrl: string): (url: string) => boolean {
  const page = pageOf(rendererUrl);
  if (page === null) throw new Error(`The renderer URL is not a URL: '${rendererUrl}'.`);
  return (url) => pageOf(url) === page;
}
