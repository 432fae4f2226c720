// The annotation panel beside the canvas: labels (show/hide, pick) and every annotation of the image, proposals
// first, with select, relabel, accept/reject, hide, lock and delete. It reads and edits the editor store, so
// the list and the canvas always agree and every change here is undoable too.
import { memo, useState } from 'react';
import type { Annotation, Label, ReviewState } from '../../../shared/domain';
import { labelColor } from '../canvas/colors';
import { ToolIcon } from '../canvas/ToolIcon';
import { Icon } from '../components/Icon';
import { isProposal, select, type EditorState } from '../editor/editor-state';
import { deleteAnnotations, relabel, review, toggleFlag, type Edit } from '../editor/edits';
import { actionTitle } from '../components/Kbd';
import {
  acceptAllProposals,
  chooseLabel,
  editorStore,
  runEdit,
  toggleLabelView,
  updateEditor,
  useEditor,
} from '../editor/editor-store';
import { formatCount } from '../../../shared/counts';

const REVIEW_LABELS: Record<ReviewState, string> = {
  proposed: 'Proposed',
  accepted: 'Accepted',
  rejected: 'Rejected',
  edited: 'Edited',
};

type SortKey = 'order' | 'area' | 'score';
const SORTERS: Record<SortKey, (a: Annotation, b: Annotation) => number> = {
  order: () => 0,
  area: (a, b) => b.area - a.area,
  score: (a, b) => (b.score ?? -1) - (a.score ?? -1),
};

/** Runs an edit built from the editor state of the moment. */
function edit(make: (s: EditorState) => Edit): void {
  const s = editorStore.get();
  if (s) runEdit(make(s));
}

export function LabelLegend({ labels }: { labels: readonly Label[] }) {
  const hiddenLabels = useEditor((s) => s?.hiddenLabels ?? EMPTY);
  const lockedLabels = useEditor((s) => s?.lockedLabels ?? EMPTY);
  const active = useEditor((s) => s?.labelId ?? null);
  const annotations = useEditor((s) => s?.annotations ?? EMPTY_ANN);
  if (labels.length === 0)
    return <p className="panel-empty">No labels yet: add them in the library sidebar.</p>;
  return (
    <ul className="legend" data-testid="label-legend">
      {labels.map((l) => {
        const hidden = hiddenLabels.includes(l.id);
        const lockedLabel = lockedLabels.includes(l.id);
        const count = annotations.filter((a) => a.labelId === l.id && a.reviewState !== 'rejected').length;
        return (
          <li
            key={l.id}
            className={l.id === active ? 'legend-row active' : 'legend-row'}
            data-testid="legend-row"
          >
            <button
              type="button"
              className="legend-pick"
              onClick={() => chooseLabel(l.id)}
              title="Use for new annotations"
            >
              <span className="swatch small" style={{ background: l.color }} aria-hidden="true" />
              <span className="legend-name">{l.name}</span>
              {l.hotkey && <kbd className="kbd">{l.hotkey}</kbd>}
              <span className="muted small tabular">{count}</span>
            </button>
            <button
              type="button"
              className="btn btn-ghost btn-icon btn-sm"
              aria-pressed={lockedLabel}
              title={lockedLabel ? `Unlock every ${l.name}` : `Lock every ${l.name}`}
              onClick={() => toggleLabelView(l.id, 'locked')}
              data-testid="legend-lock"
            >
              <ToolIcon name={lockedLabel ? 'lock' : 'unlock'} size={14} />
            </button>
            <button
              type="button"
              className="btn btn-ghost btn-icon btn-sm"
              aria-pressed={hidden}
              title={hidden ? `Show ${l.name}` : `Hide ${l.name}`}
              onClick={() => toggleLabelView(l.id, 'hidden')}
              data-testid="legend-visibility"
            >
              <ToolIcon name={hidden ? 'eyeOff' : 'eye'} size={14} />
            </button>
          </li>
        );
      })}
    </ul>
  );
}

export function AnnotationList({ labels }: { labels: readonly Label[] }) {
  // Field by field: a tool's draft changes on every pointer move and must not re-render the list.
  const annotations = useEditor((s) => s?.annotations ?? null);
  const selection = useEditor((s) => s?.selection ?? EMPTY);
  const lockedLabels = useEditor((s) => s?.lockedLabels ?? EMPTY);
  const [sort, setSort] = useState<SortKey>('order');
  if (!annotations) {
    return (
      <ul className="ann-list" aria-busy="true">
        {[0, 1, 2].map((i) => (
          <li key={i} className="ann-row skeleton-row" />
        ))}
      </ul>
    );
  }
  const shown = annotations.filter((a) => a.reviewState !== 'rejected');
  if (shown.length === 0) {
    return <p className="panel-empty">No annotations on this image yet. Pick a tool above the image.</p>;
  }
  const groups: [string, Annotation[]][] = [
    ['Proposals', shown.filter(isProposal).sort(SORTERS[sort])],
    ['Accepted', shown.filter((a) => !isProposal(a)).sort(SORTERS[sort])],
  ];
  return (
    <div data-testid="annotation-list">
      <div className="ann-sort">
        <span className="muted small">Sort</span>
        <select
          className="input input-sm"
          value={sort}
          onChange={(e) => setSort(e.target.value as SortKey)}
          data-testid="annotation-sort"
          aria-label="Sort annotations"
        >
          <option value="order">by drawing order</option>
          <option value="area">by area</option>
          <option value="score">by score</option>
        </select>
      </div>
      {groups.map(
        ([title, items]) =>
          items.length > 0 && (
            <section key={title} className="ann-group">
              <h4 className="ann-group-title muted small">
                {title} <span className="side-count">{items.length}</span>
                {title === 'Proposals' && (
                  <button
                    type="button"
                    className="btn btn-ghost small ann-accept-all"
                    onClick={acceptAllProposals}
                    title={actionTitle('edit.acceptAll')}
                    data-testid="accept-all-proposals"
                  >
                    <Icon name="check" size={12} /> Accept all
                  </button>
                )}
              </h4>
              <ul className="ann-list">
                {items.map((a) => (
                  <AnnotationRow
                    key={a.id}
                    a={a}
                    labels={labels}
                    selected={selection.includes(a.id)}
                    hidden={a.hidden}
                    locked={a.locked}
                    labelLocked={a.labelId !== null && lockedLabels.includes(a.labelId)}
                  />
                ))}
              </ul>
            </section>
          ),
      )}
    </div>
  );
}

const AnnotationRow = memo(function AnnotationRow({
  a,
  labels,
  selected,
  hidden,
  locked,
  labelLocked,
}: {
  a: Annotation;
  labels: readonly Label[];
  selected: boolean;
  hidden: boolean;
  locked: boolean;
  /** Locked through its label: the row's own lock cannot undo that. */
  labelLocked: boolean;
}) {
  const frozen = locked || labelLocked;
  const classes = ['ann-row', selected && 'selected', hidden && 'is-hidden'].filter(Boolean).join(' ');
  return (
    <li
      className={classes}
      data-testid="annotation-row"
      data-review={a.reviewState}
      data-kind={a.kind}
      data-id={a.id}
      aria-selected={selected}
      onClick={(e) => updateEditor((s) => select(s, [a.id], e.shiftKey))}
    >
      <span
        className="swatch small"
        style={{ background: labelColor(labels, a.labelId) }}
        aria-hidden="true"
      />
      <span className="ann-main">
        <select
          className="ann-label-select"
          value={a.labelId ?? ''}
          disabled={frozen}
          onClick={(e) => e.stopPropagation()}
          onChange={(e) => edit((s) => relabel(s, [a.id], e.target.value ? Number(e.target.value) : null))}
          aria-label="Label"
          data-testid="annotation-label"
        >
          <option value="">Unlabelled</option>
          {labels.map((l) => (
            <option key={l.id} value={l.id}>
              {l.name}
            </option>
          ))}
        </select>
        <span className="ann-sub muted">
          {a.kind}
          {' · '}
          {a.source === 'model' ? (a.modelId ?? 'model') : a.source}
          {a.area > 0 && ` · ${formatCount(Math.round(a.area))} px²`}
        </span>
      </span>
      {a.score !== null && (
        <span className="ann-score tabular" title="Model score">
          {a.score.toFixed(2)}
        </span>
      )}
      {isProposal(a) ? (
        <span className="ann-actions" onClick={(e) => e.stopPropagation()}>
          <button
            type="button"
            className="btn btn-ghost btn-icon btn-sm"
            title="Accept"
            onClick={() => edit((s) => review(s, [a.id], 'accepted'))}
            data-testid="annotation-accept"
          >
            <Icon name="check" size={14} />
          </button>
          <button
            type="button"
            className="btn btn-ghost btn-icon btn-sm"
            title="Reject"
            onClick={() => edit((s) => review(s, [a.id], 'rejected'))}
            data-testid="annotation-reject"
          >
            <Icon name="x" size={14} />
          </button>
        </span>
      ) : (
        // Accepted is the normal state: only the exceptions (edited model output) get a chip.
        a.reviewState !== 'accepted' && (
          <span className={`review-chip review-${a.reviewState}`}>{REVIEW_LABELS[a.reviewState]}</span>
        )
      )}
      <span className="ann-actions" onClick={(e) => e.stopPropagation()}>
        <button
          type="button"
          className="btn btn-ghost btn-icon btn-sm"
          aria-pressed={hidden}
          title={hidden ? 'Show' : 'Hide'}
          onClick={() => edit((s) => toggleFlag(s, [a.id], 'hidden'))}
          data-testid="annotation-hide"
        >
          <ToolIcon name={hidden ? 'eyeOff' : 'eye'} size={14} />
        </button>
        <button
          type="button"
          className="btn btn-ghost btn-icon btn-sm"
          aria-pressed={locked}
          title={locked ? 'Unlock' : 'Lock'}
          onClick={() => edit((s) => toggleFlag(s, [a.id], 'locked'))}
          data-testid="annotation-lock"
        >
          <ToolIcon name={locked ? 'lock' : 'unlock'} size={14} />
        </button>
        <button
          type="button"
          className="btn btn-ghost btn-icon btn-sm"
          title="Delete"
          disabled={frozen}
          onClick={() => edit((s) => deleteAnnotations(s, [a.id]))}
          data-testid="annotation-delete"
        >
          <Icon name="trash" size={14} />
        </button>
      </span>
    </li>
  );
});

const EMPTY: number[] = [];
const EMPTY_ANN: Annotation[] = [];
