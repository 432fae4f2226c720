// The settings form keeps numbers as typed text, so a half-typed value is not lost or coerced; validation
// (the same zod schema the backend uses) turns issues into one message per field.
import type { AppSettings, EndpointSettings } from '../../../shared/domain';

/** Endpoint settings kept as typed text, like the other numbers. */
type EndpointNumber =
  | 'requestTimeoutSec'
  | 'clickDeadlineSec'
  | 'jobConcurrency'
  | 'asyncPricePerHour'
  | 'asyncSecondsPerRequest'
  | 'asyncInFlight'
  | 'asyncRequestTtlSec';

/** The endpoint numbers, each kept as typed text in the form. */
export const ENDPOINT_NUMBERS: readonly EndpointNumber[] = [
  'requestTimeoutSec',
  'clickDeadlineSec',
  'jobConcurrency',
  'asyncPricePerHour',
  'asyncSecondsPerRequest',
  'asyncInFlight',
  'asyncRequestTtlSec',
];

/** The endpoint fields as typed. */
export type EndpointsDraft = Omit<EndpointSettings, EndpointNumber> & Record<EndpointNumber, string>;

export interface SettingsDraft {
  theme: AppSettings['theme'];
  thumbnailSize: string;
  projectsDir: string;
  maxImageMegapixels: string;
  endpoints: EndpointsDraft;
  resumeJobs: AppSettings['resumeJobs'];
  reviewerName: string;
}

export function settingsToDraft(s: AppSettings): SettingsDraft {
  return {
    theme: s.theme,
    thumbnailSize: String(s.thumbnailSize),
    projectsDir: s.projectsDir,
    maxImageMegapixels: String(s.maxImageMegapixels),
    endpoints: {
      ...s.endpoints,
      ...(Object.fromEntries(ENDPOINT_NUMBERS.map((k) => [k, String(s.endpoints[k])])) as Record<
        EndpointNumber,
        string
      >),
    },
    resumeJobs: s.resumeJobs,
    reviewerName: s.reviewerName,
  };
}

const toNumber = (text: string): number => (text.trim() === '' ? Number.NaN : Number(text.trim()));

/** The endpoint draft as the settings schema takes it: trimmed text, numbers parsed (NaN when they do not). */
export function draftToEndpoints(d: EndpointsDraft): Record<keyof EndpointSettings, unknown> {
  const out: Record<string, unknown> = { ...d };
  for (const [k, v] of Object.entries(d)) if (typeof v === 'string') out[k] = v.trim();
  for (const k of ENDPOINT_NUMBERS) out[k] = toNumber(d[k]);
  return out as Record<keyof EndpointSettings, unknown>;
}

/** What the form would save; numbers that do not parse stay NaN so validation names the field. */
export function draftToSettings(d: SettingsDraft): Record<keyof AppSettings, unknown> {
  return {
    theme: d.theme,
    thumbnailSize: toNumber(d.thumbnailSize),
    projectsDir: d.projectsDir.trim(),
    maxImageMegapixels: toNumber(d.maxImageMegapixels),
    endpoints: draftToEndpoints(d.endpoints),
    resumeJobs: d.resumeJobs,
    reviewerName: d.reviewerName.trim(),
  };
}

const MESSAGES: Record<keyof AppSettings, (issue: Issue) => string> = {
  theme: () => 'Choose dark or light.',
  thumbnailSize: (i) =>
    i.code === 'invalid_type'
      ? 'Enter a whole number of pixels.'
      : i.code === 'too_small' || i.code === 'too_big'
        ? 'Between 64 and 512 px.'
        : 'Enter a whole number of pixels.',
  projectsDir: () => 'Choose a folder.',
  maxImageMegapixels: (i) =>
    i.code === 'too_small' || i.code === 'too_big'
      ? 'Between 1 and 1000 megapixels.'
      : 'Enter a number of megapixels.',
  resumeJobs: () => 'Choose ask or resume.',
  reviewerName: () => 'At most 100 characters.',
  endpoints: (i) =>
    `${ENDPOINT_FIELDS[String(i.path?.[1])] ?? 'Model endpoints'}: ${i.message ?? 'invalid'}.`,
};

const ENDPOINT_FIELDS: Record<string, string> = {
  awsProfile: 'AWS profile',
  awsRegion: 'Region',
  endpointUrl: 'Endpoint URL',
  samEndpoint: 'SAM endpoint',
  groundedSamEndpoint: 'Grounded-SAM endpoint',
  requestTimeoutSec: 'Timeout (whole seconds, 1-600)',
  clickDeadlineSec: 'Click deadline (whole seconds, 1-120)',
  jobConcurrency: 'Job concurrency (1-256 calls in flight)',
  asyncSamEndpoint: 'Async SAM endpoint',
  asyncGroundedSamEndpoint: 'Async Grounded-SAM endpoint',
  s3Bucket: 'S3 bucket',
  s3Prefix: 'S3 prefix',
  s3EndpointUrl: 'S3 URL',
  asyncInstanceType: 'Instance type',
  asyncPricePerHour: 'Price per hour (0 or more)',
  asyncSecondsPerRequest: 'Seconds per request (0 or more)',
  asyncInFlight: 'Async requests in flight (1-2048)',
  asyncRequestTtlSec: 'Request time to live (1-21600 s)',
};

interface Issue {
  path?: readonly PropertyKey[];
  code?: string;
  message?: string;
}

export function fieldErrors(issues: readonly unknown[]): Partial<Record<keyof AppSettings, string>> {
  const out: Partial<Record<keyof AppSettings, string>> = {};
  for (const raw of issues) {
    const issue = raw as Issue;
    const key = issue.path?.[0];
    if (typeof key !== 'string' || !(key in MESSAGES)) continue;
    const field = key as keyof AppSettings;
    out[field] ??= MESSAGES[field](issue);
  }
  return out;
}
