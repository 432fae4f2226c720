import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import type { StudioEvent } from '../shared/domain';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, type Envelope } from '../shared/transport';
import type { Studio } from './studio/create-studio';
import { dispatch } from './studio/dispatch';

/**
 * The Electron transport: one invoke channel into the same dispatch() browser mode uses (so every input is
 * validated by the same schemas), accepted only from our own renderer frames.
 */
export function registerIpc(
  ipcMain: IpcMain,
  studio: Studio,
  isTrustedUrl: (url: string) => boolean,
  windows: () => WebContents[],
): () => void {
  ipcMain.handle(IPC_INVOKE_CHANNEL, async (event: IpcMainInvokeEvent, method: unknown, input: unknown) => {
    const frameUrl = event.senderFrame?.url ?? '';
    if (!isTrustedUrl(frameUrl) || typeof method !== 'string') {
      return {
        ok: false,
        error: { code: 'unauthorized', message: 'Call refused: untrusted sender.' },
      } satisfies Envelope;
    }
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
