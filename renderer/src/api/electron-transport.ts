import type { ElectronBridge } from '../../../shared/transport';
import { LOST_CONTACT_MESSAGE, type Transport } from './transport';

/** Electron: the preload's `window.studio` bridge carries both calls and events over IPC. */
export function createElectronTransport(bridge: ElectronBridge): Transport {
  return {
    kind: 'electron',
    async invoke(method, input) {
      try {
        return await bridge.invoke(method, input ?? {});
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        return { ok: false, error: { code: 'io_error', message: `${LOST_CONTACT_MESSAGE} (${reason}).` } };
      }
    },
    onEvent: (listener) => bridge.onEvent(listener),
    onConnection(listener) {
      listener('open');
      return () => undefined;
    },
  };
}
