// The export panel: the draft of the export settings, Preview and Export, and what each brought back.
import { useState } from 'react';
import { Card } from '../components/Card';
import { initialDraft, type ExportDraft } from './dataset-form';
import { ExportResult, PreviewRecords } from './ExportOutcome';
import { FilterFields, FormatFields, SplitFields, TargetFields, type SetDraft } from './ExportFields';
import { useReplaceConfirm } from './ReplaceConfirm';
import { Progress } from './RunViews';
import { useDatasetExport } from './use-dataset-jobs';

export function ExportCard({ project }: { project: string }) {
  const [draft, setDraft] = useState<ExportDraft>(initialDraft);
  const { run, labels, preview, showPreview, clearPreview, start, refuse } = useDatasetExport(project);
  // Replacing a folder asks first, saying what goes; a folder that may not be replaced is refused.
  const replace = useReplaceConfirm(project, refuse);
  // Any change makes the shown preview stale.
  const set: SetDraft = (key, value) => {
    setDraft((d) => ({ ...d, [key]: value }));
    clearPreview();
  };

  return (
    <Card title="Export training data" aria-label="Export a dataset">
      <FormatFields draft={draft} set={set} />
      <FilterFields draft={draft} set={set} labels={labels} />
      <SplitFields draft={draft} set={set} />
      <TargetFields draft={draft} set={set} />
      <div className="form-actions">
        <button
          type="button"
          className="btn"
          onClick={() => void showPreview(draft)}
          data-testid="export-preview"
        >
          Preview
        </button>
        <button
          type="button"
          className="btn btn-primary"
          disabled={!draft.target || run.state === 'running'}
          onClick={() => void replace.confirmThen(draft.target, draft.overwrite, () => void start(draft))}
          data-testid="export-start"
        >
          Export
        </button>
      </div>
      {preview && <PreviewRecords preview={preview} />}
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
