// The images of a job that need a look (failed or skipped, with their reasons), a page at a time, read again
// as the job's counts change.
import { useCallback, useEffect, useState } from 'react';
import type { BatchItem, BatchItemState } from '../../../shared/api/batch';
import { api } from '../api';
import { attempt } from '../state/app';

const PAGE = 50;
const NEEDS_A_LOOK: BatchItemState[] = ['failed', 'skipped'];

export function useJobFailures(project: string, jobId: number, failures: number, open: boolean) {
  const [items, setItems] = useState<BatchItem[]>([]);
  const [total, setTotal] = useState(0);
  const [limit, setLimit] = useState(PAGE);

  useEffect(() => {
    if (!open) return;
    let live = true;
    void attempt(() => api.batch.items({ project, jobId, states: NEEDS_A_LOOK, offset: 0, limit })).then(
      (page) => {
        if (!live || !page) return;
        setItems(page.items);
        setTotal(page.total);
      },
    );
    return () => {
      live = false;
    };
  }, [project, jobId, failures, open, limit]);

  const more = useCallback(() => setLimit((l) => l + PAGE), []);
  return { items, total, more };
}
