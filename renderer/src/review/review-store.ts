// The review screen's state: the filter, the page of the queue, the image under review with its proposals, the
// proposal in focus and its history, and the bulk bar's threshold with its preview count. Pure updates here;
// review-commands.ts talks to the studio.
import type { AuditEntry, ReviewFilter, ReviewImage, ReviewQueueItem } from '../../../shared/api/review';
import { createStore, useStore } from '../state/store';

export const QUEUE_PAGE = 100;

export interface ReviewState {
  path: string | null;
  filter: ReviewFilter;
  queue: { items: ReviewQueueItem[]; total: number; offset: number; loading: boolean };
  view: ReviewImage | null;
  /** The proposal in focus (one of view.matching), or null. */
  current: number | null;
  history: AuditEntry[] | null;
  bulkScore: number;
  preview: { annotations: number; images: number } | null;
  /** Said under the image: "No more proposals to review", a failed call, ... */
  notice: string | null;
}

export const initialReview = (): ReviewState => ({
  path: null,
  // Unreviewed proposals first: what a reviewer opens the screen for.
  filter: { states: ['proposed'] },
  queue: { items: [], total: 0, offset: 0, loading: false },
  view: null,
  current: null,
  history: null,
  bulkScore: 0.8,
  preview: null,
  notice: null,
});

export const reviewStore = createStore<ReviewState>(initialReview());

export function useReview<T>(selector: (s: ReviewState) => T): T {
  return useStore(reviewStore, selector);
}

/** The proposal `step` places after the current one among the image's matching ones (clamped at the ends). */
export function stepProposal(s: ReviewState, step: 1 | -1): number | null {
  const ids = s.view?.matching ?? [];
  if (ids.length === 0) return null;
  const at = s.current === null ? -1 : ids.indexOf(s.current);
  const next = Math.min(ids.length - 1, Math.max(0, at === -1 ? 0 : at + step));
  return ids[next]!;
}

/** After a decision on `id`: the next matching proposal still to review, or the same when none is left. */
export function afterDecision(view: ReviewImage, id: number): number | null {
  const ids = view.matching;
  const at = ids.indexOf(id);
  const open = (x: number) => view.annotations.find((a) => a.id === x)?.reviewState === 'proposed';
  for (let k = 1; k <= ids.length; k++) {
    const candidate = ids[(at + k) % ids.length]!;
    if (open(candidate)) return candidate;
  }
  return id;
}
