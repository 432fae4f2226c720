// Checks AWS Signature Version 4 on an incoming request the way AWS does: recompute the signature over exactly
// the headers the client listed as signed, with the secret of the access key it named, and compare. Uses
// @smithy/signature-v4 (the SDK's own signer) with a node:crypto SHA-256, so the check is the SDK's algorithm.
import { createHash, createHmac, timingSafeEqual, type Hash, type Hmac } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { SignatureV4 } from '@smithy/signature-v4';

export interface EmulatorCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** Fixed test credentials: tests and the demo point AWS_ACCESS_KEY_ID / a profile at these. */
export const TEST_CREDENTIALS: EmulatorCredentials = {
  accessKeyId: 'AKIDVISPROMPTEMULATOR',
  secretAccessKey: 'visprompt-emulator-secret-not-a-real-key',
};

/** The Checksum shape @smithy/signature-v4 wants: a hash, or an HMAC when given a secret. */
export class NodeSha256 {
  private readonly hash: Hash | Hmac;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    if (secret === undefined) this.hash = createHash('sha256');
    else {
      const key =
        typeof secret === 'string'
          ? secret
          : ArrayBuffer.isView(secret)
            ? new Uint8Array(secret.buffer, secret.byteOffset, secret.byteLength)
            : new Uint8Array(secret);
      this.hash = createHmac('sha256', key);
    }
  }
  update(data: Uint8Array | string): void {
    this.hash.update(data);
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.hash.digest()));
  }
  reset(): void {
    throw new Error('not needed by the verifier');
  }
}

export type SigV4Failure = {
  error:
    | 'MissingAuthenticationTokenException'
    | 'IncompleteSignatureException'
    | 'InvalidSignatureException'
    | 'UnrecognizedClientException';
  message: string;
};

const AUTH =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/;
/** AWS refuses signatures more than 15 minutes away from its clock. */
const MAX_SKEW_MS = 15 * 60 * 1000;

function parseAmzDate(v: string): Date | null {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(v);
  return m ? new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!)) : null;
}

/**
 * null when the request is signed by `credentials` for `service`; otherwise the error AWS would answer (403).
 * S3 (`service` 's3') signs paths as they are (no second URI-encoding) and always sends the body's hash as a
 * header; its body is then passed on unread (`body` empty), so the signature is checked over the claimed hash.
 */
export async function verifySigV4(
  req: { method: string; path: string; headers: IncomingHttpHeaders; body: Uint8Array },
  credentials: EmulatorCredentials,
  service: string,
  now = new Date(),
): Promise<SigV4Failure | null> {
  const s3 = service === 's3';
  const header = req.headers.authorization;
  if (!header)
    return { error: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' };
  const m = AUTH.exec(header);
  if (!m)
    return {
      error: 'IncompleteSignatureException',
      message: `Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters.`,
    };
  const [, keyId, , region, signedService, signedList, signature] = m as unknown as string[];
  if (keyId !== credentials.accessKeyId)
    return {
      error: 'UnrecognizedClientException',
      message: 'The security token included in the request is invalid.',
    };
  const amzDate = parseAmzDate(String(req.headers['x-amz-date'] ?? ''));
  if (!amzDate)
    return { error: 'IncompleteSignatureException', message: 'Missing or malformed X-Amz-Date header.' };
  if (Math.abs(now.getTime() - amzDate.getTime()) > MAX_SKEW_MS)
    return {
      error: 'InvalidSignatureException',
      message: 'Signature expired: the request time is too far from the server time.',
    };
  if (signedService !== service)
    return {
      error: 'InvalidSignatureException',
      message: `Credential should be scoped to correct service: '${service}'.`,
    };

  // A client may sign the body's hash as a header instead of the body: the body must then match that hash.
  const claimed = req.headers['x-amz-content-sha256'];
  if (
    !s3 &&
    typeof claimed === 'string' &&
    claimed !== 'UNSIGNED-PAYLOAD' &&
    claimed !== createHash('sha256').update(req.body).digest('hex')
  )
    return {
      error: 'InvalidSignatureException',
      message: 'The provided x-amz-content-sha256 header does not match what was computed.',
    };
  const headers: Record<string, string> = {};
  for (const name of signedList!.split(';')) {
    const value = req.headers[name];
    if (value === undefined)
      return {
        error: 'InvalidSignatureException',
        message: `Signed header '${name}' is missing from the request.`,
      };
    headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const signer = new SignatureV4({
    credentials,
    region: region!,
    service,
    sha256: NodeSha256,
    applyChecksum: false,
    uriEscapePath: !s3,
  });
  const [path, query = ''] = req.path.split('?');
  const signed = await signer.sign(
    {
      method: req.method,
      protocol: 'http:',
      hostname: headers.host ?? '',
      path: s3 ? path! : path!.split('/').map(decodeURIComponent).join('/'),
      query: Object.fromEntries(new URLSearchParams(query)),
      headers,
      body: req.body,
    },
    { signingDate: amzDate, signingRegion: region, signingService: service },
  );
  const expected = /Signature=([0-9a-f]{64})$/.exec(String(signed.headers.authorization))?.[1] ?? '';
  const ok =
    expected.length === signature!.length && timingSafeEqual(Buffer.from(expected), Buffer.from(signature!));
  return ok
    ? null
    : {
        error: 'InvalidSignatureException',
        message:
          'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.',
      };
}
