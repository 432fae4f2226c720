// The runs side of the chains screen: which two runs are compared (the two newest until the user picks
// others), their comparison and the regions each found on the picked image; proposing, resuming, replaying.
import { useEffect, useMemo, useState } from 'react';
import type { RunComparison } from '../../../shared/api/chains';
import type { ChainRun, ChainRunImage } from '../../../shared/chains/runs';
import { api, followJob } from '../api';
import { attempt, toast } from '../state/app';

export type Side = 'a' | 'b';

export function useRunComparison(
  path: string,
  runs: ChainRun[],
  labels: string[],
  onChanged: () => Promise<void>,
) {
  const [picked, setPicked] = useState<{ a: number; b: number } | null>(null);
  const a = picked?.a ?? runs[1]?.id ?? null;
  const b = picked?.b ?? runs[0]?.id ?? null;
  const pick = (side: Side, id: number) =>
    setPicked({ a: side === 'a' ? id : (a ?? id), b: side === 'b' ? id : (b ?? id) });
  const [loaded, setLoaded] = useState<{ key: string; comparison: RunComparison } | null>(null);
  const comparison = loaded?.key === `${a}-${b}-${runs.length}` ? loaded.comparison : null;
  const [imageId, setImageId] = useState<number | null>(null);
  const [shown, setShown] = useState<Record<Side, ChainRunImage | null>>({ a: null, b: null });

  useEffect(() => {
    if (a === null || b === null || a === b) return;
    void attempt(() => api.chains.compare({ project: path, runA: a, runB: b })).then((c) => {
      if (!c) return;
      setLoaded({ key: `${a}-${b}-${runs.length}`, comparison: c });
      setImageId((id) =>
        id !== null && c.images.some((i) => i.imageId === id) ? id : (c.images[0]?.imageId ?? null),
      );
    });
  }, [a, b, path, runs]);

  useEffect(() => {
    if (a === null || b === null || imageId === null) return;
    void Promise.all([
      attempt(() => api.chains.runImages({ project: path, runId: a, imageIds: [imageId] })),
      attempt(() => api.chains.runImages({ project: path, runId: b, imageIds: [imageId] })),
    ]).then(([ia, ib]) => setShown({ a: ia?.[0] ?? null, b: ib?.[0] ?? null }));
  }, [a, b, imageId, path]);

  /** Adds a run's regions to the project as proposed annotations for review. */
  const propose = async (runId: number) => {
    const report = await attempt(() => api.chains.propose({ project: path, runId }));
    if (!report) return;
    const extra = [
      report.unlabelled ? `${report.unlabelled} without a project label` : '',
      report.alreadyThere ? `${report.alreadyThere} already proposed` : '',
    ].filter(Boolean);
    toast(
      'info',
      `Run ${runId}: ${report.proposed} proposals on ${report.images} images for review${extra.length ? ` (${extra.join(', ')})` : ''}.`,
    );
  };

  /** Resumes an unfinished run or replays one as a new run, and reads the runs again when it ends. */
  const act = async (what: 'resume' | 'replay', runId: number) => {
    const started = await attempt(() => api.chains[what]({ project: path, runId }));
    if (!started) return;
    await attempt(() => followJob(started.jobId, () => undefined));
    await onChanged();
  };

  // Every label either side found gets a colour, the project's own first.
  const labelsShown = useMemo(
    () => [
      ...new Set([
        ...labels,
        ...(shown.a?.regions ?? []).map((r) => r.label),
        ...(shown.b?.regions ?? []).map((r) => r.label),
      ]),
    ],
    [labels, shown],
  );

  return { a, b, pick, comparison, imageId, setImageId, shown, labelsShown, propose, act };
}

export type RunComparisonView = ReturnType<typeof useRunComparison>;
