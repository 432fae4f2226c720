// Shared by the store tests: a project in a fresh temp folder, a fixed clock, and small builders.
import { join } from 'node:path';
import { afterEach, expect } from 'vitest';
import type { AnnotationInput } from '../../../shared/api';
import { annotationInputSchema } from '../../../shared/api';
import { StudioError } from '../../../shared/errors';
import type { ErrorCode } from '../../../shared/domain';
import { ProjectStore } from '../../../electron/store/project-store';
import type { AnnotationFields, NewImage } from '../../../electron/store/types';
import { makeTempDir } from '../../helpers/temp-dir';

export const FIXED_NOW = new Date('2026-03-04T05:06:07.000Z');
export const fixedClock = () => FIXED_NOW;

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** A temp folder removed after the test, with whatever stores were opened in it closed first. */
export function tempDir(): string {
  const { dir, cleanup } = makeTempDir('vps-store-');
  cleanups.push(cleanup);
  return dir;
}

/** Registers a store to close after the test (before its folder is removed). */
export function closeLater(store: ProjectStore): ProjectStore {
  cleanups.unshift(() => {
    try {
      store.close();
    } catch {
      // already closed by the test
    }
  });
  return store;
}

export function newProject(name = 'Test project'): { store: ProjectStore; path: string; dir: string } {
  const dir = tempDir();
  const path = join(dir, 'project.vpstudio');
  const store = closeLater(ProjectStore.create(path, { name, now: fixedClock }));
  return { store, path, dir };
}

export const newImage = (n: number, overrides: Partial<NewImage> = {}): NewImage => ({
  path: `/photos/img-${n}.jpg`,
  sha256: n.toString(16).padStart(64, '0'),
  sizeBytes: 1000 + n,
  width: 4,
  height: 3,
  orientation: 1,
  format: 'jpeg',
  ...overrides,
});

/** Parsed like the API parses it, so defaults are filled in exactly as in production. */
export const annotation = (input: AnnotationInput): AnnotationFields => annotationInputSchema.parse(input);

export const box = (labelId: number | null = null, extra: Partial<AnnotationInput> = {}): AnnotationFields =>
  annotation({ labelId, kind: 'box', geometry: { kind: 'box', box: [0, 0, 2, 3] }, ...extra });

export const proposal = (labelId: number | null = null): AnnotationFields =>
  box(labelId, { source: 'model', modelId: 'sam', score: 0.9, reviewState: 'proposed' });

/** Runs `fn` and returns the StudioError it threw, failing the test if it threw nothing or something else. */
export function studioError(fn: () => unknown, code: ErrorCode): StudioError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(StudioError);
    expect((err as StudioError).code, (err as Error).message).toBe(code);
    return err as StudioError;
  }
  throw new Error(`expected a StudioError '${code}', but nothing was thrown`);
}
