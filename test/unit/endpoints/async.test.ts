// The pure half of async inference: request keys named by content, s3 locations, and the jobs' cost line.
import { describe, expect, it } from 'vitest';
import { DEFAULT_ENDPOINT_SETTINGS, endpointSettingsSchema } from '../../../shared/api/endpoints';
import {
  asyncCost,
  folderPrefix,
  keyFolder,
  parseS3Uri,
  requestKey,
  s3Uri,
} from '../../../shared/endpoints/async';

const SHA = 'ab'.repeat(32);

describe('request keys and locations', () => {
  it.each([
    ['visprompt/', `visprompt/requests/${SHA}.json`],
    ['visprompt', `visprompt/requests/${SHA}.json`],
    ['/team/a//', `team/a//requests/${SHA}.json`],
    ['', `requests/${SHA}.json`],
  ])('prefix %j -> %s', (prefix, key) => {
    expect(requestKey(prefix, SHA)).toBe(key);
    expect(folderPrefix(prefix).endsWith('/') || folderPrefix(prefix) === '').toBe(true);
  });

  it.each([
    ['s3://bucket/a/b.out', { bucket: 'bucket', key: 'a/b.out' }],
    ['s3://bucket/a%20b.out', { bucket: 'bucket', key: 'a b.out' }],
    ['https://my-bucket.s3.eu-west-1.amazonaws.com/out/x.out', { bucket: 'my-bucket', key: 'out/x.out' }],
    ['http://127.0.0.1:4568/my-bucket/out/x.out', { bucket: 'my-bucket', key: 'out/x.out' }],
    ['s3://bucket-only', null],
    ['not a location', null],
  ])('%s', (uri, loc) => {
    expect(parseS3Uri(uri)).toEqual(loc);
    if (loc && uri.startsWith('s3://') && !uri.includes('%')) expect(s3Uri(loc)).toBe(uri);
  });

  it.each([
    ['a/b/c.out', 'a/b/'],
    ['c.out', ''],
  ])('the folder of %s is %j', (key, folder) => expect(keyFolder(key)).toBe(folder));
});

describe('the cost line', () => {
  it.each([
    // requests, s/request, price, type -> instance-hours, cost, line
    [
      10_000,
      0.5,
      1.5,
      'ml.g5.xlarge',
      1.3889,
      2.0833,
      /10,000 requests on ml.g5.xlarge: 1.4 h .* about 2.08 at 1.5\/h/,
    ],
    [120, 0.5, 1.2, '', 0.01667, 0.02, /120 requests: 1 min of instance time at 0.5 s each, about 0.02/],
    [1, 0.1, 0.05, '', 0.0000278, 0.0000014, /1 request: 1 s of instance time at 0.1 s each, about < 0.01/],
    [500, 2, 0, 'ml.g4dn.xlarge', 0.2778, null, /set the price per hour in Settings/],
    [500, 0, 3, 'ml.g4dn.xlarge', null, null, /500 requests on ml.g4dn.xlarge; set the seconds per request/],
  ])('%i requests x %f s at %f/h', (requests, seconds, price, type, hours, cost, line) => {
    const out = asyncCost({ requests, secondsPerRequest: seconds, pricePerHour: price, instanceType: type });
    expect(out.requests).toBe(requests);
    if (hours === null) expect(out.instanceHours).toBeNull();
    else expect(out.instanceHours).toBeCloseTo(hours, 3);
    if (cost === null) expect(out.cost).toBeNull();
    else expect(out.cost).toBeCloseTo(cost, 3);
    expect(out.line).toMatch(line);
  });
});

describe('async settings', () => {
  it('settings saved before async inference read as not set up', () => {
    const older = { ...DEFAULT_ENDPOINT_SETTINGS } as Record<string, unknown>;
    for (const k of Object.keys(older)) if (/^(async|s3)/.test(k)) delete older[k];
    expect(endpointSettingsSchema.parse(older)).toEqual(DEFAULT_ENDPOINT_SETTINGS);
  });

  it.each([
    ['s3Bucket', 'My_Bucket', /S3 bucket name/],
    ['s3Bucket', 'ab', /S3 bucket name/],
    ['s3Prefix', '/root/', /no leading slash/],
    ['asyncInstanceType', 'g5.xlarge', /instance type like ml.g5.xlarge/],
    ['asyncPricePerHour', -1, /too_small|>=0/],
    ['asyncInFlight', 0, /too_small|>=1/],
  ])('%s = %j is refused', (field, value, message) => {
    const r = endpointSettingsSchema.safeParse({ ...DEFAULT_ENDPOINT_SETTINGS, [field]: value });
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error!.issues)).toMatch(message);
  });
});
