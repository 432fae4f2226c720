// The import panel: a labelled dataset's format, label file and image folder; the report or every problem.
import { useState } from 'react';
import { IMPORT_FORMATS, type DatasetImportReport, type ImportFormat } from '../../../shared/api/datasets';
import type { IssueReport } from '../../../shared/datasets/issues';
import { plural } from '../../../shared/counts';
import { Card } from '../components/Card';
import { PathField } from '../components/PathField';
import { SelectField } from '../components/SelectField';
import { TextField } from '../components/TextField';
import { IMPORT_FORMAT_NAMES, parseLabelMap } from './dataset-form';
import { Issues, Progress } from './RunViews';
import { useDatasetImport } from './use-dataset-jobs';

export function ImportCard({ project }: { project: string }) {
  const [format, setFormat] = useState<ImportFormat>('coco');
  const [labels, setLabels] = useState('');
  const [images, setImages] = useState('');
  const [strict, setStrict] = useState(false);
  const [labelMap, setLabelMap] = useState('');
  const { run, start } = useDatasetImport(project);

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
      <TextField
        label={`Label file ${format.startsWith('kitti') ? '(or folder of .txt)' : ''}`}
        value={labels}
        onChange={setLabels}
        placeholder="/data/labels.json"
        testId="import-labels"
      />
      <PathField
        label="Image folder"
        value={images}
        onChange={setImages}
        testId="import-images"
        pick="folder"
        browseTitle="Choose the image folder"
        hint="Records are matched to files inside this folder, by path and then by name."
      />
      <TextField
        label="Label map (dataset name=project label, comma-separated)"
        value={labelMap}
        onChange={setLabelMap}
        placeholder="car=Car, bus=Bus (empty: exact names)"
        testId="import-label-map-input"
      />
      <label className="check">
        <input type="checkbox" checked={strict} onChange={(e) => setStrict(e.target.checked)} /> Strict: any
        bad record imports nothing (otherwise bad records are left out, each with a warning)
      </label>
      <div className="form-actions">
        <button
          type="button"
          className="btn btn-primary"
          disabled={!labels || !images || run.state === 'running'}
          onClick={() => void start({ format, labels, images, strict, labelMap: parseLabelMap(labelMap) })}
          data-testid="import-start"
        >
          Import
        </button>
      </div>
      {run.state === 'running' && <Progress done={run.done} total={run.total} label="Reading images" />}
      {run.state === 'done' && <ImportResult report={run.result} />}
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

function ImportResult({ report }: { report: DatasetImportReport }) {
  return (
    <div className="dataset-result" data-testid="import-result">
      <p>
        Imported <b>{report.annotations}</b> annotations on {plural(report.imagesAdded, 'new image')}
        {report.imagesAlreadyPresent ? ` (${report.imagesAlreadyPresent} already in the project)` : ''}
        {report.labelsCreated.length ? `; new labels: ${report.labelsCreated.join(', ')}` : ''}.
        {report.recordsSkipped ? ` ${report.recordsSkipped} bad records were left out.` : ''}
        {report.trackConflicts
          ? ` ${plural(report.trackConflicts, 'object')} of a track already on its frame went in no track.`
          : ''}
      </p>
      {report.labelMap.length > 0 && (
        <p className="muted small" data-testid="import-label-map">
          Labels mapped: {report.labelMap.map((m) => `${m.from} → ${m.to} (${m.annotations})`).join(', ')}
        </p>
      )}
      <Issues issues={report.issues} />
    </div>
  );
}
