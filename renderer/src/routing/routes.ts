// Hash routes, so a reload (or a restart of the Electron window) keeps the place:
//   #/                              home
//   #/project?path=/p/Drive.vpstudio  a project's image library
//   #/project/image/42?path=...     one image
//   #/project/datasets?path=...     dataset import and export of a project
//   #/project/chains?path=...       visual prompt chains of a project
//   #/project/jobs?path=...         batch pre-labeling jobs of a project
//   #/project/review?path=...       the review queue of a project's model proposals
//   #/project/eval?path=...         evaluation experiments of a project against its ground truth
//   #/settings                      settings (with ?path=... to come back to a project)

export type Route =
  | { name: 'home' }
  | { name: 'project'; path: string }
  | { name: 'image'; path: string; imageId: number }
  | { name: 'datasets'; path: string }
  | { name: 'chains'; path: string }
  | { name: 'jobs'; path: string }
  | { name: 'review'; path: string }
  | { name: 'eval'; path: string }
  | { name: 'settings'; path?: string };

export type RouteName = Route['name'];

export const HOME: Route = { name: 'home' };

export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#/, '');
  const q = raw.indexOf('?');
  const pathname = (q === -1 ? raw : raw.slice(0, q)).replace(/\/+$/, '') || '/';
  const params = new URLSearchParams(q === -1 ? '' : raw.slice(q + 1));
  const path = params.get('path') ?? '';

  if (pathname === '/settings') return path ? { name: 'settings', path } : { name: 'settings' };
  if (pathname === '/project') return path ? { name: 'project', path } : HOME;
  if (pathname === '/project/datasets') return path ? { name: 'datasets', path } : HOME;
  if (pathname === '/project/chains') return path ? { name: 'chains', path } : HOME;
  if (pathname === '/project/jobs') return path ? { name: 'jobs', path } : HOME;
  if (pathname === '/project/review') return path ? { name: 'review', path } : HOME;
  if (pathname === '/project/eval') return path ? { name: 'eval', path } : HOME;
  const image = /^\/project\/image\/(\d+)$/.exec(pathname);
  if (image && path) {
    const imageId = Number(image[1]);
    if (Number.isSafeInteger(imageId) && imageId > 0) return { name: 'image', path, imageId };
  }
  return HOME;
}

export function formatRoute(route: Route): string {
  const withPath = (p: string, path: string) => `#${p}?${new URLSearchParams({ path }).toString()}`;
  switch (route.name) {
    case 'home':
      return '#/';
    case 'project':
      return withPath('/project', route.path);
    case 'image':
      return withPath(`/project/image/${route.imageId}`, route.path);
    case 'chains':
      return withPath('/project/chains', route.path);
    case 'datasets':
      return withPath('/project/datasets', route.path);
    case 'jobs':
      return withPath('/project/jobs', route.path);
    case 'review':
      return withPath('/project/review', route.path);
    case 'eval':
      return withPath('/project/eval', route.path);
    case 'settings':
      return route.path ? withPath('/settings', route.path) : '#/settings';
  }
}

export function sameRoute(a: Route, b: Route): boolean {
  return formatRoute(a) === formatRoute(b);
}

/** The project a route belongs to, if any. */
export function routeProject(route: Route): string | null {
  return route.name === 'project' ||
    route.name === 'image' ||
    route.name === 'datasets' ||
    route.name === 'chains' ||
    route.name === 'jobs' ||
    route.name === 'review' ||
    route.name === 'eval'
    ? route.path
    : null;
}
