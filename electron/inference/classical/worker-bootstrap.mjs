// Runs the TypeScript worker from source (vitest, tsx): worker threads do not inherit the parent's loader, so
// this registers tsx's loader in the worker and then imports the real entry. Built apps load the bundled
// worker directly and never use this file.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entryUrl);
