// Datasets: import a labelled dataset into the project, and export the project as training data (preview of
// the first records, progress while it runs, the manifest's counts or every problem when it ends).
import { useEffect, useState } from 'react';
import type { JobInfo } from '../../../shared/api';
import {
  EXPORT_FORMATS,
  IMPORT_FORMATS,
  type DatasetExportReport,
  type DatasetImportReport,
  type ExportPreview,
  type ImportFormat,
} from '../../../shared/api/datasets';
import { ANNOTATION_SOURCES, REVIEW_STATES, type Label, type StudioErrorInfo } from '../../../shared/domain';
import type { IssueReport } from '../../../shared/datasets/issues';
import { LLAVA_TEMPLATES } from '../../../shared/datasets/instructions';
import { api } from '../api';
import { Card } from '../components/Card';
import { ScreenHeader } from '../components/ScreenHeader';
import { PathField } from '../components/PathField';
import { SelectField } from '../components/SelectField';
import { attempt, reportError } from '../state/app';
import { go, refreshProject } from '../state/commands';
import {
  asksQuestions,
  draftToSettings,
  EXPORT_FORMAT_NAMES,
  IMPORT_FORMAT_NAMES,
  initialDraft,
  TEMPLATE_NAMES,
  toggle,
  type ExportDraft,
} from './dataset-form';
import { useReplaceConfirm } from './ReplaceConfirm';
import './datasets.css';

const SPLITS = ['train', 'val', 'test'] as const;

type Run<T> =
  | { state: 'idle' }
  | { state: 'running'; done: number; total: number }
  | { state: 'done'; result: T }
  | { state: 'failed'; error: StudioErrorInfo };

/** Follows a job until it ends, reporting its progress. */
async function follow<T>(jobId: string, onRun: (run: Run<T>) => void): Promise<void> {
  for (;;) {
    const job: JobInfo = await api.jobs.get({ jobId });
    if (job.state === 'running') onRun({ state: 'running', done: job.done, total: job.total });
    else if (job.state === 'done') return onRun({ state: 'done', result: job.result as T });
    else return onRun({ state: 'failed', error: job.error ?? { code: 'cancelled', message: 'Cancelled.' } });
    await new Promise((r) => setTimeout(r, 150));
  }
}

export function DatasetsScreen({ path }: { path: string }) {
  return (
    <div className="settings datasets">
      <div className="settings-inner">
        <ScreenHeader
          title="Datasets"
          backText="Back to the library"
          onBack={() => go({ name: 'project', path })}
        >
          <p className="muted">
            Bring labels in from COCO, BDD100K or KITTI; export training data for LLaVA, BLIP-2 and detectors.
          </p>
        </ScreenHeader>
        <ImportCard project={path} />
        <ExportCard project={path} />
      </div>
    </div>
  );
}

function Progress({ done, total, label }: { done: number; total: number; label: string }) {
  const pct = total ? Math.round((done / total) * 100) : 0;
  return (
    <div className="dataset-progress" data-testid="dataset-progress">
      <div className={total ? 'progress' : 'progress indeterminate'} role="progressbar" aria-valuenow={pct}>
        <div className="progress-fill" style={{ width: total ? `${pct}%` : '30%' }} />
      </div>
      <span className="muted small">
        {label} {total ? `${done} / ${total}` : '…'}
      </span>
    </div>
  );
}

function Issues({ issues }: { issues: IssueReport }) {
  if (issues.items.length === 0) return null;
  const more = issues.errors + issues.warnings - issues.items.length;
  return (
    <ul className="dataset-issues" data-testid="dataset-issues">
      {issues.items.slice(0, 100).map((i, k) => (
        <li key={k} className={i.severity}>
          <span className="issue-where mono">{i.where}</span> {i.message}
        </li>
      ))}
      {more > 0 && <li className="muted">… and {more} more</li>}
    </ul>
  );
}

/** "car=Car, bus=Bus" as { car: 'Car', bus: 'Bus' }; pairs without both names are ignored. */
function parseLabelMap(text: string): Record<string, string> {
  const pairs = text.split(',').map((p) => p.split('=').map((s) => s.trim()));
  return Object.fromEntries(pairs.filter((p) => p.length === 2 && p[0] && p[1]) as [string, string][]);
}

function ImportCard({ project }: { project: string }) {
  const [format, setFormat] = useState<ImportFormat>('coco');
  const [labels, setLabels] = useState('');
  const [images, setImages] = useState('');
  const [strict, setStrict] = useState(false);
  const [labelMap, setLabelMap] = useState('');
  const [run, setRun] = useState<Run<DatasetImportReport>>({ state: 'idle' });

  const start = async () => {
    const started = await attempt(() =>
      api.datasets.import({ project, format, labels, images, strict, labelMap: parseLabelMap(labelMap) }),
    );
    if (!started) return;
    setRun({ state: 'running', done: 0, total: 0 });
    await follow(started.jobId, setRun).catch(reportError);
    void refreshProject();
  };

  return (
    <Card title="Import labels" aria-label="Import a dataset">
      <SelectField
        id="import-format"
        label="Format"
        value={format}
        options={IMPORT_FORMATS.map((f) => [f, IMPORT_FORMAT_NAMES[f]] as const)}
        onChange={setFormat}
        testId="import-format"
      />
      <div className="field">
        <label htmlFor="import-labels">
          Label file {format.startsWith('kitti') ? '(or folder of .txt)' : ''}
        </label>
        <input
          id="import-labels"
          className="input mono"
          value={labels}
          onChange={(e) => setLabels(e.target.value)}
          spellCheck={false}
          placeholder="/data/labels.json"
          data-testid="import-labels"
        />
      </div>
      <PathField
        label="Image folder"
        value={images}
        onChange={setImages}
        testId="import-images"
        pick="folder"
        browseTitle="Choose the image folder"
        hint="Records are matched to files inside this folder, by path and then by name."
      />
      <div className="field">
        <label htmlFor="import-label-map">Label map (dataset name=project label, comma-separated)</label>
        <input
          id="import-label-map"
          className="input mono"
          value={labelMap}
          onChange={(e) => setLabelMap(e.target.value)}
          spellCheck={false}
          placeholder="car=Car, bus=Bus (empty: exact names)"
          data-testid="import-label-map-input"
        />
      </div>
      <label className="check">
        <input type="checkbox" checked={strict} onChange={(e) => setStrict(e.target.checked)} /> Strict: any
        bad record imports nothing (otherwise bad records are left out, each with a warning)
      </label>
      <div className="form-actions">
        <button
          type="button"
          className="btn btn-primary"
          disabled={!labels || !images || run.state === 'running'}
          onClick={() => void start()}
          data-testid="import-start"
        >
          Import
        </button>
      </div>
      {run.state === 'running' && <Progress done={run.done} total={run.total} label="Reading images" />}
      {run.state === 'done' && (
        <div className="dataset-result" data-testid="import-result">
          <p>
            Imported <b>{run.result.annotations}</b> annotations on {run.result.imagesAdded} new image
            {run.result.imagesAdded === 1 ? '' : 's'}
            {run.result.imagesAlreadyPresent
              ? ` (${run.result.imagesAlreadyPresent} already in the project)`
              : ''}
            {run.result.labelsCreated.length ? `; new labels: ${run.result.labelsCreated.join(', ')}` : ''}.
            {run.result.recordsSkipped ? ` ${run.result.recordsSkipped} bad records were left out.` : ''}
          </p>
          {run.result.labelMap.length > 0 && (
            <p className="muted small" data-testid="import-label-map">
              Labels mapped:{' '}
              {run.result.labelMap.map((m) => `${m.from} → ${m.to} (${m.annotations})`).join(', ')}
            </p>
          )}
          <Issues issues={run.result.issues} />
        </div>
      )}
      {run.state === 'failed' && (
        <div className="dataset-result failed" data-testid="import-result">
          <p className="field-error">{run.error.message}</p>
          {(run.error.details as IssueReport | undefined)?.items && (
            <Issues issues={run.error.details as IssueReport} />
          )}
        </div>
      )}
    </Card>
  );
}

function ExportCard({ project }: { project: string }) {
  const [draft, setDraft] = useState<ExportDraft>(initialDraft);
  const [labels, setLabels] = useState<Label[]>([]);
  const [preview, setPreview] = useState<ExportPreview | null>(null);
  const [run, setRun] = useState<Run<DatasetExportReport>>({ state: 'idle' });
  const set = <K extends keyof ExportDraft>(key: K, value: ExportDraft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setPreview(null);
  };

  useEffect(() => {
    void attempt(() => api.labels.list({ project })).then((l) => l && setLabels(l));
  }, [project, run.state]);

  const showPreview = async () => {
    const shown = await attempt(() => api.datasets.preview({ project, ...draftToSettings(draft), limit: 5 }));
    if (shown) setPreview(shown);
  };
  const replace = useReplaceConfirm(project, (message) =>
    setRun({ state: 'failed', error: { code: 'conflict', message } }),
  );
  const runExport = async () => {
    const started = await attempt(() =>
      api.datasets.export({
        project,
        ...draftToSettings(draft),
        target: draft.target,
        overwrite: draft.overwrite,
        images: draft.images,
      }),
    );
    if (!started) return;
    setRun({ state: 'running', done: 0, total: 0 });
    await follow(started.jobId, setRun).catch(reportError);
  };
  const start = () => replace.confirmThen(draft.target, draft.overwrite, () => void runExport());

  return (
    <Card title="Export training data" aria-label="Export a dataset">
      <div className="dataset-grid">
        <SelectField
          id="export-format"
          label="Format"
          value={draft.format}
          options={EXPORT_FORMATS.map((f) => [f, EXPORT_FORMAT_NAMES[f]] as const)}
          onChange={(v) => set('format', v)}
          testId="export-format"
        />
        {draft.format === 'llava' && (
          <SelectField
            id="export-template"
            label="Template"
            value={draft.llavaTemplate}
            options={LLAVA_TEMPLATES.map((t) => [t, TEMPLATE_NAMES[t]] as const)}
            onChange={(v) => set('llavaTemplate', v)}
            testId="export-template"
          >
            <label className="check">
              <input
                type="checkbox"
                checked={draft.llavaJsonl}
                onChange={(e) => set('llavaJsonl', e.target.checked)}
              />{' '}
              JSON Lines
            </label>
          </SelectField>
        )}
        {draft.format === 'coco' && (
          <SelectField
            id="export-seg"
            label="Masks as"
            value={draft.cocoSegmentation}
            options={[
              ['rle', 'RLE (exact)'],
              ['polygon', 'Polygons (masks with holes stay RLE)'],
            ]}
            onChange={(v) => set('cocoSegmentation', v)}
          />
        )}
        {draft.format === 'blip2' && (
          <SelectField
            id="export-variant"
            label="Rows"
            value={draft.blip2Variant}
            options={[
              ['vqa', 'Question and answer'],
              ['caption', 'Caption only'],
            ]}
            onChange={(v) => set('blip2Variant', v)}
          />
        )}
        {asksQuestions(draft) && (
          <SelectField
            id="export-questions"
            label="Questions from"
            value={draft.questions}
            options={[
              ['counts', 'Counts per label'],
              ['bedrock', 'Bedrock (chains settings; the preview shows counts)'],
            ]}
            onChange={(v) => set('questions', v)}
            testId="export-questions"
          />
        )}
      </div>

      <fieldset className="dataset-filters">
        <legend>Annotations</legend>
        <CheckChips
          label="Review states"
          values={REVIEW_STATES}
          ticked={draft.reviewStates}
          onChange={(v) => set('reviewStates', v)}
        />
        <CheckChips
          label="Sources"
          values={ANNOTATION_SOURCES}
          ticked={draft.sources}
          onChange={(v) => set('sources', v)}
          note="(none ticked: every source)"
        />
        {labels.length > 0 && (
          <div className="chips" role="group" aria-label="Labels">
            {labels.map((l) => (
              <label key={l.id} className="check">
                <input
                  type="checkbox"
                  checked={draft.labelIds.includes(l.id)}
                  onChange={() => set('labelIds', toggle(draft.labelIds, l.id))}
                />
                <span className="swatch" style={{ background: l.color }} /> {l.name}
              </label>
            ))}
            <span className="muted small">(none ticked: every label)</span>
          </div>
        )}
        <div className="input-row">
          <label htmlFor="export-min-score">Min score</label>
          <input
            id="export-min-score"
            className="input narrow"
            value={draft.minScore}
            onChange={(e) => set('minScore', e.target.value)}
            placeholder="any"
          />
          <label className="check">
            <input
              type="checkbox"
              checked={draft.includeEmptyImages}
              onChange={(e) => set('includeEmptyImages', e.target.checked)}
            />{' '}
            Include images without annotations
          </label>
        </div>
      </fieldset>

      <fieldset className="dataset-filters">
        <legend>Split (by image, stratified by label)</legend>
        <div className="input-row">
          {SPLITS.map((s) => (
            <label key={s} className="split-field">
              {s}
              <input
                className="input narrow"
                value={draft[s]}
                onChange={(e) => set(s, e.target.value)}
                data-testid={`split-${s}`}
              />
            </label>
          ))}
          <label className="split-field">
            seed
            <input
              className="input narrow"
              value={draft.seed}
              onChange={(e) => set('seed', e.target.value)}
            />
          </label>
        </div>
      </fieldset>

      <PathField
        label="Export folder (created)"
        value={draft.target}
        onChange={(v) => set('target', v)}
        testId="export-target"
        pick="folder"
        browseTitle="Choose where the export goes"
        fromPicked={(p) => `${p.replace(/\/$/, '')}/dataset`}
      />
      <div className="input-row">
        <label htmlFor="export-images">Images</label>
        <select
          id="export-images"
          className="input"
          value={draft.images}
          onChange={(e) => set('images', e.target.value as ExportDraft['images'])}
        >
          <option value="copy">Copied into the export</option>
          <option value="hardlink">Hard-linked (same disk, no extra space)</option>
          <option value="symlink">Symbolic links</option>
        </select>
        <label className="check">
          <input
            type="checkbox"
            checked={draft.overwrite}
            onChange={(e) => set('overwrite', e.target.checked)}
          />{' '}
          Replace an existing folder
        </label>
      </div>

      <div className="form-actions">
        <button type="button" className="btn" onClick={() => void showPreview()} data-testid="export-preview">
          Preview
        </button>
        <button
          type="button"
          className="btn btn-primary"
          disabled={!draft.target || run.state === 'running'}
          onClick={() => void start()}
          data-testid="export-start"
        >
          Export
        </button>
      </div>
      {preview && (
        <div className="dataset-preview" data-testid="export-preview-records">
          <p className="muted small">
            First {preview.records.length} records of {preview.images} image{preview.images === 1 ? '' : 's'}{' '}
            read so far:
          </p>
          {preview.records.map((r, k) => (
            <div key={k}>
              <div className="mono small muted">{r.file}</div>
              <pre className="mono">
                {typeof r.record === 'string' ? r.record : JSON.stringify(r.record, null, 2)}
              </pre>
            </div>
          ))}
          {preview.records.length === 0 && <p>No annotation passes these filters.</p>}
        </div>
      )}
      {run.state === 'running' && <Progress done={run.done} total={run.total} label="Writing" />}
      {run.state === 'done' && <ExportResult report={run.result} />}
      {run.state === 'failed' && (
        <p className="field-error" data-testid="export-result">
          {run.error.message}
        </p>
      )}
      {replace.dialog}
    </Card>
  );
}

/** A row of checkboxes ticking a subset of `values`. */
function CheckChips<T extends string>(props: {
  label: string;
  values: readonly T[];
  ticked: T[];
  onChange: (ticked: T[]) => void;
  note?: string;
}) {
  const { label, values, ticked, onChange, note } = props;
  return (
    <div className="chips" role="group" aria-label={label}>
      {values.map((v) => (
        <label key={v} className="check">
          <input type="checkbox" checked={ticked.includes(v)} onChange={() => onChange(toggle(ticked, v))} />{' '}
          {v}
        </label>
      ))}
      {note && <span className="muted small">{note}</span>}
    </div>
  );
}

function ExportResult({ report }: { report: DatasetExportReport }) {
  const { counts } = report.manifest;
  const labels = [...new Set(Object.values(counts).flatMap((c) => Object.keys(c.labels)))].sort();
  return (
    <div className="dataset-result" data-testid="export-result">
      <p>
        Wrote <span className="mono">{report.target}</span> in {(report.durationMs / 1000).toFixed(1)} s.
      </p>
      <table className="dataset-counts">
        <thead>
          <tr>
            <th />
            {SPLITS.map((s) => (
              <th key={s}>{s}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          <tr>
            <td>images</td>
            {SPLITS.map((s) => (
              <td key={s}>{counts[s].images}</td>
            ))}
          </tr>
          {labels.map((l) => (
            <tr key={l}>
              <td>{l}</td>
              {SPLITS.map((s) => (
                <td key={s}>{counts[s].labels[l] ?? 0}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <Issues issues={report.issues} />
    </div>
  );
}
