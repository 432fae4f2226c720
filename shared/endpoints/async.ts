// SageMaker Asynchronous Inference, the pure half: where a request object lives in S3 (named by the hash of its
// bytes, so the same request is uploaded once), s3:// locations, and what a batch of requests costs from the
// instance price and the seconds per request the user measured (the studio never guesses either).
import { z } from 'zod';

export interface S3Location {
  bucket: string;
  key: string;
}

/** The prefix as a folder: '' or ending in one '/'. */
export function folderPrefix(prefix: string): string {
  const p = prefix.trim().replace(/^\/+/, '');
  return p === '' || p.endsWith('/') ? p : `${p}/`;
}

/** The S3 key of a request body whose sha256 (hex) is `sha256`: same bytes, same key. */
export function requestKey(prefix: string, sha256: string): string {
  return `${folderPrefix(prefix)}requests/${sha256}.json`;
}

/** `s3://bucket/key` for a location. */
export function s3Uri({ bucket, key }: S3Location): string {
  return `s3://${bucket}/${key}`;
}

/** A location from `s3://bucket/key` (or an https S3 URL, path or virtual-host style); null when it is neither. */
export function parseS3Uri(uri: string): S3Location | null {
  const s3 = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
  if (s3) return { bucket: s3[1]!, key: decodeKey(s3[2]!) };
  const vhost = /^https?:\/\/([^./]+)\.s3[.-][^/]*amazonaws\.com\/(.+)$/.exec(uri);
  if (vhost) return { bucket: vhost[1]!, key: decodeKey(vhost[2]!) };
  const path = /^https?:\/\/[^/]+\/([^/]+)\/(.+)$/.exec(uri);
  if (path) return { bucket: path[1]!, key: decodeKey(path[2]!) };
  return null;
}

const decodeKey = (key: string) => {
  try {
    return decodeURIComponent(key);
  } catch {
    return key;
  }
};

/** The folder of a location's key ('' at the bucket's root), for naming a sibling object. */
export function keyFolder(key: string): string {
  const slash = key.lastIndexOf('/');
  return slash < 0 ? '' : key.slice(0, slash + 1);
}

/** An async request sent and not yet collected, as a ledger keeps it (see electron/.../async/ledger.ts). */
export interface LedgerEntry {
  endpoint: string;
  /** The request object's key in the bucket (its content hash). */
  inputKey: string;
  inferenceId: string;
  /** Where SageMaker said it writes the answer; null while the request is being sent. */
  output: S3Location | null;
  failure: S3Location | null;
  /** When the request was (being) sent, ms since the epoch. */
  sentAt: number;
  /** When its answer was read (kept a while: a job killed before marking the image done reads it again). */
  collectedAt: number | null;
}

export interface AsyncCostInput {
  requests: number;
  /** Seconds of one instance per request; 0 when not measured. */
  secondsPerRequest: number;
  /** Price of an instance-hour; 0 when not set. */
  pricePerHour: number;
  instanceType: string;
}

export interface AsyncCost {
  requests: number;
  /** Instance-hours the requests take (null without seconds per request). */
  instanceHours: number | null;
  /** instanceHours x price (null without both). */
  cost: number | null;
  /** One line for the new-job form and the CLI. */
  line: string;
}

const money = (v: number) => (v < 0.01 && v > 0 ? '< 0.01' : v.toFixed(2));
const hours = (h: number) =>
  h * 60 < 1 ? `${Math.ceil(h * 3600)} s` : h < 1 ? `${Math.round(h * 60)} min` : `${h.toFixed(1)} h`;

/**
 * What a job's requests cost on the async endpoint: requests x seconds per request is instance time however many
 * instances share it (more instances finish sooner, not cheaper). Scale-up time and S3 are not counted.
 */
export function asyncCost(input: AsyncCostInput): AsyncCost {
  const requests = Math.max(0, Math.round(input.requests));
  const count = `${requests.toLocaleString('en')} request${requests === 1 ? '' : 's'}`;
  const on = input.instanceType ? ` on ${input.instanceType}` : '';
  if (input.secondsPerRequest <= 0)
    return {
      requests,
      instanceHours: null,
      cost: null,
      line: `${count}${on}; set the seconds per request and the price per hour in Settings > Model endpoints for a cost.`,
    };
  const instanceHours = (requests * input.secondsPerRequest) / 3600;
  const time = `${hours(instanceHours)} of instance time at ${input.secondsPerRequest} s each`;
  if (input.pricePerHour <= 0)
    return {
      requests,
      instanceHours,
      cost: null,
      line: `${count}${on}: ${time}; set the price per hour in Settings > Model endpoints for a cost.`,
    };
  const cost = instanceHours * input.pricePerHour;
  return {
    requests,
    instanceHours,
    cost,
    line: `${count}${on}: ${time}, about ${money(cost)} at ${input.pricePerHour}/h (S3 and scale-up not counted).`,
  };
}

/** What an 'async-prelabel' job runs: a Grounded-SAM text prompt, or local detector boxes for the SAM endpoint. */
export const asyncPrelabelSpecSchema = z.discriminatedUnion('via', [
  z
    .object({
      via: z.literal('grounded-sam'),
      /** Phrases as Grounding DINO takes them: 'car . traffic light'. */
      text: z.string().trim().min(1).max(500),
      minScore: z.number().min(0).max(1).default(0.35),
    })
    .strict(),
  z
    .object({
      via: z.literal('sam'),
      /** Classes of the local detector (COCO-80 names) whose boxes the SAM endpoint segments. */
      classes: z.array(z.string().trim().min(1).max(100)).min(1).max(80),
      minScore: z.number().min(0).max(1).default(0.35),
    })
    .strict(),
]);
export type AsyncPrelabelSpec = z.output<typeof asyncPrelabelSpecSchema>;
