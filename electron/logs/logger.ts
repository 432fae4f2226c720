// The studio's logger: entries redacted and written as JSON lines to <data dir>/logs/studio.log (log-file.ts).
// Every process on the data dir (desktop, browser mode, CLI) makes its own and appends to the same file.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { formatLogLine } from '../../shared/logs/log-line';
import { LOG_LEVELS, loggerOf, type LogLevel, type Logger } from '../../shared/logs/logger';
import { LogFile, MAX_LINE_BYTES, type LogFileOptions } from './log-file';

export const logsDir = (dataDir: string) => join(dataDir, 'logs');

export interface FileLoggerOptions extends Partial<LogFileOptions> {
  dataDir: string;
  /** The first component's name ('studio'; child loggers name theirs). */
  component?: string;
  /** Entries below this level are not written (VISPROMPT_LOG_LEVEL, else 'info'). */
  level?: LogLevel;
  homeDir?: string;
  clock?: () => Date;
  /** Copies each line written (tests; `--verbose` printing). */
  onLine?: (line: string) => void;
}

export interface FileLogger extends Logger {
  /** Removes this exact value from every later line wherever it appears (browser mode's token). */
  addSecret(value: string): void;
  readonly file: LogFile;
}

export const envLogLevel = (env: NodeJS.ProcessEnv = process.env): LogLevel | undefined => {
  const level = env.VISPROMPT_LOG_LEVEL?.toLowerCase();
  return LOG_LEVELS.includes(level as LogLevel) ? (level as LogLevel) : undefined;
};

export function createFileLogger(options: FileLoggerOptions): FileLogger {
  const file = new LogFile({
    dir: options.dir ?? logsDir(options.dataDir),
    maxBytes: options.maxBytes,
    files: options.files,
  });
  const minimum = LOG_LEVELS.indexOf(options.level ?? envLogLevel() ?? 'info');
  const clock = options.clock ?? (() => new Date());
  const secrets: string[] = [];
  const homeDir = options.homeDir ?? homedir();
  const logger = loggerOf((level, component, event, fields) => {
    if (LOG_LEVELS.indexOf(level) < minimum) return;
    const line = formatLogLine(
      { time: clock().toISOString(), level, component, event, pid: process.pid, fields },
      MAX_LINE_BYTES,
      {
        secrets,
        homeDir,
        stacks: level === 'error',
      },
    );
    file.append(line);
    options.onLine?.(line);
  }, options.component ?? 'studio');
  return {
    ...logger,
    addSecret: (value) => {
      if (value && !secrets.includes(value)) secrets.push(value);
    },
    file,
  };
}
