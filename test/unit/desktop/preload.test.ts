// The preload runs in Electron's sandbox; here 'electron' is a stand-in that records what the preload does with
// contextBridge and ipcRenderer (the binary cannot run on CI).
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { StudioEvent } from '../../../shared/domain';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, type ElectronBridge } from '../../../shared/transport';

const electron = vi.hoisted(() => {
  type Handler = (...args: unknown[]) => void;
  const exposed: { key: string; api: unknown }[] = [];
  const invoked: unknown[][] = [];
  const listeners = new Map<string, Handler[]>();
  const touched = new Set<string>();
  const ipcRenderer = {
    invoke: (...args: unknown[]) => {
      invoked.push(args);
      return Promise.resolve({ ok: true, result: 'answer' });
    },
    on: (channel: string, handler: Handler) =>
      void listeners.set(channel, [...(listeners.get(channel) ?? []), handler]),
    removeListener: (channel: string, handler: Handler) =>
      void listeners.set(
        channel,
        (listeners.get(channel) ?? []).filter((h) => h !== handler),
      ),
  };
  /** Records every property of the module the preload reads, to show it reaches for nothing else. */
  const spy = <T extends object>(name: string, target: T): T =>
    new Proxy(target, {
      get(obj, key) {
        if (typeof key === 'string') touched.add(`${name}.${key}`);
        return Reflect.get(obj, key);
      },
    });
  const module = {
    contextBridge: spy('contextBridge', {
      exposeInMainWorld: (key: string, api: unknown) => void exposed.push({ key, api }),
    }),
    ipcRenderer: spy('ipcRenderer', ipcRenderer),
  };
  return { exposed, invoked, listeners, touched, module: spy('electron', module) };
});

vi.mock('electron', () => electron.module);

let bridge: ElectronBridge;

beforeAll(async () => {
  await import('../../../electron/preload');
  bridge = electron.exposed[0]!.api as ElectronBridge;
});

describe('the preload', () => {
  it("exposes exactly one global, 'studio', with invoke and onEvent and nothing else", () => {
    expect(electron.exposed.map((e) => e.key)).toEqual(['studio']);
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'onEvent']);
    expect(typeof bridge.invoke).toBe('function');
    expect(typeof bridge.onEvent).toBe('function');
  });

  it("passes the page the studio's answers and events only, never Electron's event (its sender is ipcRenderer)", async () => {
    expect(await bridge.invoke('system.info', {})).toEqual({ ok: true, result: 'answer' });
    const received: unknown[][] = [];
    const stop = bridge.onEvent((...args: unknown[]) => void received.push(args));
    const event: StudioEvent = { type: 'job.done', jobId: 'j', kind: 'import', result: null };
    const fakeIpcEvent = { sender: 'the ipcRenderer', ports: [] };
    for (const handler of electron.listeners.get(IPC_EVENT_CHANNEL)!) handler(fakeIpcEvent, event);
    // Only the studio event, not Electron's IpcRendererEvent (whose sender is ipcRenderer itself).
    expect(received).toEqual([[event]]);
    stop();
  });

  it('uses only the two studio channels, and only invoke, on and removeListener of ipcRenderer', async () => {
    await bridge.invoke('projects.recent', undefined);
    const stop = bridge.onEvent(() => {});
    stop();
    expect(electron.invoked.every((args) => args[0] === IPC_INVOKE_CHANNEL)).toBe(true);
    expect(electron.invoked.at(-1)).toEqual([IPC_INVOKE_CHANNEL, 'projects.recent', undefined]);
    expect([...electron.listeners.keys()]).toEqual([IPC_EVENT_CHANNEL]);
    expect(electron.listeners.get(IPC_EVENT_CHANNEL)).toEqual([]);
    const used = [...electron.touched].filter((key) => !key.startsWith('electron.'));
    expect(used.sort()).toEqual([
      'contextBridge.exposeInMainWorld',
      'ipcRenderer.invoke',
      'ipcRenderer.on',
      'ipcRenderer.removeListener',
    ]);
    // 'then': vitest asks whether the mock factory's value is a promise.
    const fromModule = [...electron.touched].filter(
      (k) => k.startsWith('electron.') && k !== 'electron.then',
    );
    expect(fromModule.sort()).toEqual(['electron.contextBridge', 'electron.ipcRenderer']);
  });
});
