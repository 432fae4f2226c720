// Exposes StudioApi's transport and nothing else: no Node, no ipcRenderer, no other channels.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { StudioEvent } from '../shared/domain';
import {
  IPC_EVENT_CHANNEL,
  IPC_INVOKE_CHANNEL,
  type ElectronBridge,
  type Envelope,
} from '../shared/transport';

const bridge: ElectronBridge = {
  invoke: (method, input) => ipcRenderer.invoke(IPC_INVOKE_CHANNEL, method, input) as Promise<Envelope>,
  onEvent(listener) {
    const handler = (_e: IpcRendererEvent, event: StudioEvent) => listener(event);
    ipcRenderer.on(IPC_EVENT_CHANNEL, handler);
    return () => ipcRenderer.removeListener(IPC_EVENT_CHANNEL, handler);
  },
};

contextBridge.exposeInMainWorld('studio', bridge);
