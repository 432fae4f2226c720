// The review queue (CVAT / Label Studio style): filters and the images with proposals on the left, the image
// with its proposals in the middle, the proposals of the image with accept / reject / edit and the focused one's
// history on the right, and a bulk bar: accept everything above a score, with the count it will change first.
// Every button has its key in the actions table (the help overlay lists them under Review).
import { useEffect, useState } from 'react';
import type { BatchJob } from '../../../shared/api/batch';
import type { ReviewStats } from '../../../shared/api/review';
import type { ReviewState } from '../../../shared/domain';
import { api, imageSrc } from '../api';
import { ActionKbd, actionTitle } from '../components/Kbd';
import { Modal } from '../components/Modal';
import { ScreenHeader } from '../components/ScreenHeader';
import { baseName } from '../lib/paths';
import { attempt, useApp } from '../state/app';
import { go } from '../state/commands';
import { labelColor } from '../canvas/colors';
import { ReviewCanvas } from './ReviewCanvas';
import {
  bulkAccept,
  decideCurrent,
  decideWholeImage,
  editCurrent,
  focusProposal,
  goToNextImage,
  loadQueue,
  openReview,
  setBulkScore,
  setReviewFilter,
  showImage,
} from './review-commands';
import { QUEUE_PAGE, useReview } from './review-store';
import './review.css';

const STATE_TEXT: Record<ReviewState, string> = {
  proposed: 'To review',
  accepted: 'Accepted',
  rejected: 'Rejected',
  edited: 'Edited',
};

export function ReviewScreen({ path }: { path: string }) {
  const labels = useApp((s) => s.labels);
  const view = useReview((s) => s.view);
  const current = useReview((s) => s.current);
  const notice = useReview((s) => s.notice);
  const [stats, setStats] = useState<ReviewStats | null>(null);
  const [jobs, setJobs] = useState<BatchJob[]>([]);
  const queueTotal = useReview((s) => s.queue.total);

  useEffect(() => {
    void openReview(path);
    void attempt(() => api.batch.list({ project: path })).then((j) => j && setJobs(j));
  }, [path]);
  useEffect(() => {
    void attempt(() => api.review.stats({ project: path, filter: {} })).then((s) => s && setStats(s));
  }, [path, queueTotal, view]);

  return (
    <div className="review" data-testid="review-screen">
      <ScreenHeader
        className="review-header"
        title="Review proposals"
        backText="Back to the library"
        onBack={() => go({ name: 'project', path })}
      >
        {stats && (
          <p className="muted" data-testid="review-stats">
            {stats.byState.proposed.toLocaleString('en')} to review ·{' '}
            {stats.byState.accepted.toLocaleString('en')} accepted ·{' '}
            {stats.byState.edited.toLocaleString('en')} edited · {stats.byState.rejected.toLocaleString('en')}{' '}
            rejected
          </p>
        )}
      </ScreenHeader>
      <div className="review-grid">
        <aside className="review-side">
          <Filters stats={stats} jobs={jobs} />
          <Queue path={path} />
        </aside>
        <section className="review-main">
          {view ? (
            <>
              <div className="review-image-bar">
                <button
                  type="button"
                  className="btn small"
                  onClick={() => void goToNextImage('prev')}
                  title={actionTitle('review.prevImage')}
                  data-testid="review-prev-image"
                >
                  ‹ Previous
                </button>
                <span className="review-image-name" title={view.image.path}>
                  {baseName(view.image.path)}
                </span>
                <button
                  type="button"
                  className="btn small"
                  onClick={() => void goToNextImage('next')}
                  title={actionTitle('review.nextImage')}
                  data-testid="review-next-image"
                >
                  Next to review ›
                </button>
              </div>
              <ReviewCanvas
                project={path}
                view={view}
                labels={labels}
                current={current}
                onFocus={focusProposal}
              />
            </>
          ) : (
            <div className="review-empty">
              {queueTotal === 0 ? 'No proposals match the filter.' : 'Pick an image on the left.'}
            </div>
          )}
          {notice && (
            <p className="review-notice" role="status" data-testid="review-notice">
              {notice}
            </p>
          )}
          <BulkBar />
        </section>
        <aside className="review-panel">{view && <Proposals />}</aside>
      </div>
    </div>
  );
}

function Filters({ stats, jobs }: { stats: ReviewStats | null; jobs: BatchJob[] }) {
  const filter = useReview((s) => s.filter);
  const labels = useApp((s) => s.labels);
  const state = filter.states?.length === 1 ? filter.states[0]! : 'all';
  return (
    <div className="review-filters" data-testid="review-filters">
      <div className="review-states" role="radiogroup" aria-label="Review state">
        {(['proposed', 'accepted', 'edited', 'rejected', 'all'] as const).map((s) => (
          <button
            key={s}
            type="button"
            role="radio"
            aria-checked={state === s}
            className={state === s ? 'chip active' : 'chip'}
            onClick={() => void setReviewFilter({ states: s === 'all' ? undefined : [s] })}
            data-testid={`review-state-${s}`}
          >
            {s === 'all' ? 'All' : STATE_TEXT[s]}
            {stats && s !== 'all' && <span className="chip-count">{stats.byState[s]}</span>}
          </button>
        ))}
      </div>
      <OneOf
        label="Label"
        every="Every label"
        value={filter.labelIds?.[0]}
        options={labels.map((l) => ({ value: String(l.id), text: l.name }))}
        onChange={(v) => void setReviewFilter({ labelIds: v ? [Number(v)] : undefined })}
        testId="review-filter-label"
      />
      <div className="review-filter-row">
        <ScoreInput
          label="Score from"
          placeholder="0"
          value={filter.minScore}
          testId="review-filter-min"
          onChange={(minScore) => void setReviewFilter({ minScore })}
        />
        <ScoreInput
          label="to"
          placeholder="1"
          value={filter.maxScore}
          testId="review-filter-max"
          onChange={(maxScore) => void setReviewFilter({ maxScore })}
        />
      </div>
      <OneOf
        label="Model"
        every="Every model"
        value={filter.modelIds?.[0]}
        options={(stats?.byModel ?? []).flatMap((m) =>
          m.modelId ? [{ value: m.modelId, text: `${m.modelId} (${m.count})` }] : [],
        )}
        onChange={(v) => void setReviewFilter({ modelIds: v ? [v] : undefined })}
        testId="review-filter-model"
      />
      <OneOf
        label="Job"
        every="Every job"
        value={filter.jobIds?.[0]}
        options={jobs.map((j) => ({ value: String(j.id), text: `#${j.id} ${j.name}` }))}
        onChange={(v) => void setReviewFilter({ jobIds: v ? [Number(v)] : undefined })}
        testId="review-filter-job"
      />
    </div>
  );
}

/** A filter on one value of a list, or on none ('Every ...'). */
function OneOf(props: {
  label: string;
  every: string;
  value: string | number | undefined;
  options: { value: string; text: string }[];
  onChange: (value: string | undefined) => void;
  testId: string;
}) {
  return (
    <label className="field">
      <span className="field-label">{props.label}</span>
      <select
        className="input"
        value={props.value ?? ''}
        onChange={(e) => props.onChange(e.target.value || undefined)}
        data-testid={props.testId}
      >
        <option value="">{props.every}</option>
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.text}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A score bound 0..1, applied when the field is left (or Enter); empty means no bound. */
function ScoreInput(props: {
  label: string;
  placeholder: string;
  value: number | undefined;
  onChange: (value: number | undefined) => void;
  testId: string;
}) {
  const [text, setText] = useState(props.value?.toString() ?? '');
  const parsed = () => {
    const v = Number(text);
    return text.trim() === '' || !Number.isFinite(v) ? undefined : Math.min(1, Math.max(0, v));
  };
  return (
    <label className="field">
      <span className="field-label">{props.label}</span>
      <input
        className="input"
        inputMode="decimal"
        value={text}
        placeholder={props.placeholder}
        onChange={(e) => setText(e.target.value)}
        onBlur={() => props.onChange(parsed())}
        onKeyDown={(e) => e.key === 'Enter' && (e.target as HTMLInputElement).blur()}
        data-testid={props.testId}
      />
    </label>
  );
}

function Queue({ path }: { path: string }) {
  const queue = useReview((s) => s.queue);
  const viewId = useReview((s) => s.view?.image.id);
  return (
    <div className="review-queue">
      <div className="review-queue-head">
        <span>{queue.total.toLocaleString('en')} images</span>
        {queue.total > QUEUE_PAGE && (
          <span className="review-pager">
            <button
              type="button"
              className="icon-btn small"
              disabled={queue.offset === 0}
              onClick={() => void loadQueue(Math.max(0, queue.offset - QUEUE_PAGE))}
              aria-label="Previous page"
            >
              ‹
            </button>
            {queue.offset + 1}–{Math.min(queue.total, queue.offset + QUEUE_PAGE)}
            <button
              type="button"
              className="icon-btn small"
              disabled={queue.offset + QUEUE_PAGE >= queue.total}
              onClick={() => void loadQueue(queue.offset + QUEUE_PAGE)}
              aria-label="Next page"
            >
              ›
            </button>
          </span>
        )}
      </div>
      <ul className="review-queue-list" data-testid="review-queue">
        {queue.items.map((item) => (
          <li key={item.imageId}>
            <button
              type="button"
              className={item.imageId === viewId ? 'review-queue-item active' : 'review-queue-item'}
              onClick={() => void showImage(item.imageId)}
              data-testid="review-queue-item"
              data-image-id={item.imageId}
            >
              <img src={imageSrc('thumb', path, item.imageId)} alt="" loading="lazy" />
              <span className="review-queue-text">
                <span className="review-queue-name">{baseName(item.path)}</span>
                <span className="review-queue-counts">
                  <span className="count-proposed">{item.counts.proposed} to review</span>
                  {item.counts.accepted + item.counts.edited > 0 && (
                    <span className="count-accepted">
                      {' '}
                      · {item.counts.accepted + item.counts.edited} kept
                    </span>
                  )}
                  {item.counts.rejected > 0 && (
                    <span className="count-rejected"> · {item.counts.rejected} rejected</span>
                  )}
                </span>
              </span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The buttons for the proposal in focus; their keys come from the actions table. */
const FOCUS_ACTIONS = [
  { id: 'review.accept', text: 'Accept', testId: 'review-accept', run: () => void decideCurrent('accept') },
  { id: 'review.reject', text: 'Reject', testId: 'review-reject', run: () => void decideCurrent('reject') },
  { id: 'review.edit', text: 'Edit', testId: 'review-edit', run: editCurrent },
] as const;

/** The buttons for every proposal the filter shows on the image. */
const IMAGE_ACTIONS = [
  {
    id: 'review.acceptImage',
    text: 'Accept all',
    testId: 'review-accept-image',
    run: () => void decideWholeImage('accept'),
  },
  {
    id: 'review.rejectImage',
    text: 'Reject all',
    testId: 'review-reject-image',
    run: () => void decideWholeImage('reject'),
  },
] as const;

/** Buttons for actions of the table: its title and key caps come from there. */
function ActionButtons(props: {
  actions: readonly { id: string; text: string; testId: string; run: () => void }[];
  primary?: string;
  keys?: boolean;
}) {
  return props.actions.map((f) => (
    <button
      key={f.id}
      type="button"
      className={f.id === props.primary ? 'btn btn-primary small' : 'btn small'}
      onClick={f.run}
      title={actionTitle(f.id)}
      data-testid={f.testId}
    >
      {f.text}
      {props.keys && (
        <>
          {' '}
          <ActionKbd id={f.id} />
        </>
      )}
    </button>
  ));
}

function Proposals() {
  const view = useReview((s) => s.view)!;
  const current = useReview((s) => s.current);
  const history = useReview((s) => s.history);
  const labels = useApp((s) => s.labels);
  const byId = new Map(view.annotations.map((a) => [a.id, a]));
  const labelName = (id: number | null) => labels.find((l) => l.id === id)?.name ?? 'no label';
  return (
    <div className="review-proposals">
      <div className="review-panel-head">
        <h2>Proposals ({view.matching.length})</h2>
        <div className="review-panel-actions">
          <ActionButtons actions={IMAGE_ACTIONS} />
        </div>
      </div>
      <ul className="review-proposal-list" data-testid="review-proposals">
        {view.matching.map((id) => {
          const a = byId.get(id);
          if (!a) return null;
          return (
            <li key={id}>
              <button
                type="button"
                className={id === current ? 'review-proposal active' : 'review-proposal'}
                onClick={() => focusProposal(id)}
                data-testid="review-proposal"
                data-id={id}
                data-state={a.reviewState}
              >
                <span className="swatch small" style={{ background: labelColor(labels, a.labelId) }} />
                <span className="review-proposal-label">{labelName(a.labelId)}</span>
                <span className="review-proposal-score">{a.score === null ? '—' : a.score.toFixed(2)}</span>
                <span className={`review-state review-state-${a.reviewState}`}>
                  {STATE_TEXT[a.reviewState]}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
      {current !== null && byId.get(current) && (
        <div className="review-focus" data-testid="review-focus">
          <div className="review-focus-actions">
            <ActionButtons actions={FOCUS_ACTIONS} primary="review.accept" keys />
          </div>
          <dl className="review-focus-facts">
            <dt>Model</dt>
            <dd>{byId.get(current)!.modelId ?? '—'}</dd>
            <dt>Prompt</dt>
            <dd>{byId.get(current)!.modelPrompt ?? '—'}</dd>
          </dl>
          <h3>History</h3>
          {history && history.length > 0 ? (
            <ol className="review-history" data-testid="review-history">
              {history.map((h) => (
                <li key={h.id}>
                  <span className="review-history-who">{h.who}</span> {h.action}:{' '}
                  {h.before.state ? STATE_TEXT[h.before.state] : '—'} →{' '}
                  {h.after.state ? STATE_TEXT[h.after.state] : 'deleted'}
                  {h.before.labelId !== h.after.labelId &&
                    ` (label ${labelName(h.before.labelId)} → ${labelName(h.after.labelId)})`}
                  <time className="muted" dateTime={h.at}>
                    {' '}
                    {new Date(h.at).toLocaleString('en-GB', { dateStyle: 'short', timeStyle: 'short' })}
                  </time>
                </li>
              ))}
            </ol>
          ) : (
            <p className="muted small">No review changes yet: as the model proposed it.</p>
          )}
        </div>
      )}
    </div>
  );
}

function BulkBar() {
  const score = useReview((s) => s.bulkScore);
  const preview = useReview((s) => s.preview);
  const [confirm, setConfirm] = useState(false);
  const n = preview?.annotations ?? 0;
  return (
    <div className="review-bulk" data-testid="review-bulk">
      <label className="review-bulk-score">
        Accept proposals to review with score ≥
        <input
          type="range"
          min={0}
          max={1}
          step={0.05}
          value={score}
          onChange={(e) => setBulkScore(Number(e.target.value))}
          data-testid="review-bulk-score"
        />
        <output>{score.toFixed(2)}</output>
      </label>
      <span className="muted" data-testid="review-bulk-preview">
        {preview
          ? `${n.toLocaleString('en')} proposals on ${preview.images.toLocaleString('en')} images`
          : '…'}
      </span>
      <button
        type="button"
        className="btn btn-primary small"
        disabled={n === 0}
        onClick={() => setConfirm(true)}
        data-testid="review-bulk-accept"
      >
        Accept {n.toLocaleString('en')}
      </button>
      {confirm && (
        <Modal
          title={`Accept ${n.toLocaleString('en')} proposals?`}
          onClose={() => setConfirm(false)}
          testId="review-bulk-confirm"
          footer={
            <>
              <button type="button" className="btn" onClick={() => setConfirm(false)}>
                Cancel
              </button>
              <button
                type="button"
                className="btn btn-primary"
                onClick={() => {
                  setConfirm(false);
                  void bulkAccept();
                }}
                data-testid="review-bulk-confirm-accept"
              >
                Accept {n.toLocaleString('en')}
              </button>
            </>
          }
        >
          <p>
            Every proposal still to review with a score of {score.toFixed(2)} or more that the filter shows,
            on {preview?.images.toLocaleString('en')} images. Each change is kept in its history under your
            name.
          </p>
        </Modal>
      )}
    </div>
  );
}
