// The project's ledger of async inference requests (schema v11) on a real project file: a request recorded
// while being sent, then queued with its locations; the endpoint's output folder from its latest queued
// request; collected answers forgotten after the hour; and all of it still there after the file is reopened.
import { describe, expect, it } from 'vitest';
import { projectLedger } from '../../../electron/inference/sagemaker/async/project-ledger';
import { ProjectStore } from '../../../electron/store/project-store';
import type { LedgerEntry } from '../../../shared/endpoints/async';
import { closeLater, newProject } from './store-fixtures';

const HOUR = 60 * 60 * 1000;
const sending = (key: string, sentAt: number): LedgerEntry => ({
  endpoint: 'sam-async',
  inputKey: key,
  inferenceId: `id-${key.replace(/\W/g, '-')}`,
  output: null,
  failure: null,
  sentAt,
  collectedAt: null,
});
const queued = (e: LedgerEntry, folder: string): LedgerEntry => ({
  ...e,
  output: { bucket: 'b', key: `${folder}${e.inferenceId}.out` },
  failure: { bucket: 'b', key: `fail/${e.inferenceId}-error.out` },
});

describe('the async request ledger', () => {
  it('keeps requests across a reopen, knows the output folder, and forgets collected answers after the hour', () => {
    const { store, path } = newProject();
    let now = 10 * HOUR;
    const ledger = projectLedger(store, () => now);
    const a = sending('req/a.json', now);
    ledger.put(a);
    expect(ledger.find('sam-async', 'req/a.json')).toEqual(a);
    expect(ledger.outputFolder('sam-async')).toBeNull();
    ledger.put(queued(a, 'out/old/'));
    const b = queued(sending('req/b.json', now + 1), 'out/new/');
    ledger.put(b);
    expect(ledger.outputFolder('sam-async')).toEqual({ bucket: 'b', folder: 'out/new/' });
    expect(ledger.outputFolder('grounded-async')).toBeNull();
    // Another endpoint's request with the same object is another request.
    expect(ledger.find('grounded-async', 'req/a.json')).toBeNull();
    ledger.put({ ...b, collectedAt: now });
    store.close();

    const reopened = closeLater(ProjectStore.open(path));
    now += 2 * HOUR;
    const later = projectLedger(reopened, () => now);
    // b was collected over an hour ago: forgotten; a was never collected: kept.
    expect(later.find('sam-async', 'req/b.json')).toBeNull();
    expect(later.find('sam-async', 'req/a.json')).toEqual(queued(a, 'out/old/'));
    later.remove('sam-async', 'req/a.json');
    expect(later.find('sam-async', 'req/a.json')).toBeNull();
  });
});
