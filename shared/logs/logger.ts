// The studio's structured log, as the services see it: one event with a few fields at a level, from a component.
// Services take a Logger as an argument; tests and code without a log dir pass noopLogger. The file behind it
// (electron/logs/) redacts every entry (redact.ts) before a byte is written.

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export type LogFields = Record<string, unknown>;

/** One line of studio.log, as JSON. */
export interface LogEntry {
  time: string;
  level: LogLevel;
  component: string;
  event: string;
  pid: number;
  fields: LogFields;
}

export interface Logger {
  debug(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
  /** The same log under another component name ('api', 'jobs', 'server'). */
  child(component: string): Logger;
}

export const noopLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => noopLogger,
};

/** A Logger over one function taking whole entries (the file logger; tests collecting entries). */
export function loggerOf(
  write: (level: LogLevel, component: string, event: string, fields: LogFields) => void,
  component: string,
): Logger {
  const at =
    (level: LogLevel) =>
    (event: string, fields: LogFields = {}) =>
      write(level, component, event, fields);
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (name) => loggerOf(write, name),
  };
}
