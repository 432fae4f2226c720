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
import { Icon } from '../components/Icon';
import { PathField } from '../components/PathField';
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
import './datasets.css';

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
        <header className="settings-header">
          <button type="button" className="btn btn-ghost" onClick={() => go({ name: 'project', path })}>
            <Icon name="arrowLeft" size={14} /> Back to the library
          </button>
          <h1>Datasets</h1>
          <p className="muted">
            Bring labels in from COCO, BDD100K or KITTI; export training data for LLaVA, BLIP-2 and detectors.
          </p>
        </header>
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

function ImportCard({ project }: { project: string }) {
  const [format, setFormat] = useState<ImportFormat>('coco');
  const [labels, setLabels] = useState('');
  const [images, setImages] = useState('');
  const [skipBad, setSkipBad] = useState(false);
  const [run, setRun] = useState<Run<DatasetImportReport>>({ state: 'idle' });

  const start = async () => {
    const started = await attempt(() =>
      api.datasets.import({ project, format, labels, images, skipBadRecords: skipBad }),
    );
    if (!started) return;
    setRun({ state: 'running', done: 0, total: 0 });
    await follow(started.jobId, setRun).catch(reportError);
    void refreshProject();
  };

  return (
    <section className="card" aria-label="Import a dataset">
      <h2 className="card-title">Import labels</h2>
      <div className="field">
        <label htmlFor="import-format">Format</label>
        <select
          id="import-format"
          className="input"
          value={format}
          onChange={(e) => setFormat(e.target.value as ImportFormat)}
          data-testid="import-format"
        >
          {IMPORT_FORMATS.map((f) => (
            <option key={f} value={f}>
              {IMPORT_FORMAT_NAMES[f]}
            </option>
          ))}
        </select>
      </div>
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
      <label className="check">
        <input type="checkbox" checked={skipBad} onChange={(e) => setSkipBad(e.target.checked)} /> Skip bad
        records (otherwise any error imports nothing)
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
    </section>
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
  const start = async () => {
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

  return (
    <section className="card" aria-label="Export a dataset">
      <h2 className="card-title">Export training data</h2>
      <div className="dataset-grid">
        <div className="field">
          <label htmlFor="export-format">Format</label>
          <select
            id="export-format"
            className="input"
            value={draft.format}
            onChange={(e) => set('format', e.target.value as ExportDraft['format'])}
            data-testid="export-format"
          >
            {EXPORT_FORMATS.map((f) => (
              <option key={f} value={f}>
                {EXPORT_FORMAT_NAMES[f]}
              </option>
            ))}
          </select>
        </div>
        {draft.format === 'llava' && (
          <div className="field">
            <label htmlFor="export-template">Template</label>
            <select
              id="export-template"
              className="input"
              value={draft.llavaTemplate}
              onChange={(e) => set('llavaTemplate', e.target.value as ExportDraft['llavaTemplate'])}
              data-testid="export-template"
            >
              {LLAVA_TEMPLATES.map((t) => (
                <option key={t} value={t}>
                  {TEMPLATE_NAMES[t]}
                </option>
              ))}
            </select>
            <label className="check">
              <input
                type="checkbox"
                checked={draft.llavaJsonl}
                onChange={(e) => set('llavaJsonl', e.target.checked)}
              />{' '}
              JSON Lines
            </label>
          </div>
        )}
        {draft.format === 'coco' && (
          <div className="field">
            <label htmlFor="export-seg">Masks as</label>
            <select
              id="export-seg"
              className="input"
              value={draft.cocoSegmentation}
              onChange={(e) => set('cocoSegmentation', e.target.value as ExportDraft['cocoSegmentation'])}
            >
              <option value="rle">RLE (exact)</option>
              <option value="polygon">Polygons (masks with holes stay RLE)</option>
            </select>
          </div>
        )}
        {draft.format === 'blip2' && (
          <div className="field">
            <label htmlFor="export-variant">Rows</label>
            <select
              id="export-variant"
              className="input"
              value={draft.blip2Variant}
              onChange={(e) => set('blip2Variant', e.target.value as ExportDraft['blip2Variant'])}
            >
              <option value="vqa">Question and answer</option>
              <option value="caption">Caption only</option>
            </select>
          </div>
        )}
        {asksQuestions(draft) && (
          <div className="field">
            <label htmlFor="export-questions">Questions from</label>
            <select
              id="export-questions"
              className="input"
              value={draft.questions}
              onChange={(e) => set('questions', e.target.value as ExportDraft['questions'])}
              data-testid="export-questions"
            >
              <option value="counts">Counts per label</option>
              <option value="bedrock">Bedrock (chains settings; the preview shows counts)</option>
            </select>
          </div>
        )}
      </div>

      <fieldset className="dataset-filters">
        <legend>Annotations</legend>
        <div className="chips" role="group" aria-label="Review states">
          {REVIEW_STATES.map((s) => (
            <label key={s} className="check">
              <input
                type="checkbox"
                checked={draft.reviewStates.includes(s)}
                onChange={() => set('reviewStates', toggle(draft.reviewStates, s))}
              />{' '}
              {s}
            </label>
          ))}
        </div>
        <div className="chips" role="group" aria-label="Sources">
          {ANNOTATION_SOURCES.map((s) => (
            <label key={s} className="check">
              <input
                type="checkbox"
                checked={draft.sources.includes(s)}
                onChange={() => set('sources', toggle(draft.sources, s))}
              />{' '}
              {s}
            </label>
          ))}
          <span className="muted small">(none ticked: every source)</span>
        </div>
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
          {(['train', 'val', 'test'] as const).map((s) => (
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
    </section>
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
            {(['train', 'val', 'test'] as const).map((s) => (
              <th key={s}>{s}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          <tr>
            <td>images</td>
            {(['train', 'val', 'test'] as const).map((s) => (
              <td key={s}>{counts[s].images}</td>
            ))}
          </tr>
          {labels.map((l) => (
            <tr key={l}>
              <td>{l}</td>
              {(['train', 'val', 'test'] as const).map((s) => (
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
