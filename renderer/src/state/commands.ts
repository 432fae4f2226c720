// Everything the UI can ask of the backend, as plain functions over the store and the API. Screens and the
// actions table call these; failures become toasts here, so no caller forgets one.
import type { ImageFilter } from '../../../shared/api';
import type { AppSettings, ImageStatus, ImportReport, Label, StudioEvent } from '../../../shared/domain';
import { api, followJob, transport } from '../api';
import { formatCount, plural } from '../lib/format';
import { nextFreeHotkey, nextLabelColor } from '../lib/labels';
import { routeProject, type Route } from '../routing/routes';
import {
  applyJobEvent,
  applyJobInfo,
  applyJobProgress,
  clearSelection,
  EMPTY_IMAGES,
  imagesKey,
  PAGE_SIZE,
  trackJob,
  withFilter,
  withImageStatus,
  withPage,
  type AppState,
  type JobView,
} from './app-state';
import { attempt, navigate, reportError, store, toast, update } from './app';

const state = () => store.get();
const openPath = () => state().project?.path;

// ---- start-up ----

let booted = false;
export function boot(): void {
  if (booted) return;
  booted = true;
  transport.onConnection((connection) => update((s) => ({ ...s, connection })));
  transport.onEvent(onEvent);
  void attempt(async () => {
    const [settings, system] = await Promise.all([api.settings.get({}), api.system.info({})]);
    update((s) => ({ ...s, settings, system }));
  });
}

// ---- projects ----

/** Opens the project a route points at, once; a project that cannot be opened sends the user home. */
let opening: string | null = null;
export async function ensureProject(path: string): Promise<void> {
  if (openPath() === path) return;
  if (opening === path) return;
  opening = path;
  try {
    const info = await api.projects.open({ path });
    const labels = await api.labels.list({ project: info.path });
    if (routeProject(state().route) !== path) return;
    update((s) => ({
      ...s,
      project: info,
      labels,
      filter: {},
      page: 0,
      images: EMPTY_IMAGES,
      selection: [],
      anchor: null,
      importReport: null,
    }));
  } catch (err) {
    reportError(err);
    if (routeProject(state().route) === path) navigate({ name: 'home' }, { replace: true });
  } finally {
    opening = null;
  }
}

export async function createProject(input: { name: string; path: string; imageFolder?: string }) {
  const info = await attempt(() => api.projects.create({ name: input.name, path: input.path }));
  if (!info) return false;
  update((s) => ({
    ...s,
    project: info,
    labels: [],
    filter: {},
    page: 0,
    images: EMPTY_IMAGES,
    selection: [],
    anchor: null,
    importReport: null,
  }));
  navigate({ name: 'project', path: info.path });
  if (input.imageFolder) await importFolder(input.imageFolder);
  return true;
}

export async function refreshProject(): Promise<void> {
  const path = openPath();
  if (!path) return;
  const info = await attempt(() => api.projects.info({ project: path }));
  if (info && openPath() === path) update((s) => ({ ...s, project: info }));
}

// ---- images ----

let reloadTimer: ReturnType<typeof setTimeout> | null = null;

export async function loadImages(): Promise<void> {
  const { project, filter, page } = state();
  if (!project) return;
  const key = imagesKey(project.path, filter, page);
  update((s) => ({ ...s, images: { ...s.images, loading: true } }));
  try {
    const result = await api.images.list({
      project: project.path,
      offset: page * PAGE_SIZE,
      limit: PAGE_SIZE,
      filter,
    });
    if (imagesKey(openPath() ?? '', state().filter, state().page) !== key) return;
    update((s) => {
      const ids = new Set(result.items.map((i) => i.id));
      const next: AppState = { ...s, images: { ...result, loading: false, key } };
      next.selection = s.selection.filter((id) => ids.has(id));
      // A page past the end (after images left the filter) moves back to the last page.
      return result.items.length === 0 && result.total > 0 ? withPage(next, next.page) : next;
    });
  } catch (err) {
    update((s) => ({ ...s, images: { ...s.images, loading: false } }));
    reportError(err);
  }
}

/** Coalesces reloads while work streams in (an import adds images batch by batch). */
function reloadSoon(ms = 1500): void {
  if (reloadTimer !== null) return;
  reloadTimer = setTimeout(() => {
    reloadTimer = null;
    void loadImages();
    void refreshProject();
  }, ms);
}

export function setFilter(patch: Partial<ImageFilter>): void {
  update((s) => withFilter(s, patch));
}

export function setPage(page: number): void {
  update((s) => withPage(s, page));
}

export async function setStatus(ids: readonly number[], status: ImageStatus): Promise<boolean> {
  const project = openPath();
  if (!project || ids.length === 0) return false;
  update((s) => ({ ...s, images: withImageStatus(s.images, ids, status) }));
  const ok = await attempt(() => api.images.setStatus({ project, ids: [...ids], status }));
  if (ok === undefined) {
    void loadImages();
    return false;
  }
  return true;
}

export function selectAllOnPage(): void {
  update((s) => ({
    ...s,
    selection: s.images.items.map((i) => i.id),
    anchor: s.images.items[0]?.id ?? null,
  }));
}

export function deselectAll(): void {
  update(clearSelection);
}

/** The status shortcut: the open image in the image view, the selection in the library. */
export async function setStatusHere(status: ImageStatus): Promise<void> {
  const { route, selection } = state();
  if (route.name === 'image') {
    if (await setStatus([route.imageId], status)) imageChanged(route.imageId);
  } else if (route.name === 'project' && selection.length > 0) {
    if (await setStatus(selection, status))
      toast('success', `${plural(selection.length, 'image')} marked ${statusWord(status)}`);
  }
}

const STATUS_WORDS: Record<ImageStatus, string> = {
  new: 'as new',
  in_progress: 'in progress',
  review: 'for review',
  done: 'done',
  skipped: 'skipped',
};
const statusWord = (status: ImageStatus) => STATUS_WORDS[status];

/** The image view listens to this to re-read its image after a change made elsewhere (e.g. a shortcut). */
const imageListeners = new Set<(id: number) => void>();
export function onImageChanged(listener: (id: number) => void): () => void {
  imageListeners.add(listener);
  return () => imageListeners.delete(listener);
}
function imageChanged(id: number): void {
  for (const l of imageListeners) l(id);
}

export async function verifyFiles(): Promise<void> {
  const project = openPath();
  if (!project) return;
  const result = await attempt(() => api.images.verify({ project }));
  if (!result) return;
  toast(
    result.missing === 0 ? 'success' : 'info',
    result.missing === 0
      ? 'Every image file is where it was.'
      : `${plural(result.missing, 'file')} missing. Relink them from the folder they moved to.`,
  );
  void loadImages();
  void refreshProject();
}

export async function relink(folder: string): Promise<void> {
  const project = openPath();
  if (!project) return;
  const report = await attempt(() => api.images.relink({ project, folder }));
  if (!report) return;
  const found =
    report.relinked === 0
      ? 'No missing image was found there'
      : `Relinked ${plural(report.relinked, 'image')}`;
  toast(
    report.relinked > 0 ? 'success' : 'info',
    `${found}; ${formatCount(report.stillMissing)} still missing.`,
  );
  void loadImages();
  void refreshProject();
}

/** The next or previous image in the library's current filter, or null at either end. */
export async function neighborOf(
  project: string,
  id: number,
  direction: 'prev' | 'next',
): Promise<number | null> {
  return api.images.neighbor({ project, id, direction, filter: state().filter });
}

// ---- import jobs ----

export async function importFolder(folder: string): Promise<void> {
  const project = openPath();
  if (!project) return;
  const started = await attempt(() => api.images.importFolder({ project, folder, recursive: true }));
  if (!started) return;
  update((s) => ({ ...s, importReport: null, jobs: trackJob(s.jobs, started.jobId, 'import', project) }));
  settleJobs();
  void watchJob(started.jobId);
}

export async function cancelJob(jobId: string): Promise<void> {
  await attempt(() => api.jobs.cancel({ jobId }));
}

export function dismissImportReport(): void {
  update((s) => ({ ...s, importReport: null }));
}

function onEvent(event: StudioEvent): void {
  update((s) => ({ ...s, jobs: applyJobEvent(s.jobs, event) }));
  const job = state().jobs[event.jobId];
  if (event.type === 'job.progress' && job?.kind === 'import' && job.project && job.project === openPath()) {
    reloadSoon();
  }
  settleJobs();
}

/** Follows a job while it runs: events are the fast path, this catches any that a reconnect lost. */
async function watchJob(jobId: string): Promise<void> {
  try {
    const info = await followJob(
      jobId,
      (progress) => update((s) => ({ ...s, jobs: applyJobProgress(s.jobs, jobId, progress) })),
      { pollMs: 1500 },
    );
    update((s) => ({ ...s, jobs: applyJobInfo(s.jobs, info) }));
    settleJobs();
  } catch {
    // The studio no longer knows the job (it restarted): nothing more to learn about it.
  }
}

/** Takes in the outcome of every finished job this window started, once. */
function settleJobs(): void {
  const finished = Object.values(state().jobs).filter(
    (j) => j.project && j.state !== 'running' && !j.settled,
  );
  if (finished.length === 0) return;
  update((s) => {
    const jobs = { ...s.jobs };
    for (const j of finished) jobs[j.id] = { ...j, settled: true };
    return { ...s, jobs };
  });
  for (const job of finished) onJobFinished(job);
}

function onJobFinished(job: JobView): void {
  if (job.kind !== 'import') return;
  const here = job.project === openPath();
  if (job.state === 'done') {
    const report = job.result as ImportReport;
    if (here) update((s) => ({ ...s, importReport: report }));
    else toast('success', `Import finished: ${plural(report.added, 'image')} added.`);
  } else if (job.state === 'failed' && job.error) {
    toast('error', `Import stopped: ${job.error.message}`, job.error.code);
  } else if (job.state === 'cancelled') {
    toast('info', 'Import cancelled. Images imported so far are kept.');
  }
  if (here) {
    void loadImages();
    void refreshProject();
  }
}

// ---- labels ----

export async function createLabel(name: string): Promise<boolean> {
  const project = openPath();
  if (!project) return false;
  const { labels } = state();
  const label = await attempt(() =>
    api.labels.create({ project, name, color: nextLabelColor(labels), hotkey: nextFreeHotkey(labels) }),
  );
  if (!label) return false;
  update((s) => ({ ...s, labels: [...s.labels, label] }));
  void refreshProject();
  return true;
}

export async function updateLabel(
  id: number,
  patch: Partial<Pick<Label, 'name' | 'color' | 'hotkey'>>,
): Promise<boolean> {
  const project = openPath();
  if (!project) return false;
  const label = await attempt(() => api.labels.update({ project, id, ...patch }));
  if (!label) return false;
  update((s) => ({ ...s, labels: s.labels.map((l) => (l.id === id ? label : l)) }));
  return true;
}

export async function deleteLabel(id: number): Promise<void> {
  const project = openPath();
  if (!project) return;
  const ok = await attempt(() => api.labels.remove({ project, id }));
  if (ok === undefined) return;
  update((s) => ({ ...s, labels: s.labels.filter((l) => l.id !== id) }));
  void refreshProject();
}

// ---- settings ----

export async function saveSettings(patch: Partial<AppSettings>): Promise<AppSettings> {
  const settings = await api.settings.update(patch);
  update((s) => ({ ...s, settings }));
  return settings;
}

// ---- navigation helpers used by the actions table ----

export function go(route: Route): void {
  navigate(route);
}

export function toggleHelp(open?: boolean): void {
  update((s) => ({ ...s, helpOpen: open ?? !s.helpOpen }));
}

export function focusSearch(): void {
  const input = document.querySelector<HTMLInputElement>('[data-testid="filter-search"]');
  input?.focus();
  input?.select();
}

/** Asks the library screen to open its folder picker for an import. */
const importRequests = new Set<() => void>();
export function onImportRequest(listener: () => void): () => void {
  importRequests.add(listener);
  return () => importRequests.delete(listener);
}
export function requestImport(): void {
  for (const l of importRequests) l();
}

/** Asks the image view to move; it knows its neighbours already. */
const stepRequests = new Set<(direction: 'prev' | 'next') => void>();
export function onStepRequest(listener: (direction: 'prev' | 'next') => void): () => void {
  stepRequests.add(listener);
  return () => stepRequests.delete(listener);
}
export function requestStep(direction: 'prev' | 'next'): void {
  for (const l of stepRequests) l(direction);
}

export const commands = {
  go,
  toggleHelp,
  focusSearch,
  requestImport,
  requestStep,
  selectAllOnPage,
  deselectAll,
  setStatusHere,
  setPage,
};
export type Commands = typeof commands;
