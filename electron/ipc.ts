import type { StudioEvent } from '../shared/domain';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, type Envelope } from '../shared/transport';
import type { Studio } from './studio/create-studio';
import { dispatch } from './studio/dispatch';

/** What registerIpc reads of an invoke's event: the frame that sent it (null once it navigated or closed). */
export interface IpcInvokeEvent {
  readonly senderFrame: { readonly url: string } | null;
}

/** The part of Electron's ipcMain the transport uses. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcInvokeEvent, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

/** A window's web contents, as far as sending it events goes. */
export interface EventReceiver {
  isDestroyed(): boolean;
  send(channel: string, ...args: unknown[]): void;
}

const refused = (code: 'unauthorized' | 'invalid_input', message: string): Envelope => ({
  ok: false,
  error: { code, message },
});

/**
 * The Electron transport: one invoke channel into the same dispatch() browser mode uses (so every input is
 * validated by the same schemas), accepted only from our own renderer frames (desktop/trusted-renderer-url.ts).
 */
export function registerIpc(
  ipcMain: IpcMainLike,
  studio: Pick<Studio, 'handlers' | 'events'>,
  isTrustedUrl: (url: string) => boolean,
  windows: () => EventReceiver[],
): () => void {
  ipcMain.handle(IPC_INVOKE_CHANNEL, async (event, method, input) => {
    const frameUrl = event.senderFrame?.url ?? '';
    if (!isTrustedUrl(frameUrl)) return refused('unauthorized', 'Call refused: untrusted sender.');
    if (typeof method !== 'string')
      return refused('invalid_input', 'Call refused: the method is not a name.');
    return dispatch(studio.handlers, method, input);
  });
  const unsubscribe = studio.events.subscribe((e: StudioEvent) => {
    for (const contents of windows()) if (!contents.isDestroyed()) contents.send(IPC_EVENT_CHANNEL, e);
  });
  return () => {
    ipcMain.removeHandler(IPC_INVOKE_CHANNEL);
    unsubscribe();
  };
}
