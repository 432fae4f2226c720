// What the datasets screen asks of the studio: start an import or an export, follow the job to its end, preview
// the first records, list the labels to filter by. The panels only render what these hooks hold.
import { useCallback, useEffect, useState } from 'react';
import type {
  DatasetExportReport,
  DatasetImportReport,
  ExportPreview,
  ImportFormat,
  PastExport,
} from '../../../shared/api/datasets';
import type { Label, StudioErrorInfo } from '../../../shared/domain';
import { api, followJob } from '../api';
import { attempt, reportError } from '../state/app';
import { refreshLabels, refreshProject } from '../state/commands';
import { draftToSettings, type ExportDraft } from './dataset-form';

export type Run<T> =
  | { state: 'idle' }
  | { state: 'running'; done: number; total: number }
  | { state: 'done'; result: T }
  | { state: 'failed'; error: StudioErrorInfo };

/** Follows a job until it ends, reporting its progress. */
async function follow<T>(jobId: string, onRun: (run: Run<T>) => void): Promise<void> {
  const job = await followJob(jobId, ({ done, total }) => onRun({ state: 'running', done, total }));
  if (job.state === 'done') onRun({ state: 'done', result: job.result as T });
  else onRun({ state: 'failed', error: job.error ?? { code: 'cancelled', message: 'Cancelled.' } });
}

/** Starts a job and follows it into `setRun`; false when the job could not start (a toast says why). */
async function runJob<T>(
  begin: () => Promise<{ jobId: string }>,
  setRun: (run: Run<T>) => void,
): Promise<boolean> {
  const started = await attempt(begin);
  if (!started) return false;
  setRun({ state: 'running', done: 0, total: 0 });
  await follow(started.jobId, setRun).catch(reportError);
  return true;
}

export interface ImportRequest {
  format: ImportFormat;
  labels: string;
  images: string;
  strict: boolean;
  labelMap: Record<string, string>;
}

/** An import into the project; the library and the labels are re-read once it ends. */
export function useDatasetImport(project: string) {
  const [run, setRun] = useState<Run<DatasetImportReport>>({ state: 'idle' });
  const start = useCallback(
    async (request: ImportRequest) => {
      if (!(await runJob(() => api.datasets.import({ project, ...request }), setRun))) return;
      // The import may have made labels: the library and the image view list them at once.
      void refreshProject();
      void refreshLabels();
    },
    [project],
  );
  return { run, start };
}

/** An export of the project, its preview, and the project's labels (re-read after each run). */
export function useDatasetExport(project: string) {
  const [run, setRun] = useState<Run<DatasetExportReport>>({ state: 'idle' });
  const [labels, setLabels] = useState<Label[]>([]);
  const [preview, setPreview] = useState<ExportPreview | null>(null);

  useEffect(() => {
    void attempt(() => api.labels.list({ project })).then((l) => l && setLabels(l));
  }, [project, run.state]);

  const showPreview = useCallback(
    async (draft: ExportDraft) => {
      const shown = await attempt(() =>
        api.datasets.preview({ project, ...draftToSettings(draft), limit: 5 }),
      );
      if (shown) setPreview(shown);
    },
    [project],
  );
  const clearPreview = useCallback(() => setPreview(null), []);
  /** Shows why an export was not started (a target that may not be replaced). */
  const refuse = useCallback(
    (message: string) => setRun({ state: 'failed', error: { code: 'conflict', message } }),
    [],
  );
  const start = useCallback(
    async (draft: ExportDraft) => {
      const started = await runJob(
        () =>
          api.datasets.export({
            project,
            ...draftToSettings(draft),
            target: draft.target,
            overwrite: draft.overwrite,
            images: draft.images,
          }),
        setRun,
      );
      if (started) for (const listener of exportListeners) listener();
    },
    [project],
  );
  return { run, labels, preview, showPreview, clearPreview, start, refuse };
}

/** Who wants to know when an export this screen started has ended (the list of past exports). */
const exportListeners = new Set<() => void>();

/** The project's past exports with their manifests, read again whenever an export started here ends. */
export function usePastExports(project: string) {
  const [exports, setExports] = useState<PastExport[] | null>(null);
  const reload = useCallback(() => {
    void attempt(() => api.datasets.exports({ project })).then((list) => list && setExports(list));
  }, [project]);
  useEffect(() => {
    reload();
    exportListeners.add(reload);
    return () => void exportListeners.delete(reload);
  }, [reload]);
  return { exports, reload };
}
