// How deeply a request's JSON may nest. No API input comes near it (a chain or a polygon list is under 10
// levels); the limit exists so that a hostile body of a million '[' is refused with a clear error before it is
// parsed into a million nested arrays, and a deep value never reaches code that recurses over it
// (JSON.stringify, structured clone, a schema) and overflows the stack.
export const MAX_INPUT_DEPTH = 64;

export const tooDeepMessage = (max: number) =>
  `The request's JSON nests deeper than ${max} levels; no studio input does.`;

/**
 * Whether the JSON text nests arrays and objects deeper than `max`, scanned without parsing (brackets inside
 * strings do not count). Malformed text is not judged here: JSON.parse says what is wrong with it.
 */
export function jsonTextTooDeep(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // a backslash escapes the next character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/** Whether a value (as IPC's structured clone delivers it) nests arrays and objects deeper than `max`. */
export function valueTooDeep(value: unknown, max: number): boolean {
  // Iterative, so the check itself cannot overflow the stack.
  const stack: [unknown, number][] = [[value, 0]];
  const seen = new Set<object>();
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object' || seen.has(v)) continue;
    if (depth + 1 > max) return true;
    seen.add(v);
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}
