// One SageMakerRuntimeClient per connection setting. Credentials come from the AWS default chain (environment,
// SSO, ~/.aws profiles, process, instance roles) for the chosen profile; the studio never reads, stores or logs
// them. The SDK's own retries are off: withRetries (retry.ts) owns retrying, so attempts are counted once.
import { SageMakerRuntimeClient, type SageMakerRuntimeClientConfig } from '@aws-sdk/client-sagemaker-runtime';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';

export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;

export interface RuntimeConnection {
  region: string;
  /** A named profile of ~/.aws/config or credentials (SSO profiles included); the default chain when absent. */
  profile?: string;
  /** Another endpoint URL than AWS's own (the local emulator, a VPC endpoint). */
  endpointUrl?: string;
  /** Per request: SageMaker gives a container up to 60 s, so the default waits that long. */
  requestTimeoutMs?: number;
  /** Explicit credentials or provider (tests, the bench); otherwise the chain for `profile`. */
  credentials?: SageMakerRuntimeClientConfig['credentials'];
  /** Other shared files than ~/.aws/credentials and ~/.aws/config (tests). */
  credentialsFile?: string;
  configFile?: string;
}

/** The credentials of a connection: given ones, else the AWS default chain for its profile (S3 shares it). */
export function credentialsOf(
  c: RuntimeConnection,
): NonNullable<SageMakerRuntimeClientConfig['credentials']> {
  return (
    c.credentials ??
    fromNodeProviderChain({
      ...(c.profile ? { profile: c.profile } : {}),
      ...(c.credentialsFile ? { filepath: c.credentialsFile } : {}),
      ...(c.configFile ? { configFilepath: c.configFile } : {}),
    })
  );
}

export function createRuntimeClient(c: RuntimeConnection): SageMakerRuntimeClient {
  return new SageMakerRuntimeClient({
    region: c.region,
    endpoint: c.endpointUrl,
    maxAttempts: 1,
    requestHandler: {
      requestTimeout: c.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      connectionTimeout: 10_000,
      throwOnRequestTimeout: true,
    },
    credentials: credentialsOf(c),
  });
}
