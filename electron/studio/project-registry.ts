import { basename, resolve } from 'node:path';
import { noopLogger, type Logger } from '../../shared/logs/logger';
import { SCHEMA_VERSION } from '../store/migrations';
import { ProjectStore } from '../store/project-store';

/**
 * The open project stores, keyed by absolute file path. Opening is lazy so that a reloaded page or a second
 * window can call straight into a project it knows the path of; one connection per file per process.
 */
export class ProjectRegistry {
  private readonly open = new Map<string, ProjectStore>();

  constructor(
    private readonly now: () => Date,
    private readonly log: Logger = noopLogger,
  ) {}

  create(path: string, name: string): ProjectStore {
    const key = resolve(path);
    const store = ProjectStore.create(key, { name, now: this.now });
    this.open.set(key, store);
    return store;
  }

  get(path: string): ProjectStore {
    const key = resolve(path);
    let store = this.open.get(key);
    if (!store) {
      store = ProjectStore.open(key, { now: this.now });
      if (store.migratedFrom !== null)
        this.log.info('migrated', { file: basename(key), from: store.migratedFrom, to: SCHEMA_VERSION });
      this.open.set(key, store);
    }
    return store;
  }

  /** The store of `path` if this process has it open (never opens it). */
  opened(path: string): ProjectStore | undefined {
    return this.open.get(resolve(path));
  }

  /** The files this process has open. */
  openPaths(): string[] {
    return [...this.open.keys()];
  }

  close(path: string): void {
    const key = resolve(path);
    this.open.get(key)?.close();
    this.open.delete(key);
  }

  closeAll(): void {
    for (const store of this.open.values()) store.close();
    this.open.clear();
  }
}
