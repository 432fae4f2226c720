import { expect } from 'vitest';
import { StudioError } from '../../shared/errors';

/**
 * The StudioError a promise rejects with, or a function throws or rejects with (a synchronous throw counts);
 * fails the test if it succeeds or fails with anything else.
 */
export async function studioErrorOf(work: Promise<unknown> | (() => unknown)): Promise<StudioError> {
  const err = await (typeof work === 'function' ? Promise.resolve().then(work) : work).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(StudioError);
  return err as StudioError;
}
