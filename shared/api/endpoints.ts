// The endpoints group: model endpoints on SageMaker (SAM, Grounded-SAM) as the user configured them in Settings,
// and a 'test connection' that calls each configured one with a tiny request. Credentials are never part of
// any input or output: the AWS default chain (environment, SSO, ~/.aws profiles) finds them for the profile.
import { z } from 'zod';
import type { EndpointSettings, StudioErrorInfo } from '../domain';
import { method } from './kit';

/** SageMaker endpoint names: letters, digits and dashes, at most 63 (as CreateEndpoint accepts). */
const endpointName = z
  .string()
  .trim()
  .regex(/^([a-zA-Z0-9](-*[a-zA-Z0-9]){0,62})?$/, 'letters, digits and dashes (at most 63)');

const DEFAULT_CLICK_DEADLINE_SEC = 8;
const DEFAULT_JOB_CONCURRENCY = 8;

export const endpointSettingsSchema = z
  .object({
    awsProfile: z
      .string()
      .trim()
      .max(128)
      .regex(/^[\w.@+=,-]*$/, 'a profile name from ~/.aws/config'),
    awsRegion: z
      .string()
      .trim()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'a region like us-east-1'),
    endpointUrl: z.union([z.literal(''), z.url({ protocol: /^https?$/ })]),
    samEndpoint: endpointName,
    groundedSamEndpoint: endpointName,
    embeddingMode: z.boolean(),
    requestTimeoutSec: z.number().int().min(1).max(600),
    // Settings saved before it existed get the default.
    clickDeadlineSec: z.number().int().min(1).max(120).default(DEFAULT_CLICK_DEADLINE_SEC),
    jobConcurrency: z.number().int().min(1).max(256).default(DEFAULT_JOB_CONCURRENCY),
  })
  .strict() satisfies z.ZodType<EndpointSettings>;

export const DEFAULT_ENDPOINT_SETTINGS: EndpointSettings = {
  awsProfile: '',
  awsRegion: 'us-east-1',
  endpointUrl: '',
  samEndpoint: '',
  groundedSamEndpoint: '',
  embeddingMode: true,
  requestTimeoutSec: 60,
  clickDeadlineSec: DEFAULT_CLICK_DEADLINE_SEC,
  jobConcurrency: DEFAULT_JOB_CONCURRENCY,
};

export type EndpointRole = 'sam' | 'grounded-sam';

export interface EndpointCheck {
  role: EndpointRole;
  endpoint: string;
  ok: boolean;
  /** Round trip of the test call, retries included. */
  latencyMs: number;
  /** The model the endpoint says answered. */
  model: string | null;
  error: StudioErrorInfo | null;
}

export const endpointMethods = {
  /**
   * Calls every configured endpoint once with a tiny image. `settings` overrides the saved ones, so the form
   * can test values before saving them.
   */
  testConnection: method<EndpointCheck[]>().of(
    z.object({ settings: endpointSettingsSchema.partial().optional() }).strict(),
  ),
} as const;
