// One entry of studio.log as its line of JSON, and back. A line is redacted as it is made (redact.ts) and kept
// short enough to be written whole by one append (MAX_LINE_BYTES): long fields are cut first, then dropped.
import { LOG_LEVELS, type LogEntry, type LogLevel } from './logger';
import { redactValue, type RedactOptions } from './redact';

const encoder = new TextEncoder();
const bytes = (s: string) => encoder.encode(s).length;

export function formatLogLine(entry: LogEntry, maxBytes: number, options: RedactOptions = {}): string {
  const line = (fields: unknown, event = entry.event) =>
    JSON.stringify({
      time: entry.time,
      level: entry.level,
      component: entry.component,
      event,
      pid: entry.pid,
      fields,
    });
  const event = entry.event.slice(0, 100);
  for (const maxString of [options.maxString ?? 1000, 200, 40]) {
    const out = line(redactValue(entry.fields, { ...options, maxString }), event);
    if (bytes(out) <= maxBytes) return out;
  }
  return line(
    {
      truncated: true,
      keys: Object.keys(entry.fields)
        .slice(0, 20)
        .map((k) => k.slice(0, 40)),
    },
    event,
  );
}

/** A line of studio.log read back; null for a line that is not one (a torn or foreign line). */
export function parseLogLine(line: string): LogEntry | null {
  try {
    const v = JSON.parse(line) as Partial<LogEntry>;
    if (typeof v !== 'object' || v === null) return null;
    if (typeof v.time !== 'string' || typeof v.event !== 'string' || typeof v.component !== 'string')
      return null;
    if (!LOG_LEVELS.includes(v.level as LogLevel)) return null;
    return v as LogEntry;
  } catch {
    return null;
  }
}
