// The durable ledger of a project: async requests kept in its file (store/async-requests-repo.ts, schema v11),
// so a job resumed after any stop collects what was sent before. Answers collected over an hour ago are forgotten
// when a job opens.
import { keyFolder } from '../../../../shared/endpoints/async';
import type { ProjectStore } from '../../../store/project-store';
import type { AsyncLedger } from './ledger';

const KEEP_COLLECTED_MS = 60 * 60 * 1000;

export function projectLedger(store: ProjectStore, now: () => number = Date.now): AsyncLedger {
  store.writeAsyncRequests((r) => r.prune(now() - KEEP_COLLECTED_MS));
  return {
    find: (endpoint, key) => store.writeAsyncRequests((r) => r.find(endpoint, key)),
    put: (entry) => store.writeAsyncRequests((r) => r.put(entry)),
    remove: (endpoint, key) => store.writeAsyncRequests((r) => r.remove(endpoint, key)),
    outputFolder(endpoint) {
      const latest = store.writeAsyncRequests((r) => r.latestOutput(endpoint));
      return latest ? { bucket: latest.bucket, folder: keyFolder(latest.key) } : null;
    },
  };
}
