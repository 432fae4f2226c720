import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trustedRendererUrl } from '../../../electron/desktop/trusted-renderer-url';
import { registerIpc, type IpcInvokeEvent, type IpcMainLike } from '../../../electron/ipc';
import type { Studio } from '../../../electron/studio/create-studio';
import type { StudioEvent } from '../../../shared/domain';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, type Envelope } from '../../../shared/transport';
import { createTestStudio } from '../../helpers/studio-server';
import { makeTempDir } from '../../helpers/temp-dir';

const index = pathToFileURL('/opt/VisPrompt Studio/resources/app/out/renderer/index.html').href;
const tmp = makeTempDir('vps-ipc-');
let studio: Studio;

beforeAll(() => {
  studio = createTestStudio(tmp.dir);
});
afterAll(async () => {
  await studio.close();
  tmp.cleanup();
});

type Listener = (event: IpcInvokeEvent, ...args: unknown[]) => unknown;

/** ipcMain as the transport sees it, and windows that record what they are sent. */
function registered() {
  const handlers = new Map<string, Listener>();
  const ipcMain: IpcMainLike = {
    handle(channel, listener) {
      if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      handlers.set(channel, listener);
    },
    removeHandler: (channel) => void handlers.delete(channel),
  };
  const sent: { window: number; channel: string; args: unknown[] }[] = [];
  const windows = [false, true, false].map((destroyed, window) => ({
    isDestroyed: () => destroyed,
    send: (channel: string, ...args: unknown[]) => void sent.push({ window, channel, args }),
  }));
  const dispose = registerIpc(ipcMain, studio, trustedRendererUrl(index), () => windows);
  /** An invoke from a frame at `frameUrl` (null: a frame that is gone), as the preload sends it. */
  const invoke = async (frameUrl: string | null, ...args: unknown[]) =>
    (await handlers.get(IPC_INVOKE_CHANNEL)!(
      { senderFrame: frameUrl === null ? null : { url: frameUrl } },
      ...args,
    )) as Envelope;
  return { handlers, sent, dispose, invoke };
}

const route = `${index}#/settings`;

describe('registerIpc', () => {
  it('listens on the one invoke channel only', () => {
    const { handlers, dispose } = registered();
    expect([...handlers.keys()]).toEqual([IPC_INVOKE_CHANNEL]);
    dispose();
  });

  it('answers the renderer page, on any route', async () => {
    const { invoke, dispose } = registered();
    const out = await invoke(route, 'system.info', {});
    expect(out).toMatchObject({ ok: true, result: { mode: 'browser', version: 'test' } });
    const path = join(tmp.dir, 'from-renderer.vpstudio');
    expect(await invoke(index, 'projects.create', { path, name: 'ok' })).toMatchObject({ ok: true });
    expect(existsSync(path)).toBe(true);
    dispose();
  });

  it.each([
    ['another file page', 'file:///tmp/evil.html'],
    ['a remote page', 'https://evil.example/'],
    ['a look-alike of the renderer', index.replace('index.html', 'index.html.evil.html')],
    ['about:blank', 'about:blank'],
    ['a frame that is gone', null],
  ])('refuses %s and runs nothing', async (_what, frameUrl) => {
    const { invoke, dispose } = registered();
    const path = join(tmp.dir, `evil-${Math.random().toString(36).slice(2)}.vpstudio`);
    const out = await invoke(frameUrl, 'projects.create', { path, name: 'evil' });
    expect(out).toEqual({
      ok: false,
      error: { code: 'unauthorized', message: 'Call refused: untrusted sender.' },
    });
    expect(existsSync(path)).toBe(false);
    dispose();
  });

  it.each([
    ['an unknown group', 'shell.exec'],
    ['an unknown method of a group', 'projects.delete'],
    ['a prototype key', 'projects.constructor'],
    ['a dunder key', '__proto__.toString'],
    ['no group', 'info'],
    ['an empty name', ''],
  ])('refuses %s as not found', async (_what, method) => {
    const { invoke, dispose } = registered();
    const out = await invoke(route, method, {});
    expect(out).toMatchObject({ ok: false, error: { code: 'not_found' } });
    if (!out.ok) expect(out.error.message).toContain('Unknown API method');
    dispose();
  });

  it.each([
    ['a number', 42],
    ['an object', { method: 'system.info' }],
    ['nothing', undefined],
  ])('refuses a method name that is %s', async (_what, method) => {
    const { invoke, dispose } = registered();
    expect(await invoke(route, method, {})).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    dispose();
  });

  const deep = (levels: number): unknown => (levels === 0 ? 'x' : { a: deep(levels - 1) });

  it.each([
    ['a field of the wrong type', 'projects.create', { path: 'p.vpstudio', name: 42 }],
    ['a missing field', 'projects.create', { name: 'p' }],
    ['an empty required string', 'projects.open', { path: '' }],
    ['a string instead of an object', 'projects.open', 'p.vpstudio'],
    ['an array instead of an object', 'projects.info', ['p.vpstudio']],
    ['a value nested 10,000 levels deep', 'projects.create', { path: 'p.vpstudio', name: deep(10_000) }],
  ])(
    'answers %s with a validation error naming the problem, not an internal error',
    async (_w, method, input) => {
      const { invoke, dispose } = registered();
      const out = await invoke(route, method, input);
      expect(out).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      if (!out.ok) {
        expect(out.error.message.length).toBeGreaterThan(0);
        expect(out.error.message).not.toMatch(/\n\s+at /);
      }
      dispose();
    },
  );

  it('sends studio events to every live window on the event channel, and stops when disposed', async () => {
    const { sent, dispose, handlers } = registered();
    const event: StudioEvent = { type: 'job.progress', jobId: 'j1', kind: 'import', done: 1, total: 2 };
    studio.events.emit(event);
    expect(sent).toEqual([
      { window: 0, channel: IPC_EVENT_CHANNEL, args: [event] },
      { window: 2, channel: IPC_EVENT_CHANNEL, args: [event] },
    ]);
    dispose();
    expect(handlers.size).toBe(0);
    studio.events.emit(event);
    expect(sent).toHaveLength(2);
  });
});
