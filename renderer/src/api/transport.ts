import type { StudioEvent } from '../../../shared/domain';
import type { Envelope } from '../../../shared/transport';

/** Whether live events are flowing: Electron is always 'open'; browser mode depends on the WebSocket. */
export type ConnectionState = 'connecting' | 'open' | 'closed';

/** How the renderer reaches the backend: one call shape and one event stream, whatever carries them. */
export interface Transport {
  readonly kind: 'electron' | 'browser';
  /** Never rejects: failures to reach the backend come back as an error envelope. */
  invoke(method: string, input: unknown): Promise<Envelope>;
  onEvent(listener: (event: StudioEvent) => void): () => void;
  onConnection(listener: (state: ConnectionState) => void): () => void;
}

export const LOST_CONTACT_MESSAGE = 'Lost contact with the studio server';
