import type { StudioEvent } from '../../shared/domain';

export type EventListener = (event: StudioEvent) => void;

/** Fan-out of studio events to whichever transports are attached (IPC windows, WebSocket clients, tests). */
export class EventBus {
  private readonly listeners = new Set<EventListener>();

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: StudioEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
