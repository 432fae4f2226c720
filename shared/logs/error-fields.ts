// What the log keeps of a failure: its code and message, and what its details say about an endpoint (name, HTTP
// status, AWS error, attempts), never a payload. An internal error (a bug) keeps the thrown value too, whose
// stack the logger writes on 'error' lines.
import { toErrorInfo } from '../errors';

const DETAIL_FIELDS = ['endpoint', 'status', 'awsError', 'attempts', 'originalStatusCode', 'bytes'] as const;

export function errorFields(err: unknown): Record<string, unknown> {
  const info = toErrorInfo(err);
  const fields: Record<string, unknown> = { code: info.code, message: info.message };
  const details = info.details as Record<string, unknown> | undefined;
  if (details && typeof details === 'object')
    for (const key of DETAIL_FIELDS) if (details[key] !== undefined) fields[key] = details[key];
  if (info.code === 'internal') fields.error = err;
  return fields;
}
