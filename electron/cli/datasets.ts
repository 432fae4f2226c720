// `npx tsx electron/cli/datasets.ts import|export|preview|validate ...`: the datasets service from a terminal, on a
// project file, with the same checks and reports as the studio. `--help` lists the options.
import { existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { exportSettingsSchema } from '../../shared/api/datasets';
import { EXPORT_FORMATS, IMPORT_FORMATS, VALIDATE_FORMATS } from '../../shared/datasets/formats';
import { StudioError } from '../../shared/errors';
import { exportDataset, previewExport } from '../datasets/export-dataset';
import { importDataset } from '../datasets/import-dataset';
import { validateDataset } from '../datasets/validate-dataset';
import { ProjectStore } from '../store/project-store';
import { EXIT, isEntry, printIssues, runCli } from './exit-codes';
import { progressLine } from './progress-line';
import { STUDIO_VERSION } from '../studio/version';

const HELP = `Usage:
  datasets import  --project P.vpstudio --format ${IMPORT_FORMATS.join('|')} --labels FILE_OR_DIR
                   --images DIR [--strict] [--label-map JSON] [--max-megapixels N]
                   (--strict: refuse the file when any record has an error; default: leave those out)
                   (--label-map '{"car":"Car"}': dataset category -> project label; default: exact names)
                   (creates the project when the file does not exist)
  datasets export  --project P.vpstudio --format ${EXPORT_FORMATS.join('|')} --out DIR [options]
  datasets preview --project P.vpstudio --format ... [--limit N] [options]
  datasets validate --format ${VALIDATE_FORMATS.join('|')} PATH
                   (an export folder, or one label file; exits 1 when it has errors)
Export options:
  --split 0.8,0.1,0.1   train,val,test ratios        --seed N            split seed (default 0)
  --review accepted,edited                           --label-ids 1,2     --sources manual,model,import
  --min-score 0.5       --include-empty              --images copy|hardlink|symlink
  --overwrite           replace an earlier export there (only a folder this studio exported)
  --strict              refuse the export when an image's file is gone or changed (default: leave it out)
  --segmentation rle|polygon (COCO)   --template caption|qa|region|region-drawn (LLaVA, ShareGPT)   --jsonl (LLaVA)
  --variant vqa|caption (BLIP-2)`;

const list = (v: string | undefined) =>
  v
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);

function exportSettings(values: Record<string, string | boolean | undefined>) {
  const ratios = list(values.split as string | undefined)?.map(Number);
  const labelIds = list(values['label-ids'] as string | undefined)?.map(Number);
  return exportSettingsSchema.parse({
    format: values.format,
    filters: {
      reviewStates: list(values.review as string | undefined),
      labelIds,
      sources: list(values.sources as string | undefined),
      minScore: values['min-score'] === undefined ? undefined : Number(values['min-score']),
      includeEmptyImages: values['include-empty'] === true,
    },
    split: ratios
      ? {
          ratios: { train: ratios[0] ?? 0, val: ratios[1] ?? 0, test: ratios[2] ?? 0 },
          seed: Number(values.seed ?? 0),
        }
      : undefined,
    cocoSegmentation: values.segmentation,
    llavaTemplate: values.template,
    llavaJsonl: values.jsonl === true,
    blip2Variant: values.variant,
  });
}

/** --label-map as JSON: an object of dataset category -> project label names. */
function labelMapOf(text: string | undefined): Record<string, string> {
  if (text === undefined) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new StudioError('invalid_input', `--label-map is JSON like '{"car": "Car"}'; got ${text}.`);
  }
  return z.record(z.string().min(1), z.string().trim().min(1)).parse(value);
}

/** A bar on stderr: in place on a terminal, one line a second otherwise (logs, CI, a parent process). */
function progressBar(label: string) {
  const line = progressLine();
  const width = 30;
  return {
    update(done: number, total: number) {
      const filled = total ? Math.round((done / total) * width) : 0;
      line.update(`${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
    },
    end: () => line.end(),
  };
}

/** `datasets <command> ...`: the exit code (EXIT in exit-codes.ts); throws on bad input. */
export async function runDatasets(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      project: { type: 'string' },
      format: { type: 'string' },
      labels: { type: 'string' },
      images: { type: 'string' },
      out: { type: 'string' },
      'label-map': { type: 'string' },
      'max-megapixels': { type: 'string', default: '268' },
      split: { type: 'string' },
      seed: { type: 'string' },
      review: { type: 'string' },
      'label-ids': { type: 'string' },
      sources: { type: 'string' },
      'min-score': { type: 'string' },
      'include-empty': { type: 'boolean' },
      overwrite: { type: 'boolean' },
      strict: { type: 'boolean' },
      segmentation: { type: 'string' },
      template: { type: 'string' },
      jsonl: { type: 'boolean' },
      variant: { type: 'string' },
      limit: { type: 'string', default: '5' },
      help: { type: 'boolean' },
    },
  });
  if (command === 'validate' && !values.help) return validate(values.format, positionals);
  if (values.help || !command || !['import', 'export', 'preview'].includes(command) || !values.project) {
    // Asked for: the help on stdout; a usage mistake: on stderr, stdout stays for JSON.
    (values.help ? console.log : console.error)(HELP);
    return values.help ? EXIT.ok : EXIT.usage;
  }
  const projectPath = resolve(values.project);
  if (command === 'import') {
    const format = z.enum(IMPORT_FORMATS).parse(values.format);
    if (!values.labels || !values.images)
      throw new StudioError('invalid_input', 'import needs --labels and --images.');
    const store = existsSync(projectPath)
      ? ProjectStore.open(projectPath)
      : ProjectStore.create(projectPath, { name: basename(projectPath).replace(/\.vpstudio$/, '') });
    try {
      const bar = progressBar('import');
      const report = await importDataset(store, {
        format,
        labels: resolve(values.labels),
        images: resolve(values.images),
        strict: values.strict === true,
        labelMap: labelMapOf(values['label-map']),
        maxMegapixels: Number(values['max-megapixels']),
        onProgress: bar.update,
      });
      bar.end();
      printIssues(report.issues);
      const { issues: _issues, ...summary } = report;
      console.log(JSON.stringify(summary, null, 2));
    } finally {
      store.close();
    }
    return 0;
  }
  const store = ProjectStore.open(projectPath, { readOnly: true });
  try {
    const settings = exportSettings(values);
    if (command === 'preview') {
      console.log(JSON.stringify(await previewExport(store, settings, Number(values.limit)), null, 2));
      return 0;
    }
    if (!values.out) throw new StudioError('invalid_input', 'export needs --out (the folder to create).');
    const bar = progressBar('export');
    const report = await exportDataset(store, {
      ...settings,
      target: resolve(values.out),
      overwrite: values.overwrite === true,
      strict: values.strict === true,
      images: z.enum(['copy', 'hardlink', 'symlink']).parse(values.images ?? 'copy'),
      studioVersion: STUDIO_VERSION,
      now: () => new Date(),
      onProgress: bar.update,
    });
    bar.end();
    printIssues(report.issues);
    console.log(
      JSON.stringify(
        {
          target: report.target,
          counts: report.manifest.counts,
          imagesSkipped: report.imagesSkipped,
          durationMs: report.durationMs,
        },
        null,
        2,
      ),
    );
    return 0;
  } finally {
    store.close();
  }
}

/** Problems on stderr, the report as JSON on stdout; 1 when the files have errors. */
async function validate(format: string | undefined, paths: string[]): Promise<number> {
  if (paths.length !== 1)
    throw new StudioError('invalid_input', 'validate needs one PATH (a folder or a file).');
  const known = z.enum(VALIDATE_FORMATS).safeParse(format);
  if (!known.success) {
    const list = VALIDATE_FORMATS.join(', ');
    throw new StudioError(
      'invalid_input',
      format === undefined
        ? `validate needs --format, one of ${list}.`
        : `Unknown format "${format}"; validate checks ${list}.`,
    );
  }
  const report = await validateDataset(known.data, resolve(paths[0]!));
  printIssues(report.issues);
  console.log(JSON.stringify(report, null, 2));
  return report.valid ? EXIT.ok : EXIT.partial;
}

if (isEntry(import.meta.url)) runCli(() => runDatasets(process.argv.slice(2)));
