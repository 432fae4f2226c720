// The studio without a window or a server: the same services and handlers (createStudio), called through the
// same dispatch as every transport, so the CLI validates and fails exactly as the UI does.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { StudioEvent } from '../../shared/domain';
import { StudioError } from '../../shared/errors';
import type { Logger } from '../../shared/logs/logger';
import { createStudio, type Studio } from '../studio/create-studio';
import { dispatch } from '../studio/dispatch';
import { STUDIO_VERSION } from '../studio/version';

export interface HeadlessStudio {
  call<T>(method: string, input: unknown): Promise<T>;
  onEvent(listener: (event: StudioEvent) => void): () => void;
  /** Stops what runs (a batch job becomes 'interrupted') and closes the projects. */
  close(): Promise<void>;
}

/** The data dir the browser-mode studio uses by default, so the CLI sees the same settings and caches. */
export const defaultDataDir = () => process.env.VPS_DATA_DIR ?? join(homedir(), '.visprompt-studio');

/** The data dir a command line names (`--data-dir D` or `--data-dir=D`), else the default. */
export function dataDirOf(argv: readonly string[]): string {
  const at = argv.indexOf('--data-dir');
  const given = at >= 0 ? argv[at + 1] : argv.find((a) => a.startsWith('--data-dir='))?.slice(11);
  return resolve(given || defaultDataDir());
}

export function openHeadlessStudio(dataDir = defaultDataDir(), log?: Logger): HeadlessStudio {
  const studio: Studio = createStudio({
    dataDir: resolve(dataDir),
    mode: 'browser',
    version: STUDIO_VERSION,
    program: 'cli',
    log,
  });
  let closing: Promise<void> | null = null;
  return {
    async call<T>(method: string, input: unknown): Promise<T> {
      const out = await dispatch(studio.handlers, method, input);
      if (!out.ok) throw StudioError.from(out.error);
      return out.result as T;
    },
    onEvent: (listener) => studio.events.subscribe(listener),
    close: () => (closing ??= studio.close()),
  };
}
