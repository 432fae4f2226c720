// The renderer's whole state and the pure functions that change it. Everything else is derived.
import type { ImageFilter, ImagePage, JobInfo, JobState, SystemInfo } from '../../../shared/api';
import type {
  AppSettings,
  ErrorCode,
  ImageRecord,
  ImageStatus,
  ImportReport,
  Label,
  ProjectInfo,
  StudioErrorInfo,
  JobEvent,
} from '../../../shared/domain';
import type { ConnectionState } from '../api/transport';
import type { BatchViews } from '../jobs/batch-view';
import { HOME, type Route } from '../routing/routes';

export const PAGE_SIZE = 100;

export interface JobView {
  id: string;
  kind: string;
  state: JobState;
  done: number;
  total: number;
  message?: string;
  result?: unknown;
  error?: StudioErrorInfo;
  /** The project the job works on, when this window started it. */
  project?: string;
  /** Set once its outcome has been taken in (report shown, lists refreshed). */
  settled?: boolean;
}

export type ToastKind = 'info' | 'success' | 'error';
export interface Toast {
  id: number;
  kind: ToastKind;
  message: string;
  code?: ErrorCode;
}

export interface ImagesView extends ImagePage {
  loading: boolean;
  /** The query the items answer, so a stale answer is never shown for a newer query. */
  key: string;
}

export interface AppState {
  route: Route;
  connection: ConnectionState;
  settings: AppSettings | null;
  system: SystemInfo | null;
  /** The open project, or null on Home/Settings before one is opened. */
  project: ProjectInfo | null;
  labels: Label[];
  filter: ImageFilter;
  page: number;
  images: ImagesView;
  /** Selected image ids (on the current page) and the anchor of shift-click ranges. */
  selection: number[];
  anchor: number | null;
  /** The last finished import of the open project, until dismissed. */
  importReport: ImportReport | null;
  jobs: Record<string, JobView>;
  /** Batch pre-labeling jobs per project, as batch.list and the batch.progress events tell. */
  batch: BatchViews;
  toasts: Toast[];
  helpOpen: boolean;
}

export const EMPTY_IMAGES: ImagesView = { items: [], total: 0, loading: false, key: '' };

/** What belongs to the open project: a project just opened starts with its labels and an empty library page. */
type ProjectPart = Pick<
  AppState,
  'project' | 'labels' | 'filter' | 'page' | 'images' | 'selection' | 'anchor' | 'importReport'
>;

const projectPart = (project: ProjectInfo | null, labels: Label[]): ProjectPart => ({
  project,
  labels,
  filter: {},
  page: 0,
  images: EMPTY_IMAGES,
  selection: [],
  anchor: null,
  importReport: null,
});

export function initialState(route: Route = HOME): AppState {
  return {
    route,
    connection: 'connecting',
    settings: null,
    system: null,
    ...projectPart(null, []),
    jobs: {},
    batch: {},
    toasts: [],
    helpOpen: false,
  };
}

/** The state with this project open: its labels, no filter, no selection, the library to be loaded. */
export function withProject(state: AppState, project: ProjectInfo, labels: Label[]): AppState {
  return { ...state, ...projectPart(project, labels) };
}

// ---- filter and paging ----

/** Drops empty values so that `{}` means "everything" and equal filters compare equal. */
export function normalizeFilter(filter: ImageFilter): ImageFilter {
  const out: ImageFilter = {};
  if (filter.status) out.status = filter.status;
  if (filter.labelId !== undefined) out.labelId = filter.labelId;
  if (filter.hasPredictions) out.hasPredictions = true;
  if (filter.missing) out.missing = true;
  const search = filter.search?.trim();
  if (search) out.search = search;
  return out;
}

export function isFiltered(filter: ImageFilter): boolean {
  return Object.keys(normalizeFilter(filter)).length > 0;
}

/** A new filter starts again at the first page with nothing selected. */
export function withFilter(state: AppState, patch: Partial<ImageFilter>): AppState {
  const filter = normalizeFilter({ ...state.filter, ...patch });
  return { ...state, filter, page: 0, selection: [], anchor: null };
}

export function pageCount(total: number, pageSize = PAGE_SIZE): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

export function withPage(state: AppState, page: number): AppState {
  const last = pageCount(state.images.total) - 1;
  const next = Math.max(0, Math.min(last, Math.floor(page)));
  return next === state.page ? state : { ...state, page: next, selection: [], anchor: null };
}

/** The key of an images query: project, filter and page. */
export function imagesKey(project: string, filter: ImageFilter, page: number): string {
  return JSON.stringify([project, normalizeFilter(filter), page]);
}

/** Status changes are shown at once; images that no longer match the status filter stay until the next load. */
export function withImageStatus(images: ImagesView, ids: readonly number[], status: ImageStatus): ImagesView {
  const set = new Set(ids);
  return { ...images, items: images.items.map((i) => (set.has(i.id) ? { ...i, status } : i)) };
}

export function withImage(images: ImagesView, image: ImageRecord): ImagesView {
  if (!images.items.some((i) => i.id === image.id)) return images;
  return { ...images, items: images.items.map((i) => (i.id === image.id ? image : i)) };
}

// ---- selection (click toggles, shift-click selects the range from the anchor) ----

export function toggleSelection(state: AppState, id: number): AppState {
  const selected = state.selection.includes(id);
  const selection = selected ? state.selection.filter((s) => s !== id) : [...state.selection, id];
  return { ...state, selection, anchor: id };
}

export function selectRange(state: AppState, order: readonly number[], id: number): AppState {
  const anchor = state.anchor ?? id;
  const a = order.indexOf(anchor);
  const b = order.indexOf(id);
  if (a === -1 || b === -1) return toggleSelection(state, id);
  const [from, to] = a <= b ? [a, b] : [b, a];
  const range = order.slice(from, to + 1);
  const selection = [...new Set([...state.selection, ...range])];
  return { ...state, selection, anchor };
}

export function clearSelection(state: AppState): AppState {
  return state.selection.length === 0 && state.anchor === null
    ? state
    : { ...state, selection: [], anchor: null };
}

// ---- jobs (fed by StudioEvents and, as a fallback, by polling jobs.get) ----

export function applyJobEvent(jobs: Record<string, JobView>, event: JobEvent): Record<string, JobView> {
  const prev: JobView = jobs[event.jobId] ?? {
    id: event.jobId,
    kind: event.kind,
    state: 'running',
    done: 0,
    total: 0,
  };
  let next: JobView;
  switch (event.type) {
    case 'job.progress':
      // A late progress event never moves a finished job back to running.
      if (prev.state !== 'running') return jobs;
      next = { ...prev, done: event.done, total: event.total, message: event.message };
      break;
    case 'job.done':
      next = { ...prev, state: 'done', result: event.result, done: Math.max(prev.done, prev.total) };
      break;
    case 'job.failed':
      next = { ...prev, state: prev.state === 'cancelled' ? 'cancelled' : 'failed', error: event.error };
      break;
    default:
      return jobs;
  }
  return { ...jobs, [event.jobId]: next };
}

/** Merges a running job's progress from a poll; a finished job stays as it ended, and a poll never moves it back. */
export function applyJobProgress(
  jobs: Record<string, JobView>,
  jobId: string,
  progress: { done: number; total: number; message?: string },
): Record<string, JobView> {
  const prev = jobs[jobId];
  if (!prev || prev.state !== 'running') return jobs;
  const next: JobView = {
    ...prev,
    done: Math.max(prev.done, progress.done),
    total: progress.total,
    ...(progress.message !== undefined ? { message: progress.message } : {}),
  };
  return { ...jobs, [jobId]: next };
}

/** Merges what jobs.get says (used when events were missed, e.g. while the socket reconnected). */
export function applyJobInfo(jobs: Record<string, JobView>, info: JobInfo): Record<string, JobView> {
  const prev = jobs[info.id];
  if (prev && prev.state !== 'running') return jobs;
  const next: JobView = {
    ...prev,
    id: info.id,
    kind: info.kind,
    state: info.state,
    done: Math.max(prev?.done ?? 0, info.done),
    total: info.total,
    ...(info.result !== undefined ? { result: info.result } : {}),
    ...(info.error ? { error: info.error } : {}),
  };
  return { ...jobs, [info.id]: next };
}

export function trackJob(
  jobs: Record<string, JobView>,
  id: string,
  kind: string,
  project: string,
): Record<string, JobView> {
  const prev = jobs[id] ?? { id, kind, state: 'running' as const, done: 0, total: 0 };
  return { ...jobs, [id]: { ...prev, project } };
}

/** The running job of a kind for a project, for progress bars. */
export function runningJob(
  jobs: Record<string, JobView>,
  kind: string,
  project: string | undefined,
): JobView | undefined {
  return Object.values(jobs).find((j) => j.kind === kind && j.project === project && j.state === 'running');
}

export function jobFraction(job: Pick<JobView, 'done' | 'total'>): number | null {
  return job.total > 0 ? Math.min(1, job.done / job.total) : null;
}

// ---- toasts ----

export const MAX_TOASTS = 5;

export function addToast(toasts: Toast[], toast: Toast): Toast[] {
  // The same error twice in a row is shown once.
  const last = toasts[toasts.length - 1];
  if (last && last.message === toast.message && last.kind === toast.kind) return toasts;
  const next = [...toasts, toast];
  // Too many: drop the oldest info first, then the oldest at all.
  while (next.length > MAX_TOASTS) {
    const i = next.findIndex((t) => t.kind !== 'error');
    next.splice(i === -1 ? 0 : i, 1);
  }
  return next;
}

export function removeToast(toasts: Toast[], id: number): Toast[] {
  return toasts.some((t) => t.id === id) ? toasts.filter((t) => t.id !== id) : toasts;
}
