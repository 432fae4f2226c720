import { describe, expect, it } from 'vitest';
import { formatRoute, parseRoute, routeProject, type Route } from '../../../renderer/src/routing/routes';

describe('hash routes', () => {
  const routes: Route[] = [
    { name: 'home' },
    { name: 'project', path: '/home/ana/Drive.vpstudio' },
    { name: 'project', path: 'C:\\Users\\Ana\\My Projects\\Drive #2 & co.vpstudio' },
    { name: 'image', path: '/tmp/Fahrt – München/ü.vpstudio', imageId: 42 },
    { name: 'settings' },
    { name: 'settings', path: '/p/a?b=c.vpstudio' },
    { name: 'jobs', path: '/p/Drive.vpstudio' },
    { name: 'eval', path: '/p/Drive.vpstudio' },
  ];

  it.each(routes)('round-trips %j', (route) => {
    expect(parseRoute(formatRoute(route))).toEqual(route);
  });

  it('formats the documented shapes', () => {
    expect(formatRoute({ name: 'home' })).toBe('#/');
    expect(formatRoute({ name: 'settings' })).toBe('#/settings');
    expect(formatRoute({ name: 'project', path: '/a b/P.vpstudio' })).toBe(
      '#/project?path=%2Fa+b%2FP.vpstudio',
    );
    expect(formatRoute({ name: 'image', path: '/p.vpstudio', imageId: 7 })).toBe(
      '#/project/image/7?path=%2Fp.vpstudio',
    );
  });

  it.each([
    ['', { name: 'home' }],
    ['#', { name: 'home' }],
    ['#/', { name: 'home' }],
    ['#/nowhere', { name: 'home' }],
    ['#/project', { name: 'home' }],
    ['#/project?path=', { name: 'home' }],
    ['#/project/image/abc?path=%2Fp', { name: 'home' }],
    ['#/project/image/0?path=%2Fp', { name: 'home' }],
    ['#/project/image/5', { name: 'home' }],
    ['#/settings/', { name: 'settings' }],
    ['#/project/?path=%2Fp', { name: 'project', path: '/p' }],
  ])('parses %s', (hash, route) => {
    expect(parseRoute(hash)).toEqual(route);
  });

  it('knows which project a route belongs to', () => {
    expect(routeProject({ name: 'image', path: '/p', imageId: 1 })).toBe('/p');
    expect(routeProject({ name: 'settings', path: '/p' })).toBeNull();
    expect(routeProject({ name: 'home' })).toBeNull();
  });
});
