import { studioMethods, type StudioApi } from '../../../shared/api';
import { StudioError } from '../../../shared/errors';
import type { Transport } from './transport';

type AnyMethod = (input: unknown) => Promise<unknown>;

/**
 * StudioApi over a transport: `api.images.list(input)` invokes 'images.list' and unwraps the envelope,
 * throwing a StudioError (with the backend's code) when the call failed. Built from `studioMethods`, so the
 * client has exactly the methods the API declares and nothing else.
 */
export function createApiClient(transport: Transport): StudioApi {
  const api: Record<string, Record<string, AnyMethod>> = {};
  for (const [group, methods] of Object.entries(studioMethods)) {
    const target: Record<string, AnyMethod> = {};
    for (const name of Object.keys(methods)) {
      const method = `${group}.${name}`;
      target[name] = async (input: unknown) => {
        const envelope = await transport.invoke(method, input ?? {});
        if (!envelope.ok) throw StudioError.from(envelope.error);
        return envelope.result;
      };
    }
    api[group] = Object.freeze(target);
  }
  return Object.freeze(api) as unknown as StudioApi;
}
