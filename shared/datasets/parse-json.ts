import { StudioError } from '../errors';

/** JSON.parse with a message that names the file and, where V8 says it, the position of the mistake. */
export function parseJsonFile(text: string, fileName: string): unknown {
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new StudioError('invalid_input', `${fileName} is not valid JSON: ${reason}`);
  }
}

export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
