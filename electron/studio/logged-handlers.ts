// Every API call that fails, in the log: the method, the error code and what the error says about an endpoint
// (its name, HTTP status, AWS error, attempts), never the call's input. Wrapping the handlers here covers every
// transport (IPC, HTTP, CLI) at once. Cancelled calls (a click superseded by the next) are not failures.
import type { StudioHandlers } from '../../shared/api';
import { errorFields } from '../../shared/logs/error-fields';
import type { Logger } from '../../shared/logs/logger';

type AnyHandlers = Record<string, Record<string, (input: unknown) => Promise<unknown>>>;

export function loggedHandlers(handlers: StudioHandlers, log: Logger): StudioHandlers {
  const out: AnyHandlers = {};
  for (const [group, methods] of Object.entries(handlers as unknown as AnyHandlers)) {
    out[group] = {};
    for (const [name, fn] of Object.entries(methods)) {
      const method = `${group}.${name}`;
      out[group][name] = async (input) => {
        try {
          return await fn(input);
        } catch (err) {
          const fields = errorFields(err);
          if (fields.code === 'internal') log.error('call_failed', { method, ...fields });
          else if (fields.code !== 'cancelled') log.warn('call_failed', { method, ...fields });
          throw err;
        }
      };
    }
  }
  return out as unknown as StudioHandlers;
}
