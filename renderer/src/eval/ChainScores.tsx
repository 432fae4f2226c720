// Chains against the truth (eval.scoreChains): one or two chain runs (the chains screen's runs: what the chain
// itself answered) or chain jobs (their proposals, which skip what repeats an annotation already on the image,
// the truth included: what they add) scored with COCO AP, side by side: overall AP / AP50 / AP75 / AR, AP by
// size bucket and by class, optionally on some labels only (a detector on its own classes). COCOeval's -1 (no
// truth of that kind) is a dash.
import { useCallback, useState, type ReactNode } from 'react';
import type { ChainScore } from '../../../shared/api/eval';
import { SIZE_BUCKETS } from '../../../shared/eval/size-buckets';
import { api } from '../api';
import { Card } from '../components/Card';
import { formatRelative } from '../lib/format';
import { STATUS_TEXT } from '../jobs/batch-view';
import { useApp } from '../state/app';
import { errorText, useJobsOfKind, useRead } from './use-eval';

const MAX_CHAINS = 2;
const ap = (v: number | undefined) => (v === undefined || v < 0 ? '-' : v.toFixed(3));

/** 'run:3' or 'job:5'. */
type Pick = `${'run' | 'job'}:${number}`;
const idsOf = (picked: readonly Pick[], kind: 'run' | 'job') =>
  picked.filter((p) => p.startsWith(`${kind}:`)).map((p) => Number(p.slice(4)));

export function ChainScores({ project }: { project: string }) {
  const jobs = useJobsOfKind(project, 'chain');
  const readRuns = useCallback(() => api.chains.runs({ project }), [project]);
  const runs = useRead(`runs\u0000${project}`, readRuns);
  const labels = useApp((s) => s.labels);
  const [picked, setPicked] = useState<Pick[]>([]);
  const [only, setOnly] = useState<string[]>([]);
  const [iouType, setIouType] = useState<'segm' | 'bbox'>('segm');
  const [busy, setBusy] = useState(false);
  const [scores, setScores] = useState<ChainScore[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const toggle = (p: Pick) =>
    setPicked((list) => (list.includes(p) ? list.filter((v) => v !== p) : [...list, p].slice(-MAX_CHAINS)));
  const score = async () => {
    setBusy(true);
    setError(null);
    try {
      setScores(
        await api.eval.scoreChains({
          project,
          runIds: idsOf(picked, 'run'),
          jobIds: idsOf(picked, 'job'),
          iouType,
          ...(only.length ? { labels: only } : {}),
        }),
      );
    } catch (err) {
      setScores(null);
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  const doneRuns = (runs.data ?? []).filter((r) => r.done > 0);

  return (
    <Card title="Chains against the truth" data-testid="eval-chains">
      <p className="muted eval-intro">
        A chain&apos;s answers on the images it finished, matched to the imported truth and scored as COCO
        does (AP at IoU 0.50:0.95). Pick one or two to compare. A run is the chain&apos;s own answer; a
        job&apos;s proposals leave out what repeats an annotation already there, the truth included, so a job
        scores what it adds.
      </p>
      {runs.error && (
        <p className="eval-error" role="alert">
          The chain runs could not be read: {runs.error}
        </p>
      )}
      {doneRuns.length === 0 && jobs.length === 0 ? (
        <p className="muted">
          No chain runs or jobs in this project yet: run a chain on the Chains screen or as a job.
        </p>
      ) : (
        <div className="eval-chain-columns">
          <ChainList title="Chain runs">
            {doneRuns.map((r) => (
              <ChainCheck
                key={r.id}
                checked={picked.includes(`run:${r.id}`)}
                onChange={() => toggle(`run:${r.id}`)}
                name={r.name}
                meta={`run ${r.id} · ${r.done}/${r.imageIds.length} images · ${formatRelative(r.startedAt)}`}
                testId={`eval-run-${r.id}`}
              />
            ))}
          </ChainList>
          <ChainList title="Chain jobs">
            {jobs.map(({ job }) => (
              <ChainCheck
                key={job.id}
                checked={picked.includes(`job:${job.id}`)}
                onChange={() => toggle(`job:${job.id}`)}
                name={job.name}
                meta={`job ${job.id} · ${STATUS_TEXT[job.status]} · ${job.counts.done}/${job.total} images`}
                testId={`eval-chain-${job.id}`}
              />
            ))}
          </ChainList>
        </div>
      )}
      {labels.length > 0 && (
        <div className="eval-labels" role="group" aria-label="Only these labels">
          <span className="field-label">Labels</span>
          {labels.map((l) => (
            <label key={l.id} className="eval-check">
              <input
                type="checkbox"
                checked={only.includes(l.name)}
                onChange={() =>
                  setOnly((list) =>
                    list.includes(l.name) ? list.filter((n) => n !== l.name) : [...list, l.name],
                  )
                }
                data-testid={`eval-chains-label-${l.name}`}
              />
              {l.name}
            </label>
          ))}
          <span className="field-hint">{only.length ? '' : 'none picked: every label'}</span>
        </div>
      )}
      <div className="eval-chain-actions">
        <div className="segmented small" role="radiogroup" aria-label="Match by">
          {(['segm', 'bbox'] as const).map((t) => (
            <button
              key={t}
              type="button"
              role="radio"
              aria-checked={iouType === t}
              onClick={() => setIouType(t)}
            >
              {t === 'segm' ? 'Masks' : 'Boxes'}
            </button>
          ))}
        </div>
        <button
          type="button"
          className="btn btn-primary"
          disabled={picked.length === 0 || busy}
          onClick={() => void score()}
          data-testid="eval-chains-score"
        >
          {busy ? 'Scoring…' : picked.length === 2 ? 'Score both' : 'Score against the truth'}
        </button>
      </div>
      {error && (
        <p className="eval-error" role="alert" data-testid="eval-chains-error">
          The chains could not be scored: {error}
        </p>
      )}
      {scores && <ChainTable scores={scores} />}
    </Card>
  );
}

function ChainList({ title, children }: { title: string; children: ReactNode[] }) {
  return (
    <div className="eval-chain-list">
      <div className="eval-check-title">{title}</div>
      {children.length ? children : <p className="muted eval-none">None yet.</p>}
    </div>
  );
}

function ChainCheck(props: {
  checked: boolean;
  onChange: () => void;
  name: string;
  meta: string;
  testId: string;
}) {
  return (
    <label className="eval-check">
      <input type="checkbox" checked={props.checked} onChange={props.onChange} data-testid={props.testId} />
      <span>
        {props.name} <span className="muted">{props.meta}</span>
      </span>
    </label>
  );
}

const scoreName = (s: ChainScore) => (s.runId !== null ? `run ${s.runId}` : `job ${s.jobId}`);

function ChainTable({ scores }: { scores: ChainScore[] }) {
  const classes = [...new Set(scores.flatMap((s) => s.byClass.map((c) => c.label)))].sort();
  const row = (label: string, values: (s: ChainScore) => string, strong = false) => (
    <tr key={label} className={strong ? 'eval-strong' : undefined}>
      <td>{label}</td>
      {scores.map((s) => (
        <td key={scoreName(s)} className="num">
          {values(s)}
        </td>
      ))}
    </tr>
  );
  const section = (title: string) => (
    <tr key={`h-${title}`} className="eval-section">
      <td colSpan={scores.length + 1}>{title}</td>
    </tr>
  );
  return (
    <table className="eval-table eval-chain-table" data-testid="eval-chain-table">
      <thead>
        <tr>
          <th />
          {scores.map((s) => (
            <th key={scoreName(s)} className="num" data-testid="eval-chain-head">
              {s.name} <span className="eval-count">{scoreName(s)}</span>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {row('Images · truths · detections', (s) => `${s.images} · ${s.truths} · ${s.detections}`)}
        {section(`Overall (${scores[0]?.iouType === 'bbox' ? 'boxes' : 'masks'})`)}
        {row('AP', (s) => ap(s.overall.ap), true)}
        {row('AP50', (s) => ap(s.overall.ap50))}
        {row('AP75', (s) => ap(s.overall.ap75))}
        {row('AR', (s) => ap(s.overall.ar))}
        {section('AP by size')}
        {SIZE_BUCKETS.map((b) => row(b, (s) => ap(s.byBucket[b]?.ap)))}
        {section('AP by class')}
        {classes.map((c) => row(c, (s) => ap(s.byClass.find((x) => x.label === c)?.ap)))}
      </tbody>
    </table>
  );
}
