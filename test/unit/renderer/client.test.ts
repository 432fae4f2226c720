import { describe, expect, it, vi } from 'vitest';
import { methodNames } from '../../../shared/api';
import type { StudioEvent } from '../../../shared/domain';
import { StudioError } from '../../../shared/errors';
import type { Envelope } from '../../../shared/transport';
import { createBrowserTransport, reconnectDelay } from '../../../renderer/src/api/browser-transport';
import { createApiClient } from '../../../renderer/src/api/client';
import { createElectronTransport } from '../../../renderer/src/api/electron-transport';
import type { Transport } from '../../../renderer/src/api/transport';

function fakeTransport(
  answer: (method: string, input: unknown) => Envelope,
): Transport & { calls: unknown[][] } {
  const calls: unknown[][] = [];
  return {
    kind: 'browser',
    calls,
    invoke: async (method, input) => {
      calls.push([method, input]);
      return answer(method, input);
    },
    onEvent: () => () => undefined,
    onConnection: () => () => undefined,
  };
}

describe('createApiClient', () => {
  it('has every method of StudioApi and nothing else', () => {
    const api = createApiClient(fakeTransport(() => ({ ok: true, result: null })));
    const names = Object.entries(api).flatMap(([g, ms]) => Object.keys(ms).map((m) => `${g}.${m}`));
    expect(names.sort()).toEqual([...methodNames].sort());
    expect((api as unknown as { then?: unknown }).then).toBeUndefined();
  });

  it('sends group.method with the input and unwraps the result', async () => {
    const t = fakeTransport(() => ({ ok: true, result: { items: [], total: 0 } }));
    const api = createApiClient(t);
    await expect(api.images.list({ project: '/p', limit: 5 })).resolves.toEqual({ items: [], total: 0 });
    expect(t.calls).toEqual([['images.list', { project: '/p', limit: 5 }]]);
  });

  it('throws a StudioError with the code of a failed call', async () => {
    const api = createApiClient(
      fakeTransport(() => ({ ok: false, error: { code: 'not_found', message: 'No project at /p.' } })),
    );
    const err = await api.projects.open({ path: '/p' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StudioError);
    expect(err).toMatchObject({ code: 'not_found', message: 'No project at /p.' });
  });
});

describe('browser transport', () => {
  const noSocket = class {} as unknown as typeof WebSocket;

  it('POSTs JSON to /api/<method>, same-origin', async () => {
    const fetch = vi.fn(async () => new Response(JSON.stringify({ ok: true, result: 1 })));
    const t = createBrowserTransport({ fetch, WebSocket: noSocket, eventsUrl: 'ws://x/events' });
    await expect(t.invoke('labels.list', { project: '/p' })).resolves.toEqual({ ok: true, result: 1 });
    expect(fetch).toHaveBeenCalledWith('/api/labels.list', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"project":"/p"}',
      credentials: 'same-origin',
    });
  });

  it('passes error envelopes through, whatever the HTTP status', async () => {
    const body = { ok: false, error: { code: 'invalid_input', message: 'bad' } };
    const fetch = async () => new Response(JSON.stringify(body), { status: 400 });
    const t = createBrowserTransport({ fetch, WebSocket: noSocket, eventsUrl: 'ws://x/events' });
    await expect(t.invoke('x.y', {})).resolves.toEqual(body);
  });

  it('turns a network failure or a non-envelope into io_error', async () => {
    const down = createBrowserTransport({
      fetch: async () => {
        throw new TypeError('Failed to fetch');
      },
      WebSocket: noSocket,
      eventsUrl: 'ws://x/events',
    });
    const a = await down.invoke('x.y', {});
    expect(a.ok).toBe(false);
    if (!a.ok) {
      expect(a.error.code).toBe('io_error');
      expect(a.error.message).toMatch(/Lost contact with the studio server/);
    }
    const html = createBrowserTransport({
      fetch: async () => new Response('<html>', { status: 502 }),
      WebSocket: noSocket,
      eventsUrl: 'ws://x/events',
    });
    const b = await html.invoke('x.y', {});
    expect(b.ok).toBe(false);
    if (!b.ok) expect(b.error.message).toMatch(/502/);
  });

  it('delivers events and reconnects with backoff', async () => {
    vi.useFakeTimers();
    try {
      const sockets: FakeSocket[] = [];
      class FakeSocket {
        onopen: (() => void) | null = null;
        onmessage: ((m: { data: unknown }) => void) | null = null;
        onclose: (() => void) | null = null;
        onerror: (() => void) | null = null;
        closed = false;
        constructor(readonly url: string) {
          sockets.push(this);
        }
        close() {
          this.closed = true;
        }
      }
      const t = createBrowserTransport({
        fetch: async () => new Response('{}'),
        WebSocket: FakeSocket as unknown as typeof WebSocket,
        eventsUrl: 'ws://127.0.0.1:1/events',
        backoff: { min: 100, max: 1000 },
      });
      const states: string[] = [];
      t.onConnection((s) => states.push(s));
      const events: StudioEvent[] = [];
      const off = t.onEvent((e) => events.push(e));
      expect(sockets).toHaveLength(1);
      expect(sockets[0]!.url).toBe('ws://127.0.0.1:1/events');
      sockets[0]!.onopen!();
      const event: StudioEvent = { type: 'job.progress', jobId: 'j', kind: 'import', done: 1, total: 2 };
      sockets[0]!.onmessage!({ data: JSON.stringify(event) });
      sockets[0]!.onmessage!({ data: 'not json' });
      expect(events).toEqual([event]);

      sockets[0]!.onclose!();
      expect(states).toEqual(['closed', 'connecting', 'open', 'closed']);
      await vi.advanceTimersByTimeAsync(200);
      expect(sockets).toHaveLength(2);

      off();
      expect(sockets[1]!.closed).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('backs off exponentially up to the maximum', () => {
    expect(reconnectDelay(0, 500, 10_000)).toBeGreaterThanOrEqual(425);
    expect(reconnectDelay(0, 500, 10_000)).toBeLessThanOrEqual(575);
    expect(reconnectDelay(3, 500, 10_000)).toBeGreaterThanOrEqual(3400);
    expect(reconnectDelay(30, 500, 10_000)).toBeLessThanOrEqual(11_500);
  });
});

describe('electron transport', () => {
  it('forwards to window.studio and reports a broken bridge as io_error', async () => {
    const ok = createElectronTransport({
      invoke: async (method) => ({ ok: true, result: method }),
      onEvent: () => () => undefined,
    });
    await expect(ok.invoke('system.info', {})).resolves.toEqual({ ok: true, result: 'system.info' });
    const broken = createElectronTransport({
      invoke: async () => {
        throw new Error('IPC closed');
      },
      onEvent: () => () => undefined,
    });
    const r = await broken.invoke('system.info', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'io_error' } });
  });
});
