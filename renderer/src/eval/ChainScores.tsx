// Chains against the truth: one or two chain jobs' proposals scored with COCO AP (eval.scoreChains), side by
// side: overall AP / AP50 / AP75 / AR, AP by size bucket and by class. COCOeval's -1 (no truth of that kind)
// is a dash.
import { useState } from 'react';
import type { ChainScore } from '../../../shared/api/eval';
import { SIZE_BUCKETS } from '../../../shared/eval/size-buckets';
import { api } from '../api';
import { Card } from '../components/Card';
import { formatRelative } from '../lib/format';
import { STATUS_TEXT } from '../jobs/batch-view';
import { errorText, useJobsOfKind } from './use-eval';

const MAX_CHAINS = 2;
const ap = (v: number | undefined) => (v === undefined || v < 0 ? '-' : v.toFixed(3));

export function ChainScores({ project }: { project: string }) {
  const jobs = useJobsOfKind(project, 'chain');
  const [picked, setPicked] = useState<number[]>([]);
  const [iouType, setIouType] = useState<'segm' | 'bbox'>('segm');
  const [busy, setBusy] = useState(false);
  const [scores, setScores] = useState<ChainScore[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const toggle = (id: number) =>
    setPicked((list) =>
      list.includes(id) ? list.filter((v) => v !== id) : [...list, id].slice(-MAX_CHAINS),
    );
  const score = async () => {
    setBusy(true);
    setError(null);
    try {
      setScores(await api.eval.scoreChains({ project, jobIds: picked, iouType }));
    } catch (err) {
      setScores(null);
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title="Chains against the truth" data-testid="eval-chains">
      <p className="muted eval-intro">
        A chain job&apos;s proposals on the images it finished, matched to the imported truth and scored as
        COCO does (AP at IoU 0.50:0.95). Pick one or two to compare.
      </p>
      {jobs.length === 0 ? (
        <p className="muted">No chain jobs in this project yet: run one on the Jobs screen.</p>
      ) : (
        <>
          <div className="eval-chain-list">
            {jobs.map(({ job }) => (
              <label key={job.id} className="eval-check">
                <input
                  type="checkbox"
                  checked={picked.includes(job.id)}
                  onChange={() => toggle(job.id)}
                  data-testid={`eval-chain-${job.id}`}
                />
                <span>
                  {job.name}{' '}
                  <span className="muted">
                    #{job.id} · {STATUS_TEXT[job.status]} · {job.counts.done}/{job.total} images ·{' '}
                    {formatRelative(job.createdAt)}
                  </span>
                </span>
              </label>
            ))}
          </div>
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
              {busy ? 'Scoring…' : `Score ${picked.length === 2 ? 'both' : 'against the truth'}`}
            </button>
          </div>
        </>
      )}
      {error && (
        <p className="eval-error" role="alert" data-testid="eval-chains-error">
          The chains could not be scored: {error}
        </p>
      )}
      {scores && <ChainTable scores={scores} />}
    </Card>
  );
}

function ChainTable({ scores }: { scores: ChainScore[] }) {
  const classes = [...new Set(scores.flatMap((s) => s.byClass.map((c) => c.label)))].sort();
  const row = (label: string, values: (s: ChainScore) => string, strong = false) => (
    <tr key={label} className={strong ? 'eval-strong' : undefined}>
      <td>{label}</td>
      {scores.map((s) => (
        <td key={s.jobId} className="num">
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
            <th key={s.jobId} className="num">
              {s.name} <span className="eval-count">#{s.jobId}</span>
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
