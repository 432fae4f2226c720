import { describe, expect, it } from 'vitest';
import { classifyFailure, endpointError } from '../../../electron/inference/sagemaker/errors';
import { AttemptsFailed, backoffDelay, withRetries } from '../../../electron/inference/sagemaker/retry';
import { StudioError } from '../../../shared/errors';

const aws = (name: string, status?: number, extra: object = {}) =>
  Object.assign(new Error(`${name} message`), { name, $metadata: { httpStatusCode: status }, ...extra });

describe('failure classification', () => {
  it.each([
    [aws('ThrottlingException', 429), 'retryable'],
    [aws('ModelNotReadyException', 429), 'retryable'],
    [aws('ServiceUnavailable', 503), 'retryable'],
    [aws('InternalFailure', 500), 'retryable'],
    [aws('InternalDependencyException', 530), 'retryable'],
    [aws('SomethingNew', 502), 'retryable'],
    [aws('TimeoutError'), 'retryable'],
    [Object.assign(new Error('reset'), { code: 'ECONNRESET' }), 'retryable'],
    [aws('ValidationError', 400), 'final'],
    [aws('ModelError', 424), 'final'],
    [aws('InvalidSignatureException', 403), 'final'],
    [new StudioError('endpoint_failed', 'x'), 'final'],
    [aws('AbortError'), 'cancelled'],
  ] as const)('%s -> %s', (err, kind) => {
    expect(classifyFailure(err)).toBe(kind);
  });
});

describe('endpoint errors', () => {
  it('a ModelError keeps the container status, message and log stream', () => {
    const err = endpointError(
      aws('ModelError', 424, {
        OriginalStatusCode: 415,
        OriginalMessage: 'wrong type',
        LogStreamArn: 'arn:x',
      }),
      'sam',
      1,
    );
    expect(err.code).toBe('endpoint_failed');
    expect(err.message).toBe(
      "The model behind endpoint 'sam' failed with status 415: wrong type (container logs: arn:x)",
    );
  });

  it('missing credentials say where to fix them, without any secret', () => {
    const err = endpointError(aws('CredentialsProviderError'), 'sam', 1);
    expect(err.code).toBe('unauthorized');
    expect(err.message).toMatch(/profile in Settings/);
  });

  it('exhausted retries say how many attempts were made', () => {
    const err = endpointError(aws('ServiceUnavailable', 503), 'sam', 4);
    expect(err.code).toBe('endpoint_unavailable');
    expect(err.message).toMatch(/after 4 attempts/);
  });
});

describe('retries', () => {
  const policy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1000 };

  it('full jitter: each wait is uniform below base * 2^retry, capped', () => {
    expect([0, 1, 2, 3, 4, 5].map((r) => backoffDelay(r, policy, () => 0.999))).toEqual([
      99, 199, 399, 799, 999, 999,
    ]);
    expect(backoffDelay(3, policy, () => 0)).toBe(0);
  });

  it('retries retryable failures with the computed waits, stops at the first success', async () => {
    const waits: number[] = [];
    let n = 0;
    const result = await withRetries(
      async () => {
        if (++n < 3) throw aws('ThrottlingException', 429);
        return 'ok';
      },
      policy,
      { sleep: async (ms) => void waits.push(ms), random: () => 0.5 },
    );
    expect(result).toEqual({ value: 'ok', attempts: 3 });
    expect(waits).toEqual([50, 100]);
  });

  it('does not retry a final failure, and gives up after maxAttempts', async () => {
    const env = { sleep: async () => {}, random: () => 0 };
    let n = 0;
    const final = await withRetries(
      async () => (n++, Promise.reject(aws('ModelError', 424))),
      policy,
      env,
    ).catch((e: unknown) => e);
    expect(final).toBeInstanceOf(AttemptsFailed);
    expect((final as AttemptsFailed).attempts).toBe(1);
    n = 0;
    const exhausted = await withRetries(
      async () => (n++, Promise.reject(aws('InternalFailure', 500))),
      policy,
      env,
    ).catch((e: unknown) => e);
    expect((exhausted as AttemptsFailed).attempts).toBe(4);
    expect(n).toBe(4);
  });
});
