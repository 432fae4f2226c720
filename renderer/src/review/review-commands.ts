// What the review screen and its shortcuts ask of the studio: load the queue and an image, decide on the
// proposal in focus or on the whole image, walk to the next unreviewed image, bulk accept above a score after
// its preview, open a proposal in the editor. Failures become toasts (attempt), never a broken screen.
import type { ReviewDecision, ReviewFilter } from '../../../shared/api/review';
import { api } from '../api';
import { selectWhenOpened } from '../editor/editor-store';
import { attempt, navigate, toast } from '../state/app';
import {
  afterDecision,
  initialReview,
  QUEUE_PAGE,
  reviewStore,
  stepProposal,
  type ReviewState,
} from './review-store';

const get = () => reviewStore.get();
const set = (fn: (s: ReviewState) => ReviewState) => reviewStore.set(fn);

export async function openReview(path: string): Promise<void> {
  if (get().path !== path) set(() => ({ ...initialReview(), path }));
  await loadQueue();
  if (get().view === null) await goToNextImage('next');
}

/** Opens the review screen on one job's proposals (the jobs screen's Review button). */
export function reviewJob(path: string, jobId: number): void {
  set(() => ({ ...initialReview(), path, filter: { ...initialReview().filter, jobIds: [jobId] } }));
  navigate({ name: 'review', path });
}

export async function loadQueue(offset = get().queue.offset): Promise<void> {
  const { path, filter } = get();
  if (!path) return;
  set((s) => ({ ...s, queue: { ...s.queue, loading: true } }));
  const page = await attempt(() => api.review.queue({ project: path, filter, offset, limit: QUEUE_PAGE }));
  set((s) => ({ ...s, queue: page ? { ...page, offset, loading: false } : { ...s.queue, loading: false } }));
  void refreshPreview();
}

export async function setReviewFilter(patch: Partial<ReviewFilter>): Promise<void> {
  set((s) => {
    const filter = { ...s.filter, ...patch };
    for (const k of Object.keys(filter) as (keyof ReviewFilter)[])
      if (filter[k] === undefined) delete filter[k];
    return { ...s, filter };
  });
  await loadQueue(0);
  const { view } = get();
  if (view) await showImage(view.image.id);
}

export async function showImage(imageId: number, focus?: number): Promise<void> {
  const { path, filter } = get();
  if (!path) return;
  const view = await attempt(() => api.review.image({ project: path, imageId, filter }));
  if (!view) return;
  const open = view.matching.find(
    (id) => view.annotations.find((a) => a.id === id)?.reviewState === 'proposed',
  );
  const current = focus ?? open ?? view.matching[0] ?? null;
  set((s) => ({ ...s, view, current, notice: null, history: null }));
  void loadHistory();
}

export function focusProposal(id: number): void {
  set((s) => ({ ...s, current: id, history: null }));
  void loadHistory();
}

export function moveProposal(step: 1 | -1): void {
  const next = stepProposal(get(), step);
  if (next !== null) focusProposal(next);
}

async function loadHistory(): Promise<void> {
  const { path, current } = get();
  if (!path || current === null) return;
  const history = await attempt(() => api.review.history({ project: path, annotationId: current }));
  if (history && get().current === current) set((s) => ({ ...s, history }));
}

/** Accept / reject / reset the proposal in focus, then focus the next one still to review. */
export async function decideCurrent(decision: ReviewDecision): Promise<void> {
  const { path, current, view } = get();
  if (!path || current === null || !view) return;
  const done = await attempt(() => api.review.decide({ project: path, ids: [current], decision }));
  if (!done) return;
  const annotations = view.annotations.map((a) => done.find((d) => d.id === a.id) ?? a);
  const next = { ...view, annotations };
  // The state and the focus move together, so a quick second key lands on the next proposal.
  set((s) => ({ ...s, view: next, current: afterDecision(next, current) ?? current, history: null }));
  void loadHistory();
  await loadQueue();
}

export async function decideWholeImage(decision: ReviewDecision): Promise<void> {
  const { path, view, filter } = get();
  if (!path || !view) return;
  const out = await attempt(() =>
    api.review.decideImage({ project: path, imageId: view.image.id, filter, decision }),
  );
  if (!out) return;
  await loadQueue();
  await showImage(view.image.id);
}

/** The next (or previous) image with proposals still to review; says so when there is none. */
export async function goToNextImage(direction: 'next' | 'prev'): Promise<void> {
  const { path, view, filter } = get();
  if (!path) return;
  const imageId = await attempt(() =>
    api.review.next({ project: path, direction, filter, ...(view ? { imageId: view.image.id } : {}) }),
  );
  if (imageId === undefined) return;
  if (imageId === null) {
    set((s) => ({ ...s, notice: 'Nothing left to review with this filter.' }));
    return;
  }
  await showImage(imageId);
}

export function setBulkScore(score: number): void {
  set((s) => ({ ...s, bulkScore: score }));
  void refreshPreview();
}

/** The bulk bar's proposals: the filter's, at the bar's score or above. */
const bulkFilter = ({ filter, bulkScore }: ReviewState): ReviewFilter => ({
  ...filter,
  minScore: Math.max(bulkScore, filter.minScore ?? 0),
});

async function refreshPreview(): Promise<void> {
  const { path, bulkScore } = get();
  if (!path) return;
  const preview = await attempt(() => api.review.bulkPreview({ project: path, filter: bulkFilter(get()) }));
  if (preview && get().bulkScore === bulkScore) set((s) => ({ ...s, preview }));
}

export async function bulkAccept(): Promise<void> {
  const { path } = get();
  if (!path) return;
  const out = await attempt(() =>
    api.review.bulkApply({ project: path, filter: bulkFilter(get()), decision: 'accept' }),
  );
  if (!out) return;
  toast('info', `Accepted ${out.changed.toLocaleString('en')} proposals.`);
  await loadQueue();
  const { view } = get();
  if (view) await showImage(view.image.id);
}

/** Opens the proposal in focus in the editor, selected, to fix its shape or label. */
export function editCurrent(): void {
  const { path, current, view } = get();
  if (!path || current === null || !view) return;
  selectWhenOpened(view.image.id, [current]);
  navigate({ name: 'image', path, imageId: view.image.id });
}

export const reviewCommands = {
  decideCurrent,
  decideWholeImage,
  moveProposal,
  goToNextImage,
  editCurrent,
};
