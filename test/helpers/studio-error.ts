import { expect } from 'vitest';
import { StudioError } from '../../shared/errors';

/** The StudioError a promise rejects with; fails the test if it resolves or rejects with anything else. */
export async function studioErrorOf(promise: Promise<unknown>): Promise<StudioError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(StudioError);
  return err as StudioError;
}
