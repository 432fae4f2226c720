// One run step by step on one of its images: what each step produced (the detector's boxes, the prompts made
// from them, the segmenter's masks, what filters and dedupes kept), with its counts, time, model and notes.
import type { ChainRun } from '../../../shared/chains/runs';
import { plural } from '../../../shared/counts';
import type { ImageRecord } from '../../../shared/domain';
import { Card } from '../components/Card';
import { baseName } from '../lib/paths';
import { describeStep } from './chain-text';
import { MaskView } from './MaskView';
import type { RunStepsView } from './use-run-steps';

export function StepsCard({
  path,
  run,
  steps,
  labels,
  names,
}: {
  path: string;
  run: ChainRun;
  steps: RunStepsView;
  labels: readonly string[];
  /** The project's images, for their file names. */
  names: readonly ImageRecord[];
}) {
  const { images, imageId, setImageId, shown, close } = steps;
  const labelsShown = [
    ...new Set([...labels, ...(shown?.steps ?? []).flatMap((s) => s.regions.map((r) => r.label))]),
  ];
  return (
    <Card
      title={
        <>
          Run #{run.id} {run.name}, step by step
        </>
      }
      data-testid="chain-steps-card"
    >
      <div className="chains-row">
        <select
          className="input input-sm"
          value={imageId ?? ''}
          onChange={(e) => setImageId(Number(e.target.value))}
          aria-label="Image of the run"
          data-testid="chain-steps-image"
        >
          {images.map((i) => (
            <option key={i.imageId} value={i.imageId}>
              {baseName(names.find((n) => n.id === i.imageId)?.path ?? `image ${i.imageId}`)} ·{' '}
              {i.status === 'done' ? plural(i.regions.length, 'region') : 'failed'}
            </option>
          ))}
        </select>
        <button type="button" className="btn btn-ghost small" onClick={close}>
          Close
        </button>
      </div>
      {images.length === 0 && <p className="muted">No image of this run has finished yet.</p>}
      {shown?.error && <p className="inline-error">{shown.error}</p>}
      {shown && (
        <ol className="chains-step-outputs">
          {shown.steps.map((s, k) => (
            <li key={k} data-testid="chain-step-output" data-op={s.op} data-count={s.outCount}>
              <div className="chains-step-head">
                <span className="chains-step-index">{k + 1}</span>
                <span className="mono">{run.chain.steps[k] ? describeStep(run.chain.steps[k]) : s.op}</span>
              </div>
              <p className="muted small">
                {s.inCount} in → {plural(s.outCount, 'region')} out · {Math.round(s.ms)} ms
                {s.modelMs > 0 && ` (model ${Math.round(s.modelMs)} ms)`}
                {s.modelId && ` · ${s.modelId}`}
              </p>
              {s.message && <p className="warn-text small">{s.message}</p>}
              <MaskView
                project={path}
                imageId={shown.imageId}
                regions={s.regions}
                labels={labelsShown}
                testId={`chain-step-view-${k}`}
              />
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
