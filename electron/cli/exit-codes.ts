// How every `visprompt` command ends: one exit code per kind of outcome, so scripts and CI can branch on it,
// and the error on stderr as "error (code): message". The table is printed by `visprompt --help`.
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import type { ErrorCode } from '../../shared/domain';
import type { IssueReport } from '../../shared/datasets/issues';
import { StudioError } from '../../shared/errors';
import { errorFields } from '../../shared/logs/error-fields';
import { noopLogger, type Logger } from '../../shared/logs/logger';

export const EXIT = {
  ok: 0,
  /** The work ran but not all of it succeeded: a job with failed or skipped images, a dataset with errors. */
  partial: 1,
  usage: 2,
  notFound: 3,
  /** Someone else has it: a job running in another process, a locked or read-only project. */
  conflict: 4,
  io: 5,
  /** A model or endpoint could not do the work (missing model, endpoint down, engine failed). */
  model: 6,
  internal: 70,
  /** Stopped by SIGINT / SIGTERM; a job left 'interrupted' resumes with `jobs resume`. */
  interrupted: 130,
} as const;

export const EXIT_HELP = `Exit codes:
  0    done
  1    done, but not all of it: a job with failed or skipped images (or stopped on an error), a dataset with errors
  2    usage or invalid input (the message says which option)
  3    not found (project, job, chain, image, folder)
  4    conflict: the job runs in another process, the project is locked or read-only
  5    disk or file error (full disk, no permission)
  6    model or endpoint error (missing model, endpoint unreachable or failing)
  70   internal error
  130  interrupted (Ctrl-C / SIGTERM): the job is left 'interrupted'; \`visprompt jobs resume\` continues it
  backups restore: 2 the backup is another project's or not a project, 3 no such backup, 4 a job runs, the
  project is open in another process or the backup is from a newer studio, 5 the backup is damaged (nothing
  changes in any of these)`;

const BY_CODE: Partial<Record<ErrorCode, number>> = {
  invalid_input: EXIT.usage,
  not_found: EXIT.notFound,
  conflict: EXIT.conflict,
  locked: EXIT.conflict,
  read_only: EXIT.conflict,
  schema_too_new: EXIT.conflict,
  io_error: EXIT.io,
  unreadable_image: EXIT.io,
  model_missing: EXIT.model,
  model_invalid: EXIT.model,
  engine_failed: EXIT.model,
  endpoint_failed: EXIT.model,
  endpoint_unavailable: EXIT.model,
  unauthorized: EXIT.model,
  download_failed: EXIT.model,
  cancelled: EXIT.interrupted,
};

export function exitCodeOf(err: unknown): number {
  if (err instanceof StudioError) return BY_CODE[err.code] ?? EXIT.internal;
  if (err instanceof z.ZodError) return EXIT.usage;
  if ((err as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return EXIT.usage;
  return EXIT.internal;
}

export function printIssues(issues: IssueReport): void {
  for (const i of issues.items) console.error(`${i.severity}: ${i.where}: ${i.message}`);
  if (issues.items.length < issues.errors + issues.warnings)
    console.error(`... and ${issues.errors + issues.warnings - issues.items.length} more`);
}

function printError(err: unknown): void {
  if (err instanceof StudioError) {
    console.error(`error (${err.code}): ${err.message}`);
    const details = err.details as IssueReport | undefined;
    if (details?.items) printIssues(details);
  } else if (err instanceof z.ZodError) {
    console.error(
      `error (invalid_input): ${err.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ')}`,
    );
  } else if (exitCodeOf(err) === EXIT.usage)
    console.error(`error (invalid_input): ${(err as Error).message}`);
  else console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
}

/** Runs a command's main and exits with its code, or with the code of what it threw. */
/** Runs a command to its exit code; an internal error (a bug) and anything uncaught also go to the log. */
export function runCli(main: () => Promise<number>, log: Logger = noopLogger): void {
  process.on('uncaughtExceptionMonitor', (error, origin) => log.error('uncaught', { origin, error }));
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      printError(err);
      const code = exitCodeOf(err);
      if (code === EXIT.internal) log.error('failed', { ...errorFields(err), error: err });
      process.exit(code);
    },
  );
}

/** True when `moduleUrl` is the script node was started with (not imported by another command). */
export const isEntry = (moduleUrl: string) =>
  process.argv[1] !== undefined && moduleUrl === pathToFileURL(process.argv[1]).href;
