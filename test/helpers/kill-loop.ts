// The parts every kill -9 test shares: a child process's output as it comes, waiting for a sign of life (or
// a condition) with a reason when it never comes, the SIGKILL itself, seeded random moments (the same kills
// on every run), and the checks a project file must pass after each kill.
import type { ChildProcess } from 'node:child_process';
import Database from 'better-sqlite3';
import { seededRandom } from '../../shared/random';

/** Random numbers in [0, 1) from `seed`: the moments of the kills repeat exactly from run to run. */
export const killMoments = (seed: number) => seededRandom(seed);

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

const gone = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

/** Everything `child` prints on stdout and stderr from now on. */
export function outputOf(child: ChildProcess): () => string {
  let text = '';
  const add = (b: Buffer) => (text += b.toString());
  child.stdout?.on('data', add);
  child.stderr?.on('data', add);
  return () => text;
}

/**
 * Waits until `ready()` holds, polling; fails saying `what` was awaited (and the child's output) after
 * `timeoutMs`, or at once when the child exits first (unless `exitIsFine`: then it resolves false).
 */
export async function waitUntil(
  ready: () => boolean | Promise<boolean>,
  o: {
    what: string;
    child?: ChildProcess;
    output?: () => string;
    timeoutMs?: number;
    exitIsFine?: boolean;
  },
): Promise<boolean> {
  const deadline = Date.now() + (o.timeoutMs ?? 60_000);
  for (;;) {
    if (await ready()) return true;
    if (o.child && gone(o.child)) {
      if (o.exitIsFine) return false;
      throw new Error(
        `exited (${o.child.exitCode ?? o.child.signalCode}) before ${o.what}:\n${o.output?.()}`,
      );
    }
    if (Date.now() > deadline)
      throw new Error(
        `no ${o.what} within ${o.timeoutMs ?? 60_000} ms (a loaded machine?):\n${o.output?.()}`,
      );
    await sleep(20);
  }
}

/** The first match of `pattern` in the child's output, waiting for it (see waitUntil). */
export async function waitForOutput(
  child: ChildProcess,
  output: () => string,
  pattern: RegExp,
  timeoutMs = 60_000,
): Promise<RegExpExecArray> {
  await waitUntil(() => pattern.test(output()), { what: `output ${pattern}`, child, output, timeoutMs });
  return pattern.exec(output())!;
}

/** SIGKILL, no shutdown of any kind; resolves once the process is gone. */
export async function killHard(child: ChildProcess): Promise<void> {
  if (gone(child)) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}

/** Resolves with the exit code once `child` ends by itself. */
export const exitOf = (child: ChildProcess) =>
  gone(child)
    ? Promise.resolve(child.exitCode)
    : new Promise<number | null>((r) => child.once('exit', (code) => r(code)));

/**
 * Reads a project file read-only. A kill can leave a -wal that only a writable connection recovers
 * (SQLITE_READONLY_RECOVERY): then it opens writable once, as the studio's next start would.
 */
function openToRead(path: string): Database.Database {
  const db = new Database(path, { readonly: true });
  try {
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    return db;
  } catch (err) {
    db.close();
    if (!String((err as { code?: unknown }).code).startsWith('SQLITE_READONLY')) throw err;
    return new Database(path, { fileMustExist: true });
  }
}

/** SQLite's own checks of a project file, read-only: integrity 'ok' and no foreign key pointing nowhere. */
export function projectHealth(path: string): { integrity: string; foreignKeys: unknown[] } {
  const db = openToRead(path);
  try {
    return {
      integrity: db.pragma('integrity_check', { simple: true }) as string,
      foreignKeys: db.pragma('foreign_key_check') as unknown[],
    };
  } finally {
    db.close();
  }
}

/** One query on a project file, read-only (the studio may have it open: WAL lets both in). */
export function queryProject<T>(path: string, sql: string, ...params: unknown[]): T[] {
  const db = openToRead(path);
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

/** The count a `SELECT count(*) ...` gives on a project file. */
export function countIn(path: string, sql: string, ...params: unknown[]): number {
  const db = openToRead(path);
  try {
    return db
      .prepare(sql)
      .pluck()
      .get(...params) as number;
  } finally {
    db.close();
  }
}

/** How many of a batch job's images are done, read from its project file. */
export const batchItemsDone = (project: string, jobId: number) =>
  countIn(project, "SELECT count(*) FROM batch_items WHERE job_id = ? AND state = 'done'", jobId);

/**
 * Kills a `visprompt jobs run|resume` child mid-run: once the job is under way (its first progress line) and
 * this run has finished an image of its own (engines start slowly on a loaded machine), `afterMs` later, so
 * the kill lands before, during or after the next image's write. Returns the job's id.
 */
export async function killJobMidRun(
  child: ChildProcess,
  o: { project: string; afterMs: number },
): Promise<number> {
  const output = outputOf(child);
  const jobId = Number((await waitForOutput(child, output, /job (\d+) "/, 60_000))[1]);
  const before = batchItemsDone(o.project, jobId);
  await waitUntil(() => batchItemsDone(o.project, jobId) !== before, {
    what: `an image done by this run of job ${jobId}`,
    child,
    output,
    timeoutMs: 120_000,
    exitIsFine: true,
  });
  await sleep(o.afterMs);
  await killHard(child);
  return jobId;
}
