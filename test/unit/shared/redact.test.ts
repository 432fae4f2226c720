// What studio.log and a diagnostics report may hold: each credential and image shape a real log line could carry,
// and what it comes out as. Plain values must come through unchanged (a log that hides everything is useless).
import { describe, expect, it } from 'vitest';
import { REDACTED, redactText, redactValue } from '../../../shared/logs/redact';

const AWS_KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const BROWSER_TOKEN = 'Zq3kP9vXr2LmN8sT4wY6bH1cJ5dF7gA0';
const SESSION_TOKEN =
  'IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD6Fv7bXmN0aK2pQeXp3T9Cq7Lh4s8FzR1nS0yWq';
const PNG_BASE64 = `iVBORw0KGgoAAAANSUhEUgAA${'A'.repeat(300)}ElFTkSuQmCC`;

describe('redactText', () => {
  it.each([
    ['an AWS access key id', `using key ${AWS_KEY_ID} for s3`, AWS_KEY_ID],
    ['a temporary AWS key id', 'id ASIAY34FZKBOKMUTVV7A here', 'ASIAY34FZKBOKMUTVV7A'],
    ['an AWS secret access key', `secret is ${AWS_SECRET}.`, AWS_SECRET],
    ['aws_secret_access_key = in config text', `aws_secret_access_key = ${AWS_SECRET}`, AWS_SECRET],
    ['a session token pair', `aws_session_token=${SESSION_TOKEN}`, SESSION_TOKEN],
    [
      'an Authorization header',
      'Authorization: AWS4-HMAC-SHA256 Credential=abc/2024, Signature=deadbeef99',
      'AWS4-HMAC',
    ],
    ['a bearer token', 'sent Bearer abc.def.ghi-jkl to the server', 'abc.def.ghi-jkl'],
    ['a basic credential', 'header Basic dXNlcjpodW50ZXIy', 'dXNlcjpodW50ZXIy'],
    ["browser mode's token in a URL", `http://127.0.0.1:5178/?token=${BROWSER_TOKEN}`, BROWSER_TOKEN],
    ["browser mode's token alone", `login ${BROWSER_TOKEN} ok`, BROWSER_TOKEN],
    ['a password pair in JSON text', '{"user":"ana","password":"hunter2 and more"}', 'hunter2'],
    [
      'a presigned URL signature',
      'GET /b/k?X-Amz-Credential=AKIAX%2F2024&X-Amz-Signature=9f86d08',
      '9f86d08',
    ],
    ['user info in a URL', 'https://ana:hunter2@s3.local:9000/bucket', 'hunter2'],
    ['a data: URL', 'img src=data:image/png;base64,iVBORw0KGgoAAAANSUhEUg== end', 'iVBORw0KGgo'],
    ['a base64 image blob', `{"image":"${PNG_BASE64}"}`, 'iVBORw0KGgo'],
  ])('removes %s', (_what, text, secret) => {
    const out = redactText(text);
    expect(out).not.toContain(secret);
  });

  it('says what was left out', () => {
    expect(redactText(`key ${AWS_KEY_ID}`)).toBe(`key ${REDACTED}`);
    expect(redactText(`x ${PNG_BASE64} y`)).toBe(`x [base64, ${PNG_BASE64.length} chars] y`);
    expect(redactText('a data:image/jpeg;base64,/9j/4AAQSkZJRg== b')).toBe('a [data URL] b');
    expect(redactText('https://ana:pw@host/x')).toBe(`https://${REDACTED}@host/x`);
    expect(redactText('?token=abc&page=2')).toBe(`?token=${REDACTED}&page=2`);
  });

  it.each([
    ['a sha256 digest', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['a uuid', 'job 6f1c2a8e-4b7d-4e0a-9a35-0c1d2e3f4a5b done'],
    ['an absolute path', '/srv/Data2024/Projects/driving/images/frame-0001.jpg'],
    ['an endpoint name and status', "Endpoint 'sam-vit-h' failed (ModelError 424)"],
    ['an error code and method', 'segment.run failed: endpoint_unavailable'],
    ['a word like credentials in prose', 'No AWS credentials for the profile: sign in'],
  ])('keeps %s', (_what, text) => {
    expect(redactText(text)).toBe(text);
  });

  it('removes the exact secrets it is given and replaces the home folder with ~', () => {
    const out = redactText('token file /home/ana/.visprompt-studio/browser-token holds s3cr3t-value!', {
      secrets: ['s3cr3t-value!'],
      homeDir: '/home/ana',
    });
    expect(out).toBe(`token file ~/.visprompt-studio/browser-token holds ${REDACTED}`);
    expect(redactText('/home/anabel/x', { homeDir: '/home/ana' })).toBe('/home/anabel/x');
  });

  it('cuts long strings, saying how much', () => {
    const out = redactText('word '.repeat(1000), { maxString: 100 });
    expect(out.length).toBeLessThan(130);
    expect(out).toMatch(/…\(4900 more chars\)$/);
  });
});

describe('redactValue', () => {
  it.each([
    ['secretAccessKey', AWS_SECRET],
    ['accessKeyId', AWS_KEY_ID],
    ['sessionToken', SESSION_TOKEN],
    ['Authorization', 'Bearer x'],
    ['x-amz-security-token', 'anything'],
    ['password', 'hunter2'],
    ['token', 'short'],
    ['apiKey', 'k-123'],
    ['cookie', 'vps_session_5178=abc'],
  ])('keeps no value under the key %s', (key, value) => {
    const out = redactValue({ nested: { [key]: value } }) as { nested: Record<string, unknown> };
    expect(out.nested[key]).toBe(REDACTED);
    expect(JSON.stringify(out)).not.toContain(value);
  });

  it.each([
    ['a Buffer', Buffer.alloc(5000, 1), '[binary, 5000 bytes]'],
    ['a Uint8Array', new Uint8Array(64), '[binary, 64 bytes]'],
    ['a Float32Array', new Float32Array(256), '[binary, 1024 bytes]'],
    ['an ArrayBuffer', new ArrayBuffer(32), '[binary, 32 bytes]'],
  ])('logs %s as its size', (_what, value, expected) => {
    expect(redactValue({ mask: value })).toEqual({ mask: expected });
  });

  it('logs image payload keys as their size only', () => {
    expect(redactValue({ image: 'short-but-an-image', body: Buffer.alloc(9), embedding: [1, 2, 3] })).toEqual(
      {
        image: '[omitted, 18 chars]',
        body: '[binary, 9 bytes]',
        embedding: '[omitted, 3 items]',
      },
    );
  });

  it('keeps plain fields as they are', () => {
    const fields = { method: 'segment.run', code: 'endpoint_failed', status: 424, ok: false, n: null };
    expect(redactValue(fields)).toEqual(fields);
  });

  it('logs an error as name, code, message and details, secrets removed, stack only when asked', () => {
    const err = Object.assign(new Error(`refused ${AWS_KEY_ID}`), {
      code: 'unauthorized',
      details: { endpoint: 'sam', secretAccessKey: AWS_SECRET },
    });
    const out = redactValue({ err }) as { err: Record<string, unknown> };
    expect(out.err).toEqual({
      name: 'Error',
      message: `refused ${REDACTED}`,
      code: 'unauthorized',
      details: { endpoint: 'sam', secretAccessKey: REDACTED },
    });
    const withStack = redactValue(err, { stacks: true, homeDir: process.cwd() }) as { stack: string };
    expect(withStack.stack).toContain('redact.test.ts');
    expect(withStack.stack).not.toContain(process.cwd());
  });

  it('survives cycles, deep values, long arrays, BigInts and throwing getters', () => {
    const a: Record<string, unknown> = { n: 1n };
    a.self = a;
    const deep = { a: { b: { c: { d: { e: { f: { g: 1 } } } } } } };
    const bad = Object.defineProperty({}, 'x', {
      enumerable: true,
      get() {
        throw new Error('no');
      },
    });
    expect(redactValue(a)).toEqual({ n: '1', self: '[circular]' });
    expect(JSON.stringify(redactValue(deep))).toContain('[object]');
    expect(redactValue(Array.from({ length: 25 }, (_, i) => i))).toHaveLength(21);
    expect(redactValue(bad)).toBe('[unreadable]');
  });
});
