// Asynchronous inference without AWS: a real S3-protocol server (s3rver) and the SageMaker emulator with async
// endpoints reading their requests from it, both checking SigV4 with the emulators' test keys; and the
// Settings > Model endpoints values that point the studio at them.
import { join } from 'node:path';
import type { EndpointSettings } from '../../shared/domain';
import { AsyncEndpoint } from '../../scripts/emulators/sagemaker/async-endpoint';
import type { Container } from '../../scripts/emulators/sagemaker/container';
import { startS3Server, type S3Server } from '../../scripts/emulators/sagemaker/s3-server';
import { startSagemakerEmulator, type SagemakerEmulator } from '../../scripts/emulators/sagemaker/server';

export const BUCKET = 'vps-async-test';

export interface AsyncRig {
  s3: S3Server;
  emulator: SagemakerEmulator;
  /** The async endpoints by name. */
  endpoints: Record<string, AsyncEndpoint>;
  /** What Settings > Model endpoints says to reach them (region, URLs, bucket, prefix). */
  settings: Partial<EndpointSettings>;
  close(): Promise<void>;
}

export interface AsyncRigOptions {
  /** A folder of the test's own: s3rver keeps its objects in `dir`/s3. */
  dir: string;
  /** Async endpoints by name; real-time ones (`containers`) may sit beside them. */
  asyncContainers: Record<string, Container>;
  containers?: Record<string, Container>;
  instances?: number;
  queueDelayMs?: number;
  maxQueue?: number;
  serviceMs?: number;
}

export async function startAsyncRig(o: AsyncRigOptions): Promise<AsyncRig> {
  const s3 = await startS3Server({ dir: join(o.dir, 's3'), buckets: [BUCKET] });
  const client = s3.client();
  const endpoints = Object.fromEntries(
    Object.entries(o.asyncContainers).map(([name, container]) => [
      name,
      new AsyncEndpoint(name, {
        container,
        s3: client,
        output: { bucket: BUCKET, prefix: `sagemaker/${name}/output` },
        failure: { bucket: BUCKET, prefix: `sagemaker/${name}/failure` },
        instances: o.instances ?? 2,
        queueDelayMs: o.queueDelayMs ?? 0,
        ...(o.maxQueue ? { maxQueue: o.maxQueue } : {}),
        ...(o.serviceMs ? { serviceMs: o.serviceMs } : {}),
      }),
    ]),
  );
  const emulator = await startSagemakerEmulator({
    containers: o.containers ?? {},
    asyncEndpoints: Object.values(endpoints),
  });
  return {
    s3,
    emulator,
    endpoints,
    settings: {
      awsRegion: emulator.region,
      endpointUrl: emulator.url,
      s3EndpointUrl: s3.url,
      s3Bucket: BUCKET,
      s3Prefix: 'studio/',
    },
    async close() {
      await emulator.close();
      await s3.close();
    },
  };
}
