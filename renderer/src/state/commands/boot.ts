// Start-up: follow the connection and the job events, and read the settings and the system info once.
import { api, transport } from '../../api';
import { attempt, update } from '../app';
import { onJobEvent } from './imports';

let booted = false;
export function boot(): void {
  if (booted) return;
  booted = true;
  transport.onConnection((connection) => update((s) => ({ ...s, connection })));
  transport.onEvent(onJobEvent);
  void attempt(async () => {
    const [settings, system] = await Promise.all([api.settings.get({}), api.system.info({})]);
    update((s) => ({ ...s, settings, system }));
  });
}
