import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import { NodeSha256, TEST_CREDENTIALS, verifySigV4 } from '../../../scripts/emulators/sagemaker/sigv4';

// Signs as the SDK does, with its own signer.
async function signed(body: string, date: Date, secret = TEST_CREDENTIALS.secretAccessKey) {
  const signer = new SignatureV4({
    credentials: { accessKeyId: TEST_CREDENTIALS.accessKeyId, secretAccessKey: secret },
    region: 'us-east-1',
    service: 'sagemaker',
    sha256: NodeSha256,
  });
  const req = await signer.sign(
    {
      method: 'POST',
      protocol: 'http:',
      hostname: '127.0.0.1',
      path: '/endpoints/sam/invocations',
      query: {},
      headers: { host: '127.0.0.1:8080', 'content-type': 'application/json' },
      body,
    },
    { signingDate: date },
  );
  return {
    method: 'POST',
    path: '/endpoints/sam/invocations',
    headers: req.headers,
    body: Buffer.from(body),
  };
}

describe('SigV4 verification', () => {
  const now = new Date('2026-11-23T11:00:00Z');

  it('accepts a request signed with the test credentials', async () => {
    expect(await verifySigV4(await signed('{"a":1}', now), TEST_CREDENTIALS, 'sagemaker', now)).toBeNull();
  });

  it.each([
    [
      'a changed body',
      async () => ({ ...(await signed('{"a":1}', now)), body: Buffer.from('{"a":2}') }),
      'InvalidSignatureException',
    ],
    ['another secret', () => signed('{}', now, 'other-secret'), 'InvalidSignatureException'],
    [
      'a signature 20 minutes old',
      () => signed('{}', new Date(now.getTime() - 20 * 60_000)),
      'InvalidSignatureException',
    ],
    [
      'an unknown access key',
      async () => {
        const r = await signed('{}', now);
        return {
          ...r,
          headers: { ...r.headers, authorization: r.headers.authorization!.replace('AKID', 'AKIX') },
        };
      },
      'UnrecognizedClientException',
    ],
    [
      'no Authorization header',
      async () => ({ ...(await signed('{}', now)), headers: {} }),
      'MissingAuthenticationTokenException',
    ],
  ])('refuses %s', async (_, make, error) => {
    const failure = await verifySigV4(await make(), TEST_CREDENTIALS, 'sagemaker', now);
    expect(failure?.error).toBe(error);
  });
});
