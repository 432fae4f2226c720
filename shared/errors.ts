import type { ErrorCode, StudioErrorInfo } from './domain';

/** An error a user can act on: its message is shown as is in the UI and the CLI. */
export class StudioError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'StudioError';
  }

  toInfo(): StudioErrorInfo {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }

  static from(info: StudioErrorInfo): StudioError {
    return new StudioError(info.code, info.message, info.details);
  }
}

/** Any thrown value as the info sent over a transport; unknown errors keep their message but not their stack. */
export function toErrorInfo(err: unknown): StudioErrorInfo {
  if (err instanceof StudioError) return err.toInfo();
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'internal', message };
}
