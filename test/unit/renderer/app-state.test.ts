import { describe, expect, it } from 'vitest';
import type { ImageRecord } from '../../../shared/domain';
import {
  addToast,
  applyJobEvent,
  applyJobInfo,
  applyJobProgress,
  imagesKey,
  initialState,
  isFiltered,
  MAX_TOASTS,
  normalizeFilter,
  pageCount,
  removeToast,
  runningJob,
  selectRange,
  toggleSelection,
  trackJob,
  withFilter,
  withImageStatus,
  withPage,
  withProject,
  type AppState,
} from '../../../renderer/src/state/app-state';

const image = (id: number): ImageRecord => ({
  id,
  path: `/d/${id}.jpg`,
  sha256: 'f'.repeat(64),
  sizeBytes: 10,
  width: 4,
  height: 3,
  orientation: 1,
  format: 'jpeg',
  status: 'new',
  missing: false,
  addedAt: '',
  updatedAt: '',
  annotationCount: 0,
  proposalCount: 0,
});

const withItems = (ids: number[], total = ids.length): AppState => ({
  ...initialState(),
  images: { items: ids.map(image), total, loading: false, key: 'k' },
});

describe('filters and pages', () => {
  it('drops empty values so equal filters compare equal', () => {
    expect(normalizeFilter({ search: '  ', missing: false, hasPredictions: undefined })).toEqual({});
    expect(normalizeFilter({ search: ' car ', status: 'done' })).toEqual({ status: 'done', search: 'car' });
    expect(isFiltered({ search: '' })).toBe(false);
    expect(imagesKey('/p', { search: '' }, 0)).toBe(imagesKey('/p', {}, 0));
  });

  it('a new filter goes back to page one and clears the selection', () => {
    const s = { ...withItems([1, 2]), page: 3, selection: [1], anchor: 1 };
    const next = withFilter(s, { status: 'review' });
    expect(next.filter).toEqual({ status: 'review' });
    expect(next.page).toBe(0);
    expect(next.selection).toEqual([]);
    expect(withFilter(next, { status: undefined }).filter).toEqual({});
  });

  it('keeps the page within range', () => {
    const s = withItems([1], 250);
    expect(pageCount(250)).toBe(3);
    expect(pageCount(0)).toBe(1);
    expect(withPage(s, 9).page).toBe(2);
    expect(withPage(s, -1).page).toBe(0);
    expect(withPage(s, 0)).toBe(s);
  });

  it('shows a status change at once', () => {
    const s = withItems([1, 2, 3]);
    const images = withImageStatus(s.images, [1, 3], 'done');
    expect(images.items.map((i) => i.status)).toEqual(['done', 'new', 'done']);
  });
});

describe('opening a project', () => {
  it('takes its labels and starts from an unfiltered first page with nothing selected, keeping jobs and toasts', () => {
    const info = {
      path: '/p/b.vpstudio',
      name: 'b',
      schemaVersion: 5,
      createdAt: '2025-01-01T00:00:00Z',
      readOnly: false,
      counts: { images: 2, annotations: 0, labels: 1, missing: 0 },
    };
    const label = { id: 1, name: 'car', color: '#4e79a7', hotkey: 1 };
    let s = withFilter(initialState(), { status: 'done' });
    s = { ...s, page: 3, selection: [4, 5], anchor: 4, jobs: trackJob({}, 'j', 'import', '/p/a.vpstudio') };
    const opened = withProject(s, info, [label]);
    expect(opened).toMatchObject({
      project: info,
      labels: [label],
      filter: {},
      page: 0,
      selection: [],
      anchor: null,
      importReport: null,
      images: { items: [], total: 0 },
    });
    expect(opened.jobs).toBe(s.jobs);
  });
});

describe('selection', () => {
  it('toggles and selects ranges from the anchor, both ways', () => {
    let s = withItems([1, 2, 3, 4, 5]);
    const order = [1, 2, 3, 4, 5];
    s = toggleSelection(s, 2);
    expect(s.selection).toEqual([2]);
    s = selectRange(s, order, 4);
    expect(s.selection.sort()).toEqual([2, 3, 4]);
    s = toggleSelection(s, 3);
    expect(s.selection.sort()).toEqual([2, 4]);
    expect(s.anchor).toBe(3);
    s = selectRange(s, order, 1);
    expect(s.selection.sort()).toEqual([1, 2, 3, 4]);
  });

  it('a range without an anchor selects just the one', () => {
    const s = selectRange(withItems([1, 2, 3]), [1, 2, 3], 2);
    expect(s.selection).toEqual([2]);
  });
});

describe('jobs', () => {
  it('follows progress to done and never goes back to running', () => {
    let jobs = applyJobEvent({}, { type: 'job.progress', jobId: 'j', kind: 'import', done: 3, total: 9 });
    expect(jobs.j).toMatchObject({ state: 'running', done: 3, total: 9 });
    jobs = applyJobEvent(jobs, { type: 'job.done', jobId: 'j', kind: 'import', result: { added: 9 } });
    expect(jobs.j).toMatchObject({ state: 'done', done: 9, result: { added: 9 } });
    const late = applyJobEvent(jobs, { type: 'job.progress', jobId: 'j', kind: 'import', done: 4, total: 9 });
    expect(late).toBe(jobs);
  });

  it('keeps events that arrive before the job is tracked, then adds the project', () => {
    let jobs = applyJobEvent({}, { type: 'job.done', jobId: 'j', kind: 'import', result: null });
    jobs = trackJob(jobs, 'j', 'import', '/p');
    expect(jobs.j).toMatchObject({ state: 'done', project: '/p' });
  });

  it('records failures', () => {
    const jobs = applyJobEvent(trackJob({}, 'j', 'import', '/p'), {
      type: 'job.failed',
      jobId: 'j',
      kind: 'import',
      error: { code: 'io_error', message: 'disk gone' },
    });
    expect(jobs.j).toMatchObject({ state: 'failed', error: { code: 'io_error' } });
  });

  it('merges polled info without losing progress or reviving a finished job', () => {
    let jobs = trackJob({}, 'j', 'import', '/p');
    jobs = applyJobEvent(jobs, { type: 'job.progress', jobId: 'j', kind: 'import', done: 5, total: 9 });
    jobs = applyJobInfo(jobs, { id: 'j', kind: 'import', state: 'running', done: 4, total: 9 });
    expect(jobs.j).toMatchObject({ done: 5, project: '/p' });
    jobs = applyJobInfo(jobs, { id: 'j', kind: 'import', state: 'done', done: 9, total: 9, result: 1 });
    expect(jobs.j).toMatchObject({ state: 'done', result: 1 });
    expect(applyJobInfo(jobs, { id: 'j', kind: 'import', state: 'running', done: 0, total: 9 })).toBe(jobs);
  });

  it('merges polled progress into a running job only, keeping the last message', () => {
    let jobs = trackJob({}, 'j', 'import', '/p');
    jobs = applyJobEvent(jobs, {
      type: 'job.progress',
      jobId: 'j',
      kind: 'import',
      done: 5,
      total: 9,
      message: 'a.jpg',
    });
    jobs = applyJobProgress(jobs, 'j', { done: 4, total: 9 });
    expect(jobs.j).toMatchObject({ done: 5, total: 9, message: 'a.jpg', project: '/p' });
    jobs = applyJobProgress(jobs, 'j', { done: 7, total: 9 });
    expect(jobs.j).toMatchObject({ done: 7, message: 'a.jpg' });
    expect(applyJobProgress(jobs, 'other', { done: 1, total: 1 })).toBe(jobs);
    jobs = applyJobInfo(jobs, { id: 'j', kind: 'import', state: 'done', done: 9, total: 9 });
    expect(applyJobProgress(jobs, 'j', { done: 8, total: 9 })).toBe(jobs);
  });

  it('finds the running import of a project', () => {
    const jobs = trackJob(trackJob({}, 'a', 'import', '/p'), 'b', 'import', '/q');
    expect(runningJob(jobs, 'import', '/q')?.id).toBe('b');
    expect(runningJob(jobs, 'export', '/q')).toBeUndefined();
  });
});

describe('toasts', () => {
  it('shows the same message once and keeps errors over info when full', () => {
    let toasts = addToast([], { id: 1, kind: 'error', message: 'boom', code: 'io_error' });
    toasts = addToast(toasts, { id: 2, kind: 'error', message: 'boom' });
    expect(toasts).toHaveLength(1);
    for (let i = 3; i < 3 + MAX_TOASTS; i++)
      toasts = addToast(toasts, { id: i, kind: 'info', message: `m${i}` });
    expect(toasts).toHaveLength(MAX_TOASTS);
    expect(toasts[0]!.kind).toBe('error');
    expect(removeToast(toasts, 1).some((t) => t.id === 1)).toBe(false);
    expect(removeToast(toasts, 999)).toBe(toasts);
  });
});
