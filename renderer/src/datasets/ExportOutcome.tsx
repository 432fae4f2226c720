// What the export panel shows after Preview or Export: the first records, or the manifest's counts per split.
import type { DatasetExportReport, ExportPreview } from '../../../shared/api/datasets';
import { plural } from '../../../shared/counts';
import { SPLITS } from './dataset-form';
import { Issues } from './RunViews';

export function PreviewRecords({ preview }: { preview: ExportPreview }) {
  return (
    <div className="dataset-preview" data-testid="export-preview-records">
      <p className="muted small">
        First {preview.records.length} records of {plural(preview.images, 'image')} read so far:
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
  );
}

export function ExportResult({ report }: { report: DatasetExportReport }) {
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
