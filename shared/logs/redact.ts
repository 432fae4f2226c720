// What may reach studio.log and a diagnostics report: every value passes through here first, so a credential or
// an image can only be logged by getting past these rules, not by forgetting to call something. Keys that name
// a secret lose their value whatever it is; strings lose what looks like a credential (AWS key ids and secret
// keys, bearer and basic credentials, Authorization headers, token= / password= pairs, URL user info, long
// random tokens such as browser mode's) and image data (data: URLs, base64 blobs); binary values become their
// size. The home folder becomes ~. Pure: the same rules in the studio, the CLI and the tests.

export interface RedactOptions {
  /** Exact values to remove wherever they appear (browser mode's token, a key read from a file). */
  secrets?: readonly string[];
  /** Replaced by ~ at the start of paths. */
  homeDir?: string;
  /** Longest string kept (longer ones are cut, saying how much was left out). */
  maxString?: number;
  /** Error stacks kept (uncaught errors); otherwise an error is its name, code and message. */
  stacks?: boolean;
}

export const REDACTED = '[redacted]';

/** Keys whose values are credentials whatever they hold (case and separators ignored). */
const SECRET_KEY =
  /passw(or)?d|passphrase|^pass$|secret|token|authori[sz]ation|cookie|credential|api_?key|access_?key|private_?key|signature|session_?id/;
/** Keys whose values are image or binary payloads: only their size is logged. */
const DATA_KEY = /^(image|images|image_?data|data_?url|body|payload|embedding|bytes|buffer|base64|pixels)$/;

const normalKey = (key: string) => key.toLowerCase().replace(/[-\s.]/g, '_');
export const isSecretKey = (key: string) => SECRET_KEY.test(normalKey(key));
const isDataKey = (key: string) => DATA_KEY.test(normalKey(key));

const MAX_DEPTH = 6;
const MAX_ITEMS = 20;
const MAX_KEYS = 40;
const DEFAULT_MAX_STRING = 2000;

interface TextRule {
  pattern: RegExp;
  replace: string | ((...m: string[]) => string);
}

/** Mixed-case letters and digits: what random tokens and keys look like, and hex digests and words do not. */
const looksRandom = (s: string) => /[A-Z]/.test(s) && /[a-z]/.test(s) && /\d/.test(s);

const TEXT_RULES: TextRule[] = [
  // Image data first, so that the credential rules below never see a base64 image as a token.
  {
    pattern: /data:[\w.+-]+\/[\w.+-]+(;[\w.+-]+=[\w.+-]+)*(;base64)?,[A-Za-z0-9+/=%_-]*/gi,
    replace: '[data URL]',
  },
  {
    pattern: /[A-Za-z0-9+/_-]{200,}={0,2}/g,
    replace: (m) => `[base64, ${m.length} chars]`,
  },
  // Authorization: <scheme> <credentials> in headers written out as text, and bare bearer / basic credentials.
  {
    pattern: /\b((?:proxy-)?authorization)(["']?\s*[:=]\s*["']?)[^"'\r\n,;}]+/gi,
    replace: (_m, key, sep) => `${key}${sep}${REDACTED}`,
  },
  {
    pattern: /\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{6,}/gi,
    replace: (_m, scheme) => `${scheme} ${REDACTED}`,
  },
  // key=value and "key": "value" pairs naming a credential (query strings, config text, JSON).
  {
    pattern:
      /\b([\w-]*(?:secret|password|passwd|token|api[_-]?key|access[_-]?key|signature|credential|cookie)[\w-]*)(["']?\s*[:=]\s*)("[^"]*"|'[^']*'|[^\s"'&,;}]+)/gi,
    replace: (_m, key, sep, value) =>
      `${key}${sep}${/^["']/.test(value) ? `${value[0]}${REDACTED}${value[0]}` : REDACTED}`,
  },
  // User info in URLs: https://user:password@host.
  {
    pattern: /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@:]+(:[^\s/@]*)?@/gi,
    replace: (_m, scheme) => `${scheme}${REDACTED}@`,
  },
  // AWS access key ids (long-term AKIA, temporary ASIA, and the other IAM id prefixes).
  { pattern: /\b(AKIA|ASIA|AROA|AIDA|AGPA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\b/g, replace: REDACTED },
  // AWS secret access keys: 40 characters of base64, mixed case.
  {
    pattern: /(?<![A-Za-z0-9+/=])[A-Za-z0-9+/]{40}(?![A-Za-z0-9+/=])/g,
    // Not a path: one starts with a slash or has several.
    replace: (m) => (looksRandom(m) && !m.startsWith('/') && m.split('/').length <= 3 ? REDACTED : m),
  },
  // Long random tokens (browser mode's is 32 base64url characters; session tokens are longer).
  {
    pattern: /(?<![\w-])[A-Za-z0-9_-]{32,}(?![\w-])/g,
    replace: (m) => (looksRandom(m) ? REDACTED : m),
  },
];

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A string as it may be logged. */
export function redactText(text: string, options: RedactOptions = {}): string {
  let out = text;
  for (const secret of options.secrets ?? []) {
    // Short values would remove ordinary words; the rules above catch short credentials by their key.
    if (secret.length >= 8) out = out.split(secret).join(REDACTED);
  }
  for (const { pattern, replace } of TEXT_RULES)
    out = out.replace(pattern, replace as (substring: string, ...args: string[]) => string);
  const home = options.homeDir?.replace(/[\\/]+$/, '');
  if (home && home.length > 1)
    out = out.replace(new RegExp(`${escapeRegExp(home)}(?=[\\\\/]|$|[^\\w.-])`, 'g'), '~');
  const max = options.maxString ?? DEFAULT_MAX_STRING;
  if (out.length > max) out = `${out.slice(0, max)}…(${out.length - max} more chars)`;
  return out;
}

const isBinary = (v: object): v is ArrayBuffer | ArrayBufferView =>
  v instanceof ArrayBuffer ||
  ArrayBuffer.isView(v) ||
  Object.prototype.toString.call(v) === '[object SharedArrayBuffer]';
const byteLength = (v: ArrayBuffer | ArrayBufferView) => v.byteLength;

/** A short description of a value left out for its key: its size, never its content. */
function omitted(value: unknown): string {
  if (typeof value === 'string') return `[omitted, ${value.length} chars]`;
  if (value && typeof value === 'object' && isBinary(value)) return `[binary, ${byteLength(value)} bytes]`;
  if (Array.isArray(value)) return `[omitted, ${value.length} items]`;
  return '[omitted]';
}

/**
 * Any value as it may be logged: plain JSON with secrets and image data removed. Never throws (cycles, getters
 * that throw, BigInts and functions all come out as some string).
 */
export function redactValue(value: unknown, options: RedactOptions = {}): unknown {
  const seen = new WeakSet<object>();
  const walk = (v: unknown, depth: number): unknown => {
    if (v === null || v === undefined) return v ?? null;
    switch (typeof v) {
      case 'string':
        return redactText(v, options);
      case 'number':
        return Number.isFinite(v) ? v : String(v);
      case 'boolean':
        return v;
      case 'bigint':
        return v.toString();
      case 'function':
        return '[function]';
      case 'symbol':
        return v.toString();
    }
    const obj = v as object;
    if (isBinary(obj)) return `[binary, ${byteLength(obj)} bytes]`;
    if (obj instanceof Date) return Number.isNaN(obj.getTime()) ? 'Invalid Date' : obj.toISOString();
    if (seen.has(obj)) return '[circular]';
    if (depth >= MAX_DEPTH) return Array.isArray(obj) ? `[${obj.length} items]` : '[object]';
    seen.add(obj);
    try {
      if (obj instanceof Error) return errorFields(obj, depth);
      if (Array.isArray(obj)) {
        const items = obj.slice(0, MAX_ITEMS).map((item) => walk(item, depth + 1));
        if (obj.length > MAX_ITEMS) items.push(`…${obj.length - MAX_ITEMS} more`);
        return items;
      }
      if (obj instanceof Map) return walk(Object.fromEntries(obj), depth);
      if (obj instanceof Set) return walk([...obj], depth);
      return objectFields(Object.entries(obj), depth);
    } catch {
      return '[unreadable]';
    } finally {
      seen.delete(obj);
    }
  };
  const objectFields = (entries: [string, unknown][], depth: number) => {
    const out: Record<string, unknown> = {};
    for (const [key, item] of entries.slice(0, MAX_KEYS)) {
      if (isSecretKey(key)) out[key] = item === undefined || item === null || item === '' ? item : REDACTED;
      // A count under such a key ('images: 12') is no image.
      else if (isDataKey(key) && typeof item !== 'number' && typeof item !== 'boolean')
        out[key] = omitted(item);
      else out[key] = walk(item, depth + 1);
    }
    if (entries.length > MAX_KEYS) out['…'] = `${entries.length - MAX_KEYS} more keys`;
    return out;
  };
  const errorFields = (err: Error, depth: number) => {
    const e = err as Error & { code?: unknown; details?: unknown; cause?: unknown };
    const out: Record<string, unknown> = { name: err.name, message: redactText(err.message, options) };
    if (typeof e.code === 'string' || typeof e.code === 'number') out.code = e.code;
    if (e.details !== undefined) out.details = walk(e.details, depth + 1);
    if (options.stacks && err.stack) out.stack = redactText(err.stack, { ...options, maxString: 4000 });
    if (e.cause !== undefined) out.cause = walk(e.cause, depth + 1);
    return out;
  };
  return walk(value, 0);
}
