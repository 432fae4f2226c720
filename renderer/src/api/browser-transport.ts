import type { StudioEvent } from '../../../shared/domain';
import type { Envelope } from '../../../shared/transport';
import { LOST_CONTACT_MESSAGE, type ConnectionState, type Transport } from './transport';

export interface BrowserTransportOptions {
  /** Same-origin by default; tests pass their own. */
  fetch?: typeof fetch;
  WebSocket?: typeof WebSocket;
  /** ws(s)://host/events; derived from location by default. */
  eventsUrl?: string;
  /** Reconnect delays grow from min to max (ms), doubling. */
  backoff?: { min: number; max: number };
}

function isEnvelope(value: unknown): value is Envelope {
  return typeof value === 'object' && value !== null && typeof (value as { ok?: unknown }).ok === 'boolean';
}

const lostContact = (detail: string): Envelope => ({
  ok: false,
  error: { code: 'io_error', message: `${LOST_CONTACT_MESSAGE} (${detail}). Is it still running?` },
});

/** Exponential backoff with a little jitter, so several tabs do not reconnect in lockstep. */
export function reconnectDelay(attempt: number, min: number, max: number): number {
  const base = Math.min(max, min * 2 ** Math.max(0, attempt));
  return Math.round(base * (0.85 + Math.random() * 0.3));
}

/** Browser mode: POST /api/<group.method> with a JSON body; events from a WebSocket at /events. */
export function createBrowserTransport(options: BrowserTransportOptions = {}): Transport {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const Socket = options.WebSocket ?? globalThis.WebSocket;
  const backoff = options.backoff ?? { min: 500, max: 10_000 };
  const eventsUrl =
    options.eventsUrl ?? `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/events`;

  const eventListeners = new Set<(event: StudioEvent) => void>();
  const connectionListeners = new Set<(state: ConnectionState) => void>();
  let state: ConnectionState = 'closed';
  let socket: WebSocket | null = null;
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const setState = (next: ConnectionState) => {
    if (next === state) return;
    state = next;
    for (const l of connectionListeners) l(state);
  };

  const connect = () => {
    timer = null;
    if (eventListeners.size === 0) return;
    setState('connecting');
    let ws: WebSocket;
    try {
      ws = new Socket(eventsUrl);
    } catch {
      scheduleReconnect();
      return;
    }
    socket = ws;
    ws.onopen = () => {
      attempt = 0;
      setState('open');
    };
    ws.onmessage = (message) => {
      if (typeof message.data !== 'string') return;
      let event: StudioEvent;
      try {
        event = JSON.parse(message.data) as StudioEvent;
      } catch {
        return;
      }
      if (!event || typeof event.type !== 'string') return;
      for (const l of eventListeners) l(event);
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      setState('closed');
      scheduleReconnect();
    };
    // 'error' is always followed by 'close'; nothing to do here.
    ws.onerror = () => undefined;
  };

  const scheduleReconnect = () => {
    if (timer !== null || eventListeners.size === 0) return;
    timer = setTimeout(connect, reconnectDelay(attempt++, backoff.min, backoff.max));
  };

  const disconnect = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    const ws = socket;
    socket = null;
    ws?.close();
    setState('closed');
  };

  return {
    kind: 'browser',
    async invoke(method, input) {
      let response: Response;
      try {
        response = await doFetch(`/api/${method}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(input ?? {}),
          credentials: 'same-origin',
        });
      } catch {
        return lostContact('no answer');
      }
      let body: unknown;
      try {
        body = await response.json();
      } catch {
        return lostContact(`HTTP ${response.status} without a result`);
      }
      return isEnvelope(body) ? body : lostContact(`HTTP ${response.status} with an unexpected answer`);
    },
    onEvent(listener) {
      eventListeners.add(listener);
      if (!socket && timer === null) connect();
      return () => {
        eventListeners.delete(listener);
        if (eventListeners.size === 0) disconnect();
      };
    },
    onConnection(listener) {
      connectionListeners.add(listener);
      listener(state);
      return () => connectionListeners.delete(listener);
    },
  };
}
