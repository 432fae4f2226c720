// `visprompt jobs run|resume|status|cancel|items`: batch pre-labeling jobs from a shell. `run` and `resume`
// follow the job to its end here (progress on stderr, the job as JSON on stdout); Ctrl-C or SIGTERM leaves it
// 'interrupted' for `resume`, never half-written (each image's proposals land with its 'done').
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { BatchItem, BatchJob, ImageSet } from '../../shared/api/batch';
import type { AppSettings } from '../../shared/domain';
import { asyncCost, type AsyncPrelabelSpec } from '../../shared/endpoints/async';
import { StudioError } from '../../shared/errors';
import { EXIT } from './exit-codes';
import type { HeadlessStudio } from './headless-studio';
import { progressLine, progressText } from './progress-line';

export interface JobOptions {
  project: string;
  job?: string;
  chain?: string;
  'chain-file'?: string;
  images?: string;
  filter?: string;
  ids?: string;
  concurrency?: string;
  'max-attempts'?: string;
  name?: string;
  state?: string;
  kind?: string;
  text?: string;
  classes?: string;
}

const ACTIVE = new Set(['queued', 'running']);
export const JOB_COMMANDS = ['run', 'resume', 'status', 'cancel', 'items'] as const;

export function positiveInt(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new StudioError('invalid_input', `${option} must be a whole number of 1 or more, not '${value}'.`);
  return n;
}

const jobId = (o: JobOptions) => {
  const id = positiveInt(o.job, '--job');
  if (id === undefined)
    throw new StudioError('invalid_input', 'This command needs --job ID (see `visprompt jobs status`).');
  return id;
};

export function imageSet(o: Pick<JobOptions, 'ids' | 'filter' | 'images'>): ImageSet {
  if (o.ids) return { imageIds: o.ids.split(',').map((s) => positiveInt(s.trim(), '--ids')!) };
  if (o.filter) {
    try {
      return { filter: JSON.parse(o.filter) as never };
    } catch {
      throw new StudioError('invalid_input', `--filter is not JSON: ${o.filter}`);
    }
  }
  if (o.images && o.images !== 'all')
    throw new StudioError('invalid_input', `--images takes 'all' (or use --filter / --ids).`);
  return { all: true };
}

async function chainInput(o: JobOptions): Promise<{ chainId?: number; chain?: unknown }> {
  if (o.chain && o['chain-file'])
    throw new StudioError('invalid_input', 'Give --chain or --chain-file, not both.');
  if (o.chain) return { chainId: positiveInt(o.chain, '--chain') };
  if (o['chain-file']) {
    const path = resolve(o['chain-file']);
    const text = await readFile(path, 'utf8').catch(() => {
      throw new StudioError('not_found', `No chain file at ${path}.`);
    });
    try {
      return { chain: JSON.parse(text) };
    } catch (err) {
      throw new StudioError('invalid_input', `${path} is not JSON: ${(err as Error).message}`);
    }
  }
  throw new StudioError(
    'invalid_input',
    'jobs run needs --chain ID (a saved chain: `visprompt chains list`) or --chain-file F.json.',
  );
}

const ASYNC_KINDS = ['async-embeddings', 'async-prelabel'];

/** What an async job runs, from --kind and --text / --classes. */
function asyncInput(o: JobOptions): { kind: string; spec?: AsyncPrelabelSpec } {
  if (!ASYNC_KINDS.includes(o.kind!))
    throw new StudioError('invalid_input', `--kind takes ${ASYNC_KINDS.join(' or ')}, not '${o.kind}'.`);
  if (o.kind === 'async-embeddings') return { kind: o.kind };
  if (o.text && o.classes) throw new StudioError('invalid_input', 'Give --text or --classes, not both.');
  if (o.text) return { kind: o.kind!, spec: { via: 'grounded-sam', text: o.text, minScore: 0.35 } };
  if (o.classes)
    return {
      kind: o.kind!,
      spec: { via: 'sam', classes: o.classes.split(',').map((c) => c.trim()), minScore: 0.35 },
    };
  throw new StudioError(
    'invalid_input',
    'async-prelabel needs --text "car . bus" (Grounded-SAM) or --classes car,bus (local boxes, SAM masks).',
  );
}

/** The async job's request count and cost, said before it starts (from Settings' price and seconds). */
async function sayCost(studio: HeadlessStudio, job: BatchJob): Promise<void> {
  const { endpoints } = await studio.call<AppSettings>('settings.get', {});
  const cost = asyncCost({
    requests: job.total,
    secondsPerRequest: endpoints.asyncSecondsPerRequest,
    pricePerHour: endpoints.asyncPricePerHour,
    instanceType: endpoints.asyncInstanceType,
  });
  console.error(`${job.kind === 'async-embeddings' ? 'At most ' : ''}${cost.line}`);
}

/**
 * Follows a job to its end with a progress line; on SIGINT / SIGTERM stops it as 'interrupted'. Prints the job
 * as JSON on stdout unless `print` says what to print instead (an experiment prints its tables).
 */
export async function follow(
  studio: HeadlessStudio,
  project: string,
  started: BatchJob,
  print: (job: BatchJob) => Promise<void> = async (job) => console.log(JSON.stringify(job, null, 2)),
): Promise<number> {
  const line = progressLine();
  let job = started;
  let interrupted = false;
  line.update(progressText(job, null, null), true);
  const off = studio.onEvent((e) => {
    if (e.type !== 'batch.progress' || e.project !== project || e.job.id !== started.id) return;
    job = e.job;
    line.update(progressText(e.job, e.rate, e.etaSec), !ACTIVE.has(e.job.status));
  });
  const stop = () => {
    interrupted = true;
    void studio.close();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    while (!interrupted && ACTIVE.has(job.status)) {
      await new Promise((r) => setTimeout(r, 250));
      if (!interrupted) job = await studio.call<BatchJob>('batch.get', { project, jobId: started.id });
    }
  } finally {
    off();
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    line.end();
  }
  if (interrupted) {
    await studio.close();
    console.error(
      `Stopped: job ${started.id} is interrupted; \`visprompt jobs resume --job ${started.id}\` continues it.`,
    );
    console.log(JSON.stringify({ ...job, status: 'interrupted' }, null, 2));
    return EXIT.interrupted;
  }
  await print(job);
  if (job.error) console.error(`Job ${job.id} stopped: ${job.error}`);
  const problems = job.counts.failed + job.counts.skipped;
  if (problems)
    console.error(
      `${problems} images failed or were skipped: \`visprompt jobs items --job ${job.id} --state failed,skipped\` says why.`,
    );
  return job.status === 'done' && problems === 0 ? EXIT.ok : EXIT.partial;
}

export async function runJobCommand(studio: HeadlessStudio, command: string, o: JobOptions): Promise<number> {
  const project = resolve(o.project);
  await studio.call('projects.open', { path: project });
  switch (command) {
    case 'run': {
      const async = o.kind !== undefined && o.kind !== 'chain';
      const job = await studio.call<BatchJob>('batch.create', {
        project,
        ...(async ? asyncInput(o) : await chainInput(o)),
        // An async job says what it will cost before it sends anything.
        start: !async,
        images: imageSet(o),
        ...(o.name ? { name: o.name } : {}),
        settings: {
          maxAttempts: positiveInt(o['max-attempts'], '--max-attempts') ?? 4,
          ...(o.concurrency ? { concurrency: positiveInt(o.concurrency, '--concurrency') } : {}),
        },
      });
      if (!async) return follow(studio, project, job);
      await sayCost(studio, job);
      return follow(studio, project, await studio.call<BatchJob>('batch.resume', { project, jobId: job.id }));
    }
    case 'resume':
      return follow(
        studio,
        project,
        await studio.call<BatchJob>('batch.resume', { project, jobId: jobId(o) }),
      );
    case 'cancel':
      console.log(JSON.stringify(await studio.call('batch.cancel', { project, jobId: jobId(o) }), null, 2));
      return EXIT.ok;
    case 'status': {
      const out = o.job
        ? await studio.call('batch.get', { project, jobId: jobId(o) })
        : await studio.call('batch.list', { project });
      console.log(JSON.stringify(out, null, 2));
      return EXIT.ok;
    }
    case 'items': {
      const states = o.state?.split(',').map((s) => s.trim());
      const items: BatchItem[] = [];
      for (let offset = 0; ; offset += 1000) {
        const page = await studio.call<{ items: BatchItem[]; total: number }>('batch.items', {
          project,
          jobId: jobId(o),
          ...(states ? { states } : {}),
          offset,
          limit: 1000,
        });
        items.push(...page.items);
        if (items.length >= page.total || page.items.length === 0) break;
      }
      console.log(JSON.stringify(items, null, 2));
      return EXIT.ok;
    }
    default:
      throw new StudioError(
        'invalid_input',
        `No jobs command '${command}': run, resume, status, cancel or items.`,
      );
  }
}
