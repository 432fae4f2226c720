// The evaluation screen's reads: the project's experiments and chain jobs (from the app state the jobs
// machinery keeps current), an experiment's summary (read again as a running one finishes images), its worst
// objects, and one object's truth and prediction. Each read keeps its error, so the screen can say what failed.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { BatchJob } from '../../../shared/api/batch';
import type { ChainEnginesInfo } from '../../../shared/api/chains';
import type { EvalResult, EvalStrategy, EvalSummary } from '../../../shared/api/eval';
import type { ImageRecord, Rle } from '../../../shared/domain';
import type { SizeBucket } from '../../../shared/eval/size-buckets';
import { truthMask, type TruthMask } from '../../../shared/eval/truth';
import { api } from '../api';
import { ACTIVE_STATUSES, sortedJobs, type BatchJobView } from '../jobs/batch-view';
import { useApp } from '../state/app';

export interface Loaded<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
}

export const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Newest first: the project's jobs of one kind. */
export function useJobsOfKind(project: string, kind: 'eval' | 'chain'): BatchJobView[] {
  const jobs = useApp((s) => s.batch[project]);
  return useMemo(() => sortedJobs(jobs).filter((v) => v.job.kind === kind), [jobs, kind]);
}

/**
 * Runs `read` (a stable callback: useCallback) whenever `key` changes; only the newest key's answer is kept. While a new key loads, the earlier key's data stays on screen (no flash), its error not.
 */
export function useRead<T>(key: string | null, read: () => Promise<T>): Loaded<T> {
  const [state, setState] = useState<{ key: string | null; data: T | null; error: string | null }>({
    key: null,
    data: null,
    error: null,
  });
  useEffect(() => {
    if (key === null) return;
    let live = true;
    read().then(
      (data) => live && setState({ key, data, error: null }),
      (err: unknown) => live && setState({ key, data: null, error: errorText(err) }),
    );
    return () => {
      live = false;
    };
  }, [key, read]);
  if (key === null) return { data: null, error: null, loading: false };
  return state.key === key
    ? { data: state.data, error: state.error, loading: false }
    : { data: state.data, error: null, loading: true };
}

/**
 * An experiment's summary. While it runs the summary is read again as images finish, at most once a second
 * (and no more than a fifth of the time: a large experiment's summary takes the studio longer to make), so the
 * tables fill in as the job goes; once it stops, once more.
 */
export function useSummary(project: string, job: BatchJob | null): Loaded<EvalSummary> {
  const active = job ? ACTIVE_STATUSES.includes(job.status) : false;
  const done = job?.counts.done ?? 0;
  const id = job?.id ?? null;
  const [tick, setTick] = useState<{ id: number | null; n: number }>({ id: null, n: 0 });
  const last = useRef(0);
  const cost = useRef(0);
  useEffect(() => {
    const wait = active ? Math.max(0, last.current + Math.max(1000, 5 * cost.current) - Date.now()) : 0;
    const t = setTimeout(() => {
      last.current = Date.now();
      setTick((v) => ({ id, n: v.n + 1 }));
    }, wait);
    return () => clearTimeout(t);
  }, [id, active, done, job?.status]);
  const key = id !== null && tick.id === id ? `${project}\u0000${id}\u0000${tick.n}` : null;
  // The key says when to read again; the read itself is the same.
  const read = useCallback(async () => {
    const started = performance.now();
    try {
      return await api.eval.summary({ project, jobId: id! });
    } finally {
      cost.current = performance.now() - started;
    }
  }, [project, id]);
  return useRead(key, read);
}

/** The engine + strategy (+ bucket) a table row stands for: what the worst objects list shows. */
export interface ResultPick {
  engine: string;
  strategy: EvalStrategy;
  bucket?: SizeBucket;
}

export const WORST_PAGE = 12;

export function useWorst(
  project: string,
  jobId: number,
  pick: ResultPick | null,
  limit: number,
  version: number,
): Loaded<{ results: EvalResult[]; total: number }> {
  const { engine, strategy, bucket } = pick ?? {};
  const key = pick ? [project, jobId, engine, strategy, bucket ?? '', limit, version].join('\u0000') : null;
  const read = useCallback(
    () =>
      api.eval.results({
        project,
        jobId,
        engine,
        strategy,
        ...(bucket ? { bucket } : {}),
        order: 'worst',
        offset: 0,
        limit,
      }),
    [project, jobId, engine, strategy, bucket, limit],
  );
  return useRead(key, read);
}

/** File names of images by id, read once each. */
export function useImageNames(project: string, ids: readonly number[]): Map<number, ImageRecord> {
  const [images, setImages] = useState(() => new Map<number, ImageRecord>());
  const wanted = [...new Set(ids)].filter((id) => !images.has(id));
  const key = wanted.join(',');
  useEffect(() => {
    if (!key) return;
    let live = true;
    void Promise.all(
      key.split(',').map((id) => api.images.get({ project, id: Number(id) }).catch(() => null)),
    ).then((found) => {
      if (!live) return;
      setImages((m) => {
        const next = new Map(m);
        for (const image of found) if (image) next.set(image.id, image);
        return next;
      });
    });
    return () => {
      live = false;
    };
  }, [project, key]);
  return images;
}

export interface OverlayData {
  image: ImageRecord;
  truth: TruthMask;
  prediction: Rle | null;
}

/** One scored object: its image, its truth mask (as the experiment measured it) and the scored prediction. */
export function useOverlay(project: string, result: EvalResult | null): Loaded<OverlayData> {
  const read = useCallback(async () => {
    const r = result!;
    const [image, annotations, { rle }] = await Promise.all([
      api.images.get({ project, id: r.imageId }),
      api.annotations.list({ project, imageId: r.imageId }),
      api.eval.prediction({ project, resultId: r.id }),
    ]);
    const annotation = annotations.find((a) => a.id === r.truthId);
    const truth: TruthMask = annotation
      ? truthMask(annotation, image.width, image.height)
      : { problem: 'its truth annotation was deleted since the experiment' };
    return { image, truth, prediction: rle };
  }, [project, result]);
  return useRead(result ? `${project}\u0000${result.id}` : null, read);
}

/** The segmenters an experiment can name (what chains use: local and endpoint ones, and classical always). */
const readSegmenters = () => api.eval.engines({});

export function useSegmenters(): Loaded<ChainEnginesInfo['segmenters']> {
  return useRead('segmenters', readSegmenters);
}
