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

/** S3 bucket names: 3-63 lower-case letters, digits, dots and dashes ('' when async inference is not set up). */
const bucketName = z
  .string()
  .trim()
  .regex(
    /^([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])?$/,
    'an S3 bucket name (3-63 lower-case letters, digits, . and -)',
  );

/**
 * Asynchronous inference (SageMaker async endpoints reading requests from S3), for batch jobs. Every field has a
 * default, so settings saved before it existed read as 'not set up'.
 */
const asyncFields = {
  /** Async endpoints per role ('' when none): SAM in embedding mode, Grounded-SAM. */
  asyncSamEndpoint: endpointName.default(''),
  asyncGroundedSamEndpoint: endpointName.default(''),
  s3Bucket: bucketName.default(''),
  /** Key prefix for the studio's request objects, e.g. 'visprompt/' (no leading slash). */
  s3Prefix: z
    .string()
    .trim()
    .max(512)
    .regex(/^([\w!.*'()/-]*)$/, "letters, digits and !-_.*'()/ (no leading slash)")
    .refine((p) => !p.startsWith('/'), 'no leading slash')
    .default('visprompt/'),
  /** Another S3 URL than AWS's own (a local S3 server for the emulator); path-style addressing then. */
  s3EndpointUrl: z.union([z.literal(''), z.url({ protocol: /^https?$/ })]).default(''),
  /** What the async endpoints run on, and what an hour of one costs (the studio never guesses prices). */
  asyncInstanceType: z
    .string()
    .trim()
    .max(64)
    .regex(/^(ml\.[a-z0-9]+\.[a-z0-9]+)?$/, 'an instance type like ml.g5.xlarge')
    .default(''),
  asyncPricePerHour: z.number().min(0).max(1000).default(0),
  /** Measured seconds of one instance per request (for the job's cost line); 0 when not measured. */
  asyncSecondsPerRequest: z.number().min(0).max(3600).default(0),
  /** Async requests a job keeps queued or running at most (deeper than real-time calls: they wait in S3). */
  asyncInFlight: z.number().int().min(1).max(2048).default(64),
  /** A queued request older than this expires unanswered (SageMaker's RequestTTLSeconds). */
  asyncRequestTtlSec: z.number().int().min(1).max(21_600).default(3600),
};

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
    ...asyncFields,
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
  asyncSamEndpoint: '',
  asyncGroundedSamEndpoint: '',
  s3Bucket: '',
  s3Prefix: 'visprompt/',
  s3EndpointUrl: '',
  asyncInstanceType: '',
  asyncPricePerHour: 0,
  asyncSecondsPerRequest: 0,
  asyncInFlight: 64,
  asyncRequestTtlSec: 3600,
};

export type EndpointRole = 'sam' | 'grounded-sam' | 'async-sam' | 'async-grounded-sam' | 's3-bucket';

export interface EndpointCheck {
  role: EndpointRole;
  endpoint: string;
  ok: boolean;
  /** Round trip of the test call, retries included. */
  latencyMs: number;
  /** The model the endpoint says answered. */
  model: string | null;
  error: StudioErrorInfo | null;
  /** What was checked, when there is no model to name (the bucket; an async endpoint queued the request). */
  note?: string;
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
