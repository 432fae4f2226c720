// `visprompt <group> <command> [options]`: the studio for data teams, from a shell or CI. JSON results on
// stdout, progress and errors on stderr, documented exit codes (exit-codes.ts). The same services and checks
// as the studio (headless-studio.ts); `datasets` is the dataset CLI (datasets.ts).
import { parseArgs } from 'node:util';
import { StudioError } from '../../shared/errors';
import type { DiagnosticsReport } from '../../shared/diagnostics/report';
import type { Logger } from '../../shared/logs/logger';
import { createFileLogger } from '../logs/logger';
import { STUDIO_VERSION } from '../studio/version';
import { BACKUPS_HELP, runBackups } from './backups';
import { runDatasets } from './datasets';
import { EVAL_COMMANDS, runEvalCommand, type EvalOptions } from './eval';
import { EXIT, EXIT_HELP, runCli } from './exit-codes';
import { dataDirOf, defaultDataDir, openHeadlessStudio } from './headless-studio';
import { JOB_COMMANDS, runJobCommand, type JobOptions } from './jobs';
import { createProjectFromFolder, listChains, reviewStats } from './project';

const HELP = `visprompt ${STUDIO_VERSION}: VisPrompt Studio from the command line

Usage: visprompt <command> [options]          (from a checkout: npx visprompt ...)

  project create --project P.vpstudio --images DIR [--name N]
                 a project from a folder of images (recursive); into an existing project it adds them
  chains list    --project P                  saved chains (id, name, steps)
  jobs run       --project P (--chain ID | --chain-file F.json) [--images all | --filter JSON | --ids 1,2]
                 [--concurrency N] [--max-attempts N] [--name S]
                 pre-label as a batch job, followed to its end: progress on stderr, the job as JSON on stdout
  jobs run       --project P --kind async-embeddings | --kind async-prelabel (--text "car . bus" | --classes car,bus)
                 [--images ...]  through the async SageMaker endpoints of Settings (S3): the request count and
                 cost line first, then as above
  jobs resume    --project P --job ID         continue an interrupted, paused or failed job
  jobs status    --project P [--job ID]       one job, or all of them
  jobs cancel    --project P --job ID
  jobs items     --project P --job ID [--state failed,skipped]   per image: state, attempts, reason
  review stats   --project P [--job ID]       proposals by review state, label, job and model
  eval run       --project P --strategies centre,box,box-centre,clicks,filled-box,ellipse [--engines classical,...]
                 [--multimask top|best] [--seed N] [--max-clicks N] [--images all | --filter JSON | --ids 1,2]
                 [--report DIR] [--json]
                 an experiment against the imported ground truth, followed to its end; prints its tables
  eval summary   --project P --job ID [--json]   an experiment's tables again
  eval report    --project P --job ID --out DIR  report.md, summary.csv, results.csv, charts/*.png
  eval chains    --project P (--runs ID[,ID] | --jobs ID[,ID]) [--iou segm|bbox] [--labels car,person] [--json]
                 chain runs (or jobs) scored with COCO AP against the imported truth, side by side
  datasets import|export|preview|validate ...  (visprompt datasets --help)
${BACKUPS_HELP}
  diagnostics    [--json]                     versions, machine, models, settings (credentials removed) and the
                 last 200 log lines, for a support request

Options for all: --data-dir DIR (settings, models and caches; default ${defaultDataDir()})

${EXIT_HELP}`;

async function main(argv: string[], log: Logger): Promise<number> {
  const [group, command, ...rest] = argv;
  const words = [group, command].filter((w) => w !== undefined && /^[a-z][a-z-]*$/.test(w) && w !== 'help');
  if (words.length) log.info('command', { command: words.join(' ') });
  if (group === 'datasets') return runDatasets(argv.slice(1));
  if (group === 'backups') return runBackups(argv.slice(1));
  if (group === 'diagnostics') return printDiagnostics(argv.slice(1), log);
  if (!group || group === '--help' || group === '-h' || group === 'help') {
    (group ? console.log : console.error)(HELP);
    return group ? EXIT.ok : EXIT.usage;
  }
  if (group === '--version') {
    console.log(STUDIO_VERSION);
    return EXIT.ok;
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      project: { type: 'string' },
      images: { type: 'string' },
      name: { type: 'string' },
      job: { type: 'string' },
      chain: { type: 'string' },
      'chain-file': { type: 'string' },
      kind: { type: 'string' },
      text: { type: 'string' },
      classes: { type: 'string' },
      filter: { type: 'string' },
      ids: { type: 'string' },
      concurrency: { type: 'string' },
      'max-attempts': { type: 'string' },
      state: { type: 'string' },
      jobs: { type: 'string' },
      runs: { type: 'string' },
      strategies: { type: 'string' },
      engines: { type: 'string' },
      multimask: { type: 'string' },
      seed: { type: 'string' },
      'max-clicks': { type: 'string' },
      report: { type: 'string' },
      out: { type: 'string' },
      iou: { type: 'string' },
      labels: { type: 'string' },
      json: { type: 'boolean' },
      'data-dir': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(HELP);
    return EXIT.ok;
  }
  const known = [
    'project create',
    'chains list',
    'review stats',
    ...JOB_COMMANDS.map((c) => `jobs ${c}`),
    ...EVAL_COMMANDS.map((c) => `eval ${c}`),
  ];
  if (group === 'jobs' && !JOB_COMMANDS.includes(command as never))
    throw new StudioError('invalid_input', `No jobs command '${command ?? ''}': ${JOB_COMMANDS.join(', ')}.`);
  if (!known.includes(`${group} ${command}`))
    throw new StudioError(
      'invalid_input',
      `No command '${[group, command].filter(Boolean).join(' ')}': see visprompt --help.`,
    );
  if (!values.project)
    throw new StudioError('invalid_input', `${group} ${command ?? ''} needs --project P.vpstudio.`);
  const studio = openHeadlessStudio(values['data-dir'], log);
  try {
    const o = { ...values, project: values.project };
    if (group === 'jobs') return await runJobCommand(studio, command ?? '', o as JobOptions);
    if (group === 'eval') return await runEvalCommand(studio, command ?? '', o as EvalOptions);
    if (group === 'project') return await createProjectFromFolder(studio, o);
    if (group === 'chains') return await listChains(studio, o);
    return await reviewStats(studio, o);
  } finally {
    await studio.close();
  }
}

const argv = process.argv.slice(2);
const log = createFileLogger({ dataDir: dataDirOf(argv), component: 'cli' });
async function printDiagnostics(args: string[], log: Logger): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { json: { type: 'boolean' }, 'data-dir': { type: 'string' } },
  });
  const json = values.json === true;
  const studio = openHeadlessStudio(values['data-dir'], log);
  try {
    const out = await studio.call<DiagnosticsReport>('system.diagnostics', {});
    process.stdout.write(json ? `${JSON.stringify(out.report, null, 2)}\n` : out.text);
    return EXIT.ok;
  } finally {
    await studio.close();
  }
}

runCli(() => main(argv, log), log);
