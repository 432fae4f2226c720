// The objects of one table row, worst IoU first (eval.results), and the one chosen drawn on its image with
// its truth and the engine's prediction; "Open in editor" opens the image with the truth selected.
import { useEffect, useState } from 'react';
import type { EvalResult, EvalSummary } from '../../../shared/api/eval';
import { BASELINE_ENGINE } from '../../../shared/api/eval';
import { strategyName } from '../../../shared/eval/tables';
import { Icon } from '../components/Icon';
import { ActionKbd, actionTitle } from '../components/Kbd';
import { baseName } from '../lib/paths';
import { openInEditor } from './eval-commands';
import { EvalOverlay, PREDICTION_COLOR, TRUTH_COLOR } from './EvalOverlay';
import { useImageNames, useOverlay, useWorst, WORST_PAGE, type ResultPick } from './use-eval';
import { listed, useWorstState, worstStore } from './worst-store';

const two = (v: number | null) => (v === null ? '-' : v.toFixed(2));
const percent = (share: number | null) =>
  share === null ? '-' : `${(share * 100).toFixed(share < 0.01 ? 3 : 2)} %`;

export function pickTitle(pick: ResultPick, spec: EvalSummary['spec']): string {
  const engine = pick.engine === BASELINE_ENGINE ? '' : ` · ${pick.engine}`;
  return `${strategyName(pick.strategy, spec)}${engine}${pick.bucket ? ` · ${pick.bucket} objects` : ''}`;
}

/** Keyed by its pick where it is used, so a new pick starts at the top of its list. */
export function WorstObjects(props: {
  project: string;
  summary: EvalSummary;
  pick: ResultPick;
  /** Changes when the experiment's rows may have changed (it is still running). */
  version: number;
  onClose: () => void;
}) {
  const { project, summary, pick, version, onClose } = props;
  const [limit, setLimit] = useState(WORST_PAGE);
  const worst = useWorst(project, summary.jobId, pick, limit, version);
  const data = worst.data;
  const results = data?.results ?? [];
  useEffect(() => {
    if (data)
      worstStore.set((s) =>
        listed(
          s,
          data.results.map((r) => ({ id: r.id, imageId: r.imageId, truthId: r.truthId })),
        ),
      );
  }, [data]);
  const chosenId = useWorstState((s) => s.chosen);
  const chosen = results.find((r) => r.id === chosenId) ?? results[0] ?? null;
  const setChosenId = (id: number) => worstStore.set((s) => ({ ...s, chosen: id }));
  const images = useImageNames(
    project,
    results.map((r) => r.imageId),
  );

  return (
    <section className="card eval-worst" data-testid="eval-worst">
      <header className="eval-card-head">
        <div>
          <h2 className="card-title">Worst objects</h2>
          <div className="eval-worst-title">{pickTitle(pick, summary.spec)}</div>
        </div>
        <button
          type="button"
          className="icon-btn"
          onClick={onClose}
          aria-label="Close the worst objects"
          title={actionTitle('eval.closeObjects')}
        >
          <Icon name="x" size={14} />
        </button>
      </header>
      {worst.error ? (
        <p className="eval-error" role="alert">
          The objects could not be read: {worst.error}
        </p>
      ) : worst.data && results.length === 0 ? (
        <p className="muted">No object of this row has a score.</p>
      ) : (
        <div className="eval-worst-grid">
          <div className="eval-worst-list">
            <ol data-testid="eval-worst-list">
              {results.map((r) => (
                <li key={r.id}>
                  <button
                    type="button"
                    className={r.id === chosen?.id ? 'eval-worst-item active' : 'eval-worst-item'}
                    onClick={() => setChosenId(r.id)}
                    data-testid="eval-worst-item"
                    data-result-id={r.id}
                  >
                    <span className="eval-worst-iou">{two(r.iou)}</span>
                    <span className="eval-worst-text">
                      <span className="eval-worst-label">{r.label ?? 'no label'}</span>
                      <span className="muted eval-worst-file path-text">
                        {images.get(r.imageId) ? baseName(images.get(r.imageId)!.path) : `image ${r.imageId}`}
                      </span>
                    </span>
                    <span className="eval-bucket">{r.bucket ?? ''}</span>
                  </button>
                </li>
              ))}
            </ol>
            <p className="field-hint eval-keys-hint">
              <ActionKbd id="eval.nextObject" /> <ActionKbd id="eval.prevObject" /> walk the list
            </p>
            {worst.data && worst.data.total > results.length && (
              <button
                type="button"
                className="btn btn-ghost small eval-more"
                onClick={() => setLimit((l) => l + WORST_PAGE)}
              >
                Show more ({worst.data.total - results.length} left)
              </button>
            )}
          </div>
          {chosen ? (
            <ObjectView project={project} result={chosen} />
          ) : (
            <div className="eval-overlay muted">{worst.loading ? 'Reading…' : ''}</div>
          )}
        </div>
      )}
    </section>
  );
}

function ObjectView({ project, result }: { project: string; result: EvalResult }) {
  const overlay = useOverlay(project, result);
  const [zoomed, setZoomed] = useState(true);
  const data = overlay.data;
  const truth = data && 'rle' in data.truth ? data.truth.rle : null;
  return (
    <div className="eval-overlay" data-testid="eval-overlay" data-result-id={result.id}>
      <div className="eval-overlay-bar">
        <div className="eval-legend" aria-label="Legend">
          <span className="eval-legend-item">
            <span className="eval-swatch outline" style={{ borderColor: TRUTH_COLOR }} /> Truth
          </span>
          <span className="eval-legend-item">
            <span className="eval-swatch" style={{ background: PREDICTION_COLOR }} /> Prediction
          </span>
          <span className="eval-overlay-iou" data-testid="eval-overlay-iou">
            IoU {two(result.iou)}
          </span>
        </div>
        <div className="segmented small" role="radiogroup" aria-label="View">
          <button type="button" role="radio" aria-checked={zoomed} onClick={() => setZoomed(true)}>
            Object
          </button>
          <button type="button" role="radio" aria-checked={!zoomed} onClick={() => setZoomed(false)}>
            Whole image
          </button>
        </div>
      </div>
      {overlay.error ? (
        <p className="eval-error" role="alert">
          The object could not be drawn: {overlay.error}
        </p>
      ) : data ? (
        <EvalOverlay
          project={project}
          image={data.image}
          truth={truth}
          prediction={data.prediction}
          id={result.id}
          zoomed={zoomed}
        />
      ) : (
        <div className="eval-overlay-canvas" />
      )}
      {data && 'problem' in data.truth && (
        <p className="eval-error" role="alert">
          The truth cannot be drawn: {data.truth.problem}
        </p>
      )}
      {data && !data.prediction && <p className="field-hint">The experiment kept no mask for this answer.</p>}
      <dl className="eval-facts">
        <Fact term="Precision" value={two(result.precision)} />
        <Fact term="Recall" value={two(result.recall)} />
        <Fact term="Boundary F" value={two(result.boundaryF)} />
        <Fact term="Size" value={`${result.bucket ?? '-'} · ${percent(result.areaShare)} of the image`} />
        {result.clickIous && <Fact term="Clicks" value={`${result.clickIous.length}`} />}
        {result.score !== null && <Fact term="Engine score" value={two(result.score)} />}
        {result.shapeGuess && <Fact term="Answer" value="shape guess (no cut)" warn />}
      </dl>
      <div className="form-actions">
        <button
          type="button"
          className="btn"
          onClick={() => openInEditor(project, result.imageId, result.truthId)}
          data-testid="eval-open-editor"
        >
          <Icon name="pencil" size={12} /> Open in editor <ActionKbd id="eval.openObject" />
        </button>
      </div>
    </div>
  );
}

function Fact({ term, value, warn }: { term: string; value: string; warn?: boolean }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd className={warn ? 'warn-text' : undefined}>{value}</dd>
    </div>
  );
}
