// An experiment's report in a folder: report.md (the tables and the charts), summary.csv, results.csv (one row
// per object, engine and strategy, problems included) and charts/*.png. Every file is written atomically, so a
// report stopped half-way never leaves a truncated file, and writing it again replaces it.
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { EvalResult, EvalSummary } from '../../shared/api/eval';
import { csvLine } from '../../shared/datasets/instructions';
import { experimentCharts } from '../../shared/eval/charts';
import { bucketTable, clicksTable, pixelTable, summaryCsv } from '../../shared/eval/tables';
import { writeFileAtomic } from '../fs/atomic-write';
import { resolveInside } from '../fs/inside';
import type { ProjectStore } from '../store/project-store';
import { experimentSummary } from './experiment';
import { chartPng } from './render-chart';

const RESULT_COLUMNS: (keyof EvalResult)[] = [
  'imageId',
  'truthId',
  'label',
  'engine',
  'modelId',
  'strategy',
  'bucket',
  'areaShare',
  'iou',
  'precision',
  'recall',
  'boundaryF',
  'score',
  'shapeGuess',
  'noc85',
  'noc90',
  'clickIous',
  'problem',
];

export function resultsCsv(rows: readonly EvalResult[], pathOf: (imageId: number) => string): string {
  const cell = (v: unknown) =>
    v === null || v === undefined ? '' : Array.isArray(v) ? v.join(' ') : String(v);
  return (
    csvLine(['image', ...RESULT_COLUMNS]) +
    rows.map((r) => csvLine([pathOf(r.imageId), ...RESULT_COLUMNS.map((c) => cell(r[c]))])).join('')
  );
}

export function reportMarkdown(summary: EvalSummary, charts: readonly string[]): string {
  const { spec } = summary;
  const lines = [
    `# ${summary.name}`,
    '',
    `Experiment ${summary.jobId}: ${summary.objects} objects on ${summary.images} images. Engines: ${
      spec.engines.join(', ') || 'none (baselines only)'
    }; candidates scored: ${spec.multimask === 'best' ? 'the best of the multimask candidates by IoU' : 'the top-scored'}; seed ${spec.seed}; size buckets: small < ${(spec.edges.small * 100).toFixed(2)} % of the image, medium up to ${(spec.edges.medium * 100).toFixed(2)} %, large above.`,
    '',
    '## Mean IoU by object size',
    '',
    bucketTable(summary),
    '',
    "'Shape guesses' is the share of answers the engine made from the prompt's geometry alone (a shape inscribed in the box, the filled box, a disk round a click), not from the pixels.",
    '',
    '## Pixel precision, recall and boundary F',
    '',
    pixelTable(summary),
  ];
  if (summary.clicks.length)
    lines.push('', `## Corrective clicks (up to ${spec.maxClicks})`, '', clicksTable(summary));
  if (summary.problems.length)
    lines.push('', '## Not scored', '', ...summary.problems.map((p) => `- ${p.reason}: ${p.count}`));
  lines.push('', '## Charts', '', ...charts.map((c) => `![${c}](charts/${c}.png)`), '');
  return lines.join('\n');
}

export async function writeReport(
  store: ProjectStore,
  jobId: number,
  folder: string,
): Promise<{ folder: string; files: string[] }> {
  const dir = resolve(folder);
  const rows = store.readEval((e) => e.all(jobId));
  const summary = experimentSummary(store, jobId, rows);
  const paths = new Map<number, string>();
  const pathOf = (id: number) => {
    if (!paths.has(id)) paths.set(id, store.getImage(id).path);
    return paths.get(id)!;
  };
  await mkdir(join(dir, 'charts'), { recursive: true });
  const files: string[] = [];
  const write = async (name: string, data: string | Uint8Array) => {
    await writeFileAtomic(await resolveInside(dir, name, 'A report file'), data);
    files.push(name);
  };
  const charts = experimentCharts(summary);
  for (const [name, option] of Object.entries(charts))
    await write(`charts/${name}.png`, await chartPng(option));
  await write('summary.csv', summaryCsv(summary));
  await write('results.csv', resultsCsv(rows, pathOf));
  await write('report.md', reportMarkdown(summary, Object.keys(charts)));
  return { folder: dir, files };
}
