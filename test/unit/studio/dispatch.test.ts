import { describe, expect, it } from 'vitest';
import type { StudioHandlers } from '../../../shared/api';
import { StudioError } from '../../../shared/errors';
import { dispatch } from '../../../electron/studio/dispatch';

// Handlers that echo what they receive, so the test sees exactly what validation let through.
const echo = new Proxy(
  {},
  { get: () => new Proxy({}, { get: () => async (input: unknown) => ({ received: input }) }) },
) as StudioHandlers;

describe('dispatch', () => {
  it.each([
    ['unknown group', 'nope.list', {}, 'not_found', /Unknown API method 'nope.list'/],
    ['unknown method', 'images.nope', {}, 'not_found', /Unknown API method/],
    ['inherited key is not a method', 'images.toString', {}, 'not_found', /Unknown API method/],
    ['missing field', 'images.list', {}, 'invalid_input', /project/],
    ['wrong type', 'images.list', { project: 'p', limit: 'ten' }, 'invalid_input', /limit/],
    ['out of range', 'images.list', { project: 'p', limit: 5000 }, 'invalid_input', /limit/],
    ['bad colour', 'labels.create', { project: 'p', name: 'car', color: 'red' }, 'invalid_input', /#1f77b4/],
    ['hotkey 0', 'labels.create', { project: 'p', name: 'car', hotkey: 0 }, 'invalid_input', /hotkey/],
    ['extra settings key', 'settings.update', { evil: true }, 'invalid_input', /evil/],
    [
      'polygon without rings',
      'annotations.save',
      {
        project: 'p',
        imageId: 1,
        upserts: [{ labelId: null, kind: 'polygon', geometry: { kind: 'polygon', rings: [] } }],
      },
      'invalid_input',
      /rings/,
    ],
  ])('refuses %s', async (_name, method, input, code, message) => {
    const out = await dispatch(echo, method, input);
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.error.code).toBe(code);
    expect(out.error.message).toMatch(message);
  });

  it('fills defaults before the handler sees the input', async () => {
    const out = await dispatch(echo, 'images.list', { project: '/p.vpstudio' });
    expect(out).toEqual({
      ok: true,
      result: { received: { project: '/p.vpstudio', offset: 0, limit: 100, filter: {} } },
    });
  });

  it('passes a StudioError from a handler through with its code', async () => {
    const failing = {
      projects: {
        info: async () => {
          throw new StudioError('schema_too_new', 'newer');
        },
      },
    } as unknown as StudioHandlers;
    expect(await dispatch(failing, 'projects.info', { project: 'x' })).toEqual({
      ok: false,
      error: { code: 'schema_too_new', message: 'newer' },
    });
  });

  it('reports an unexpected error as internal without a stack', async () => {
    const failing = {
      projects: {
        info: async () => {
          throw new TypeError('boom');
        },
      },
    } as unknown as StudioHandlers;
    expect(await dispatch(failing, 'projects.info', { project: 'x' })).toEqual({
      ok: false,
      error: { code: 'internal', message: 'boom' },
    });
  });
});
