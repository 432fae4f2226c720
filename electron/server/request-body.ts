import type { IncomingMessage } from 'node:http';
import type { ErrorCode } from '../../shared/domain';
import { StudioError } from '../../shared/errors';
import { jsonTextTooDeep, MAX_INPUT_DEPTH, tooDeepMessage } from '../../shared/json-depth';

const MiB = 1024 * 1024;

/** A request refused before it reached the studio, with the HTTP status that says why (413, 503). */
export class RequestRefused extends StudioError {
  constructor(
    readonly status: number,
    code: ErrorCode,
    message: string,
  ) {
    super(code, message);
  }
}

/**
 * The request-body bytes the whole server holds in memory at once. Each body takes its share as it arrives
 * (all of its declared length up front) and gives it back once parsed, so many parallel large requests are
 * refused instead of held.
 */
export class BodyBudget {
  private held = 0;
  constructor(readonly totalBytes: number) {}

  take(bytes: number): boolean {
    if (this.held + bytes > this.totalBytes) return false;
    this.held += bytes;
    return true;
  }

  give(bytes: number): void {
    this.held -= bytes;
  }
}

export interface BodyLimits {
  /** One request's body; a larger one gets 413. */
  maxBytes: number;
  budget: BodyBudget;
}

const mib = (bytes: number) => `${Math.round(bytes / MiB)} MiB`;

/**
 * Reads a JSON request body within `limits` and MAX_INPUT_DEPTH; an empty body is `{}`. A refused body is left unread (the caller
 * drains it and closes the connection) rather than read into memory.
 */
export function readJsonBody(req: IncomingMessage, limits: BodyLimits): Promise<unknown> {
  const tooLarge = () =>
    new RequestRefused(413, 'invalid_input', `Request body too large: the limit is ${mib(limits.maxBytes)}.`);
  const busy = () =>
    new RequestRefused(
      503,
      'busy',
      `The studio is receiving too much request data at once (over ${mib(limits.budget.totalBytes)}); try again.`,
    );

  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let reserved = 0;
    let settled = false;
    const settle = (outcome: () => unknown) => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      try {
        resolve(outcome());
      } catch (err) {
        reject(err);
      } finally {
        chunks.length = 0;
        limits.budget.give(reserved);
        reserved = 0;
      }
    };
    const fail = (err: unknown) =>
      settle(() => {
        throw err;
      });
    const reserveUpTo = (bytes: number): boolean => {
      if (bytes <= reserved) return true;
      if (!limits.budget.take(bytes - reserved)) return false;
      reserved = bytes;
      return true;
    };

    const declared = Number(req.headers['content-length']);
    if (declared > limits.maxBytes) return fail(tooLarge());
    if (declared > 0 && !reserveUpTo(declared)) return fail(busy());

    function onData(chunk: Buffer) {
      size += chunk.length;
      if (size > limits.maxBytes) return fail(tooLarge());
      if (!reserveUpTo(size)) return fail(busy());
      chunks.push(chunk);
    }
    req.on('data', onData);
    req.once('error', fail);
    req.once('close', () => fail(new StudioError('invalid_input', 'The request was cut off.')));
    req.once('end', () =>
      settle(() => {
        if (size === 0) return {};
        const text = Buffer.concat(chunks, size).toString('utf8');
        // Scanned before parsing: a body of nothing but '[' would otherwise become millions of nested arrays.
        if (jsonTextTooDeep(text, MAX_INPUT_DEPTH))
          throw new StudioError('invalid_input', tooDeepMessage(MAX_INPUT_DEPTH));
        try {
          return JSON.parse(text);
        } catch {
          throw new StudioError('invalid_input', 'Request body is not valid JSON.');
        }
      }),
    );
  });
}
