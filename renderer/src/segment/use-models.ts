// The models folder as the models dialog and the first-run prompt show it: the list (what is installed, what is
// wrong with each missing file), downloads followed with their progress and outcome, and a recheck after files
// were put there by hand. `onChanged` runs whenever the engines may have changed (the segment panel re-reads).
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ModelInfo, ModelList } from '../../../shared/api/models';
import { api, followJob } from '../api';

export interface Download {
  jobId: string;
  done: number;
  total: number;
  file?: string;
  error?: string;
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export function useModels(onChanged: () => void = () => undefined) {
  const [list, setList] = useState<ModelList | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [downloads, setDownloads] = useState<Record<string, Download>>({});
  const changed = useRef(onChanged);
  useEffect(() => {
    changed.current = onChanged;
  });

  const show = useCallback(
    (promise: Promise<ModelList>) =>
      promise.then(
        (l) => {
          setList(l);
          setError(null);
          return l;
        },
        (err: unknown) => {
          setError(message(err));
          return null;
        },
      ),
    [],
  );
  const reload = useCallback(() => show(api.models.list({})), [show]);
  useEffect(() => {
    void reload();
  }, [reload]);

  /** Looks at the folder again (files copied there by hand); the studio chooses its engines again. */
  const recheck = useCallback(async () => {
    const l = await show(api.models.recheck({}));
    if (l) {
      // A failed download's message is stale once its files are there.
      setDownloads((d) =>
        Object.fromEntries(Object.entries(d).filter(([id]) => !l.models.find((m) => m.id === id)?.installed)),
      );
      changed.current();
    }
    return l;
  }, [show]);

  // Downloads go on when the dialog closes; only following them here stops.
  const following = useRef(new Set<AbortController>());
  useEffect(() => {
    const all = following.current;
    return () => all.forEach((f) => f.abort());
  }, []);

  const download = async (model: ModelInfo, allowUnverified: boolean) => {
    const update = (u: Partial<Download>) =>
      setDownloads((d) => ({ ...d, [model.id]: { jobId: '', done: 0, total: 0, ...d[model.id], ...u } }));
    const follow = new AbortController();
    following.current.add(follow);
    try {
      update({ error: undefined });
      const { jobId } = await api.models.download({ id: model.id, allowUnverified });
      update({ jobId, done: 0, total: 0 });
      const job = await followJob(
        jobId,
        ({ done, total, message }) =>
          update({ done, total, ...(message !== undefined ? { file: message } : {}) }),
        { signal: follow.signal },
      );
      if (job.state !== 'done')
        return update({ error: job.error?.message ?? `The download was ${job.state}.` });
      setDownloads(({ [model.id]: _done, ...rest }) => rest);
      void reload();
      changed.current();
    } catch (err) {
      if (!follow.signal.aborted) update({ error: message(err) });
    } finally {
      following.current.delete(follow);
    }
  };

  return { list, setList, error, setError, downloads, download, reload, recheck };
}
