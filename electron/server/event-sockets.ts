import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { StudioEvent } from '../../shared/domain';

/** Pages only listen on /events; anything they send is ignored, so a large message is refused outright. */
const MAX_MESSAGE_BYTES = 1024 * 1024;

export interface EventSockets {
  /** Takes over an upgrade request the caller has already authorised. */
  accept(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Sends one event to every open socket. */
  broadcast(event: StudioEvent): void;
  close(): void;
}

/**
 * The /events WebSockets: studio events to every connected page. A client that sends a malformed frame or an
 * oversized message loses its own socket (closed 1002 / 1009); the server and every other socket go on. ws
 * reports such a client as an 'error' on its socket, which would crash the process if nobody listened.
 */
export function createEventSockets(): EventSockets {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  wss.on('connection', (ws) => {
    // ws has already sent the close frame with the reason; nothing more to do for this client.
    ws.on('error', () => {});
  });
  return {
    accept(req, socket, head) {
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    },
    broadcast(event) {
      const text = JSON.stringify(event);
      for (const client of wss.clients) if (client.readyState === client.OPEN) client.send(text);
    },
    close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
    },
  };
}
