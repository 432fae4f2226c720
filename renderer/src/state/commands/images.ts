// The library's images: loading the current page, filter and paging, status changes, selection, and the checks
// that find moved files.
import type { ImageFilter } from '../../../../shared/api';
import type { ImageStatus } from '../../../../shared/domain';
import { api } from '../../api';
import { formatCount, plural } from '../../../../shared/counts';
import {
  clearSelection,
  imagesKey,
  PAGE_SIZE,
  withFilter,
  withImageStatus,
  withPage,
  type AppState,
} from '../app-state';
import { attempt, reportError, toast, update } from '../app';
import { openPath, refreshProject, state } from './open-project';

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
export function reloadSoon(ms = 1500): void {
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
