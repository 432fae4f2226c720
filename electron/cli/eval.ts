// `visprompt eval run|summary|report|chains`: the evaluation bench from a shell. `run` makes an experiment (a
// batch job of kind 'eval'), follows it with the jobs' progress line and prints its tables (Markdown on stdout,
// or the summary as JSON with --json), and with --report DIR writes the report there too.
import { resolve } from 'node:path';
import type { BatchJob } from '../../shared/api/batch';
import type { ChainScore, EvalSummary } from '../../shared/api/eval';
import { StudioError } from '../../shared/errors';
import { bucketTable, chainTable, clicksTable, pixelTable } from '../../shared/eval/tables';
import { EXIT } from './exit-codes';
import type { HeadlessStudio } from './headless-studio';
import { follow, imageSet, positiveInt } from './jobs';

export const EVAL_COMMANDS = ['run', 'summary', 'report', 'chains'] as const;

export interface EvalOptions {
  project: string;
  job?: string;
  jobs?: string;
  runs?: string;
  strategies?: string;
  engines?: string;
  multimask?: string;
  seed?: string;
  'max-clicks'?: string;
  images?: string;
  filter?: string;
  ids?: string;
  name?: string;
  report?: string;
  out?: string;
  iou?: string;
  labels?: string;
  json?: boolean;
}

const list = (value: string | undefined) =>
  value
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);

function printSummary(summary: EvalSummary, json: boolean | undefined): void {
  if (json) {
    console.log(JSON.stringify(summary, null, 2));
    return;
  }
  const parts = [
    `${summary.name}: ${summary.objects} objects on ${summary.images} images (job ${summary.jobId})`,
    '',
    bucketTable(summary),
    '',
    pixelTable(summary),
  ];
  if (summary.clicks.length) parts.push('', clicksTable(summary));
  if (summary.problems.length)
    parts.push('', 'Not scored:', ...summary.problems.map((p) => `  ${p.reason}: ${p.count}`));
  console.log(parts.join('\n'));
}

const jobOf = (o: EvalOptions) => {
  const id = positiveInt(o.job, '--job');
  if (id === undefined)
    throw new StudioError('invalid_input', 'This command needs --job ID (an experiment).');
  return id;
};

async function report(studio: HeadlessStudio, project: string, jobId: number, folder: string): Promise<void> {
  const written = await studio.call<{ folder: string; files: string[] }>('eval.report', {
    project,
    jobId,
    folder: resolve(folder),
  });
  console.error(`Report: ${written.folder}/report.md (${written.files.length} files)`);
}

export async function runEvalCommand(
  studio: HeadlessStudio,
  command: string,
  o: EvalOptions,
): Promise<number> {
  const project = resolve(o.project);
  await studio.call('projects.open', { path: project });
  switch (command) {
    case 'run': {
      const strategies = list(o.strategies);
      if (!strategies?.length)
        throw new StudioError(
          'invalid_input',
          'eval run needs --strategies (e.g. centre,box,box-centre,clicks,filled-box,ellipse).',
        );
      const job = await studio.call<BatchJob>('batch.create', {
        project,
        kind: 'eval',
        spec: {
          strategies,
          engines: list(o.engines) ?? [],
          ...(o.multimask ? { multimask: o.multimask } : {}),
          ...(o.seed !== undefined ? { seed: Number(o.seed) } : {}),
          ...(o['max-clicks'] ? { maxClicks: positiveInt(o['max-clicks'], '--max-clicks') } : {}),
        },
        images: imageSet(o),
        ...(o.name ? { name: o.name } : {}),
      });
      return follow(studio, project, job, async (done) => {
        printSummary(await studio.call<EvalSummary>('eval.summary', { project, jobId: done.id }), o.json);
        if (o.report) await report(studio, project, done.id, o.report);
      });
    }
    case 'summary':
      printSummary(await studio.call<EvalSummary>('eval.summary', { project, jobId: jobOf(o) }), o.json);
      return EXIT.ok;
    case 'report': {
      if (!o.out) throw new StudioError('invalid_input', 'eval report needs --out DIR.');
      await report(studio, project, jobOf(o), o.out);
      return EXIT.ok;
    }
    case 'chains': {
      const ids = (value: string | undefined, option: string) =>
        (list(value) ?? []).map((s) => positiveInt(s, option)!);
      const runIds = ids(o.runs, '--runs');
      const jobIds = ids(o.jobs, '--jobs');
      if (runIds.length + jobIds.length === 0)
        throw new StudioError(
          'invalid_input',
          'eval chains needs --runs ID[,ID] (chain runs) or --jobs ID[,ID].',
        );
      const scores = await studio.call<ChainScore[]>('eval.scoreChains', {
        project,
        runIds,
        jobIds,
        ...(o.iou ? { iouType: o.iou } : {}),
        ...(o.labels ? { labels: list(o.labels) } : {}),
      });
      console.log(o.json ? JSON.stringify(scores, null, 2) : chainTable(scores));
      return EXIT.ok;
    }
    default:
      throw new StudioError('invalid_input', `No eval command '${command}': ${EVAL_COMMANDS.join(', ')}.`);
  }
}
