// The chain as the editor holds it (JSON text) and as the step list reads it; pure, so it is tested without a
// browser.
import type { ChainCheckResult } from '../../../shared/api/chains';
import type { Chain } from '../../../shared/chains/schema';

export const pretty = (chain: unknown) => JSON.stringify(chain, null, 2);

export type ParsedJson = { ok: true; value: unknown } | { ok: false; error: string };

export function parseJson(text: string): ParsedJson {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
}

/**
 * What the editor shows under the JSON `text` (`parsed` is its parse, null while it is empty): nothing, the
 * JSON error, or the studio's check of this very text (null while that check is on its way).
 */
export function checkOf(
  text: string,
  parsed: ParsedJson | null,
  serverCheck: { text: string; result: ChainCheckResult } | null,
): ChainCheckResult | null {
  if (!parsed) return null;
  if (!parsed.ok) return { ok: false, reasons: [`Not valid JSON: ${parsed.error}`], warnings: [] };
  return serverCheck?.text === text ? serverCheck.result : null;
}

/** One line per step: its op and the settings it was given ("model: auto" is the default and left out). */
export function describeStep(step: Chain['steps'][number]): string {
  const { op, ...rest } = step;
  const shown = Object.entries(rest)
    .filter(([k, v]) => !(k === 'model' && v === 'auto'))
    .map(
      ([k, v]) =>
        `${k}: ${Array.isArray(v) ? v.join(', ') : typeof v === 'object' ? JSON.stringify(v) : String(v)}`,
    );
  return shown.length ? `${op} (${shown.join('; ')})` : op;
}
