// One experiment: its job (progress, pause, cancel: the jobs screen's card) while it is not done, then what
// eval.summary says: the size-bucket table, pixel precision / recall / boundary F, the corrective clicks, the
// problems, the charts (the report's own ECharts options), the worst objects of a picked row, and the report.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { EvalSummary } from '../../../shared/api/eval';
import { plural } from '../../../shared/counts';
import {
  type ChartOption,
  clicksChart,
  iouByBucketChart,
  iouHistogramChart,
  precisionRecallChart,
} from '../../../shared/eval/charts';
import { Icon } from '../components/Icon';
import { formatRelative } from '../lib/format';
import { ACTIVE_STATUSES, STATUS_TEXT, type BatchJobView } from '../jobs/batch-view';
import { JobCard } from '../jobs/JobCard';
import { EChart } from './EChart';
import { BucketTable, ClicksTable, PixelTable, ProblemsList } from './EvalTables';
import { ReportExport } from './ReportExport';
import { useSummary, type ResultPick } from './use-eval';
import { WorstObjects } from './WorstObjects';
import { pickRow, useWorstState } from './worst-store';

/** What the experiment was asked beyond its prompts (the tables name those): only the settings it used. */
function specLine(summary: EvalSummary): string {
  const { spec } = summary;
  const seeded = spec.strategies.some((s) => s === 'random-point' || s === 'k-points' || s === 'box-jitter');
  return [
    spec.multimask === 'best' ? 'best candidate by IoU (oracle)' : 'top-scored candidate',
    seeded ? `seed ${spec.seed}` : '',
    spec.strategies.includes('clicks') ? `up to ${plural(spec.maxClicks, 'click')}` : '',
    spec.truth === 'import' ? 'imported truth' : 'imported and hand-made truth',
  ]
    .filter(Boolean)
    .join(' · ');
}

export function ExperimentView({ project, view }: { project: string; view: BatchJobView }) {
  const { job } = view;
  const summary = useSummary(project, job);
  const pick = useWorstState((s) => (s.project === project && s.jobId === job.id ? s.pick : null));
  const setPick = (p: ResultPick | null) => pickRow(project, job.id, p);
  const [exporting, setExporting] = useState(false);
  const worstRef = useRef<HTMLDivElement>(null);
  const data = summary.data?.jobId === job.id ? summary.data : null;
  const active = ACTIVE_STATUSES.includes(job.status);

  useEffect(() => {
    if (pick) worstRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  }, [pick]);

  const charts = useMemo(
    () =>
      data && {
        bucket: iouByBucketChart(data),
        histogram: iouHistogramChart(data),
        clicks: data.clicks.length ? clicksChart(data) : null,
        pr: precisionRecallChart(data),
      },
    [data],
  );

  return (
    <div className="eval-experiment" data-testid="eval-experiment" data-job-id={job.id}>
      <header className="eval-experiment-head">
        <div>
          <h2>{job.name}</h2>
          <div className="muted">
            #{job.id} · {plural(job.total, 'image')} · started{' '}
            {formatRelative(job.startedAt ?? job.createdAt)}
            {data && <> · {specLine(data)}</>}
          </div>
        </div>
        <div className="eval-head-actions">
          <span className={`job-status job-status-${job.status}`}>{STATUS_TEXT[job.status]}</span>
          <button
            type="button"
            className={exporting ? 'btn small active' : 'btn small'}
            onClick={() => setExporting((v) => !v)}
            aria-expanded={exporting}
            disabled={!data || data.objects === 0}
            data-testid="eval-export-open"
          >
            <Icon name="file" size={12} /> Export report / CSV
          </button>
        </div>
      </header>

      {exporting && <ReportExport project={project} jobId={job.id} />}
      {job.status !== 'done' && <JobCard project={project} view={view} />}

      {summary.error && (
        <p className="eval-error" role="alert" data-testid="eval-summary-error">
          The results could not be read: {summary.error}
        </p>
      )}
      {!data ? (
        !summary.error && <p className="muted eval-loading">Reading the results…</p>
      ) : data.objects === 0 ? (
        <section className="card eval-empty" data-testid="eval-empty">
          {active ? (
            <p className="muted">No object scored yet; the tables fill in as images finish.</p>
          ) : (
            <p className="eval-error" role="alert" data-testid="eval-no-truth">
              <Icon name="alert" size={14} /> No object could be scored
              {data.problems.length ? ': the reasons are below' : ''}. An experiment needs ground truth with
              masks or polygons: import a dataset with its labels on the Datasets screen.
            </p>
          )}
          {data.problems.length > 0 && <ProblemsList summary={data} />}
        </section>
      ) : (
        <>
          <section className="card">
            <header className="eval-card-head">
              <h2 className="card-title">Mean IoU by object size</h2>
              <span className="muted" data-testid="eval-objects">
                {plural(data.objects, 'object')} on {plural(data.images, 'image')}
              </span>
            </header>
            <BucketTable summary={data} pick={pick} onPick={setPick} />
            <p className="field-hint eval-table-hint">
              Small: under {pct(data.spec.edges.small)} of the image, medium up to{' '}
              {pct(data.spec.edges.medium)}, large above. Click a row, or a size, for its worst objects.
            </p>
          </section>

          {pick && (
            <div ref={worstRef}>
              <WorstObjects
                key={`${pick.engine}/${pick.strategy}/${pick.bucket ?? ''}`}
                project={project}
                summary={data}
                pick={pick}
                version={job.counts.done}
                onClose={() => setPick(null)}
              />
            </div>
          )}

          <div className="eval-charts" data-testid="eval-charts">
            {charts && (
              <>
                <ChartCard option={charts.bucket} label="Mean IoU by object size" />
                <ChartCard option={charts.histogram} label="IoU histogram" />
                {charts.clicks && <ChartCard option={charts.clicks} label="mIoU against clicks" />}
                <ChartCard option={charts.pr} label="Pixel precision against recall" />
              </>
            )}
          </div>

          <section className="card">
            <h2 className="card-title">Pixel precision, recall and boundary F (all sizes)</h2>
            <PixelTable summary={data} pick={pick} onPick={setPick} />
          </section>

          {data.clicks.length > 0 && (
            <section className="card">
              <h2 className="card-title">Corrective clicks</h2>
              <ClicksTable summary={data} pick={pick} onPick={setPick} />
              <p className="field-hint eval-table-hint">
                Each click goes to the largest error region: positive where the object was missed, negative
                where the mask spilled. NoC@85 / NoC@90: clicks to reach that IoU ({data.spec.maxClicks} when
                never).
              </p>
            </section>
          )}

          <section className="card">
            <h2 className="card-title">Problems</h2>
            <ProblemsList summary={data} />
          </section>
        </>
      )}
    </div>
  );
}

const pct = (share: number) => `${+(share * 100).toFixed(2)} %`;

/** Legend entries a chart panel fits on one row (the panels are about 540 px wide). */
const LEGEND_PER_ROW = 4;

/**
 * The report's options with a legend that wraps instead of paging, and room under the plot for as many rows
 * of it as the series need (an experiment of three engines and every strategy has 27).
 */
function onScreen(option: ChartOption): { option: ChartOption; height: number } {
  const series = Array.isArray(option.series) ? option.series.length : 0;
  const rows = Math.max(1, Math.ceil(series / LEGEND_PER_ROW));
  return {
    option: {
      ...option,
      legend: { ...(option.legend as object), type: 'plain' },
      grid: { ...(option.grid as object), bottom: 48 + 22 * rows },
    },
    height: 286 + 22 * rows,
  };
}

function ChartCard({ option, label }: { option: ChartOption; label: string }) {
  const shown = useMemo(() => onScreen(option), [option]);
  return (
    <section className="card eval-chart">
      <EChart option={shown.option} label={label} height={shown.height} testId="eval-chart" />
    </section>
  );
}
