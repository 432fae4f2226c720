import { inputSchemaOf, type StudioHandlers } from '../../shared/api';
import { describeIssues } from '../../shared/api/kit';
import type { Envelope } from '../../shared/transport';
import { StudioError, toErrorInfo } from '../../shared/errors';
import { MAX_INPUT_DEPTH, tooDeepMessage, valueTooDeep } from '../../shared/json-depth';

/**
 * The one entry point every transport calls: checks the method exists, validates the input with its schema,
 * refuses input nested deeper than any API input (MAX_INPUT_DEPTH), runs the handler and wraps the outcome in an envelope. Nothing unvalidated reaches a service.
 */
export async function dispatch(handlers: StudioHandlers, method: string, input: unknown): Promise<Envelope> {
  try {
    const schema = inputSchemaOf(method);
    if (!schema) throw new StudioError('not_found', `Unknown API method '${method}'.`);
    // Before the schema: zod and the handlers behind it recurse over what they are given.
    if (valueTooDeep(input, MAX_INPUT_DEPTH))
      throw new StudioError('invalid_input', tooDeepMessage(MAX_INPUT_DEPTH));
    const parsed = schema.safeParse(input ?? {});
    if (!parsed.success) {
      throw new StudioError('invalid_input', describeIssues(method, parsed.error), parsed.error.issues);
    }
    const [group, name] = method.split('.') as [string, string];
    const fn = (handlers as unknown as Record<string, Record<string, (i: unknown) => Promise<unknown>>>)[
      group
    ]![name]!;
    const result = await fn(parsed.data);
    return { ok: true, result: result ?? null };
  } catch (err) {
    return { ok: false, error: toErrorInfo(err) };
  }
}
