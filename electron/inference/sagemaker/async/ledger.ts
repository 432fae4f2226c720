// The record of async requests sent and not yet collected, so a studio that stopped (quit, crash, kill -9)
// collects their answers instead of sending them again. A request is known by its endpoint and its request
// object's key (the hash of its bytes): the same image and prompt is the same request. The project keeps the
// durable ledger (store/async-requests-repo.ts); this in-memory one serves engines without a project.
import { keyFolder, type LedgerEntry } from '../../../../shared/endpoints/async';

export type { LedgerEntry };

export interface AsyncLedger {
  find(endpoint: string, inputKey: string): LedgerEntry | null;
  /** Written before, then after, InvokeEndpointAsync (with the locations it answered). */
  put(entry: LedgerEntry): void;
  /** Forgets a request (it failed: a retry sends it again). */
  remove(endpoint: string, inputKey: string): void;
  /** The output folder of the endpoint's latest queued request: where an answer named `filename` will be. */
  outputFolder(endpoint: string): { bucket: string; folder: string } | null;
}

export function memoryLedger(): AsyncLedger {
  const entries = new Map<string, LedgerEntry>();
  const folders = new Map<string, { bucket: string; folder: string }>();
  const id = (endpoint: string, key: string) => `${endpoint}\n${key}`;
  return {
    find: (endpoint, key) => entries.get(id(endpoint, key)) ?? null,
    put(entry) {
      entries.set(id(entry.endpoint, entry.inputKey), entry);
      if (entry.output)
        folders.set(entry.endpoint, { bucket: entry.output.bucket, folder: keyFolder(entry.output.key) });
    },
    remove: (endpoint, key) => void entries.delete(id(endpoint, key)),
    outputFolder: (endpoint) => folders.get(endpoint) ?? null,
  };
}
