// A real S3-protocol server for tests, demos and the bench: s3rver (objects in a folder) behind our SigV4 check
// on 127.0.0.1 (random port). s3rver checks only the access key of a version 4 signature, so every request is
// verified here first with the emulators' test credentials, as AWS would, then handed to s3rver. Path-style
// addressing (no DNS per bucket).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { S3Client } from '@aws-sdk/client-s3';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { TEST_CREDENTIALS, verifySigV4, type EmulatorCredentials } from './sigv4';

const require = createRequire(import.meta.url);

export interface S3Server {
  /** http://127.0.0.1:PORT: the S3 endpoint URL to give the clients (path-style). */
  url: string;
  /** A client of the server with the test credentials (the emulator reads requests and writes answers with it). */
  client(): S3Client;
  /** Calls `listener` with each request (benchmarks count the polls and the bytes uploaded). */
  onRequest(listener: (req: IncomingMessage) => void): void;
  close(): Promise<void>;
}

/** s3rver's hard-coded account, which takes further key pairs. */
interface S3rverAccount {
  createKeyPair(accessKeyId: string, secretAccessKey: string): void;
}

/** The part of s3rver's API used here (it ships no types). */
type S3rverClass = new (options: Record<string, unknown>) => {
  run(): Promise<{ port: number }>;
  callback(): (req: IncomingMessage, res: ServerResponse) => void;
  close(): Promise<void>;
};
const S3rver = require('s3rver') as S3rverClass;

export async function startS3Server(options: {
  dir: string;
  buckets: string[];
  credentials?: EmulatorCredentials;
  region?: string;
}): Promise<S3Server> {
  const credentials = options.credentials ?? TEST_CREDENTIALS;
  (require('s3rver/lib/models/account') as { DUMMY_ACCOUNT: S3rverAccount }).DUMMY_ACCOUNT.createKeyPair(
    credentials.accessKeyId,
    credentials.secretAccessKey,
  );
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: options.dir,
    vhostBuckets: false,
    configureBuckets: options.buckets.map((name) => ({ name, configs: [] })),
  });
  // s3rver's own listener (it creates the buckets on run) is left unused: requests reach it through ours.
  await server.run();
  const handle = server.callback();
  const listeners: ((req: IncomingMessage) => void)[] = [];
  const front = createServer((req, res) => {
    for (const l of listeners) l(req);
    void verifySigV4(
      { method: req.method!, path: req.url!, headers: req.headers, body: new Uint8Array() },
      credentials,
      's3',
    ).then((failure) => {
      if (!failure) return handle(req, res);
      const code =
        failure.error === 'UnrecognizedClientException' ? 'InvalidAccessKeyId' : 'SignatureDoesNotMatch';
      const xml = `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${failure.message}</Message></Error>`;
      req.resume();
      res.writeHead(403, { 'content-type': 'application/xml' }).end(req.method === 'HEAD' ? undefined : xml);
    });
  });
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(front.address() as AddressInfo).port}`;
  const clients: S3Client[] = [];
  return {
    url,
    client() {
      const c = new S3Client({
        region: options.region ?? 'us-east-1',
        endpoint: url,
        forcePathStyle: true,
        credentials,
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
      });
      clients.push(c);
      return c;
    },
    onRequest: (listener) => void listeners.push(listener),
    async close() {
      for (const c of clients) c.destroy();
      front.closeAllConnections();
      await new Promise<void>((resolve) => front.close(() => resolve()));
      await server.close();
    },
  };
}
