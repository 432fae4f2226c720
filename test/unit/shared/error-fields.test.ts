// What the log keeps of a failure: code, message and where an endpoint failed (name, status, AWS error,
// attempts), never the rest of an error's details (a model's own message, payloads); a bug keeps what threw.
import { describe, expect, it } from 'vitest';
import { StudioError } from '../../../shared/errors';
import { errorFields } from '../../../shared/logs/error-fields';

describe('errorFields', () => {
  it('keeps an endpoint failure: its name, status, AWS error and attempts, not its other details', () => {
    const err = new StudioError('endpoint_failed', "Endpoint 'sam' failed", {
      endpoint: 'sam',
      status: 424,
      awsError: 'ModelError',
      attempts: 2,
      originalMessage: 'echoing the request body',
      issues: [{ path: ['masks'] }],
    });
    expect(errorFields(err)).toEqual({
      code: 'endpoint_failed',
      message: "Endpoint 'sam' failed",
      endpoint: 'sam',
      status: 424,
      awsError: 'ModelError',
      attempts: 2,
    });
  });

  it('keeps what threw for an internal error (its stack is written on error lines)', () => {
    const bug = new TypeError('x is undefined');
    expect(errorFields(bug)).toEqual({ code: 'internal', message: 'x is undefined', error: bug });
  });
});
