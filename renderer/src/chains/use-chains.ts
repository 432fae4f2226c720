// What the chains screen asks of the studio: the project's images, saved chains, runs, labels and engines;
// planning a request, checking the chain as it is typed, running and saving it. Panels only render these.
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ChainCheckResult, ChainEnginesInfo, PlanResult } from '../../../shared/api/chains';
import type { ChainRun, SavedChain } from '../../../shared/chains/runs';
import type { ImageRecord, ProjectInfo } from '../../../shared/domain';
import { api, followJob } from '../api';
import { attempt, toast } from '../state/app';
import { checkOf, parseJson, pretty } from './chain-text';

/** The project's side of the screen, read when the project opens; each part can be read again. */
export function useChainsData(path: string, project: ProjectInfo | null) {
  const [engines, setEngines] = useState<ChainEnginesInfo | null>(null);
  const [images, setImages] = useState<ImageRecord[]>([]);
  const [imageId, setImageId] = useState<number | null>(null);
  const [saved, setSaved] = useState<SavedChain[]>([]);
  const [runs, setRuns] = useState<ChainRun[]>([]);
  const [labels, setLabels] = useState<string[]>([]);

  const refreshRuns = useCallback(async () => {
    setRuns((await attempt(() => api.chains.runs({ project: path }))) ?? []);
  }, [path]);
  const refreshSaved = useCallback(async () => {
    setSaved((await attempt(() => api.chains.list({ project: path }))) ?? []);
  }, [path]);
  const refreshEngines = useCallback(() => {
    void attempt(() => api.chains.engines({})).then((e) => e && setEngines(e));
  }, []);

  useEffect(() => {
    if (!project) return;
    refreshEngines();
    void attempt(() => api.images.list({ project: path, limit: 1000 })).then((page) => {
      if (!page) return;
      setImages(page.items);
      setImageId((id) => id ?? page.items[0]?.id ?? null);
    });
    void attempt(() => api.chains.list({ project: path })).then((s) => s && setSaved(s));
    void attempt(() => api.labels.list({ project: path })).then((l) => l && setLabels(l.map((x) => x.name)));
    void attempt(() => api.chains.runs({ project: path })).then((r) => r && setRuns(r));
  }, [project, path, refreshEngines]);

  return {
    engines,
    images,
    imageId,
    setImageId,
    saved,
    runs,
    labels,
    refreshRuns,
    refreshSaved,
    refreshEngines,
  };
}

export type ChainsData = ReturnType<typeof useChainsData>;

/** Asks the studio to stop a run; false when it refused (a toast says why). */
const cancelled = async (path: string, runId: number) =>
  (await attempt(async () => {
    await api.chains.cancel({ project: path, runId });
    return true;
  })) === true;

/** Stops a running run, whichever window started it; the runs are read again once it has stopped. */
export async function cancelRun(path: string, runId: number, refresh: () => Promise<void>): Promise<void> {
  if (!(await cancelled(path, runId))) return;
  for (let i = 0; i < 50; i++) {
    const run = await attempt(() => api.chains.getRun({ project: path, runId }));
    if (!run || run.status !== 'running') break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await refresh();
}

/** The request, its plan, and the chain being edited: checked as it is typed, run, saved. */
export function useChainDraft(path: string, data: ChainsData) {
  const { imageId, saved, refreshRuns, refreshSaved } = data;
  const [request, setRequest] = useState('Segment all cars and people');
  const [plan, setPlan] = useState<PlanResult | null>(null);
  const [planning, setPlanning] = useState(false);
  const [name, setName] = useState('');
  const [chainText, setChainText] = useState('');
  const [serverCheck, setServerCheck] = useState<{ text: string; result: ChainCheckResult } | null>(null);
  const [progress, setProgress] = useState<{ runId: number; done: number; total: number } | null>(null);
  const [cancelling, setCancelling] = useState(false);

  // The chain is checked as it is typed: JSON here, then the studio's own validation with reasons.
  const parsedChain = useMemo(() => (chainText.trim() ? parseJson(chainText) : null), [chainText]);
  useEffect(() => {
    if (!parsedChain?.ok) return;
    const t = setTimeout(() => {
      void attempt(() => api.chains.check({ project: path, chain: parsedChain.value })).then(
        (result) => result && setServerCheck({ text: chainText, result }),
      );
    }, 250);
    return () => clearTimeout(t);
  }, [parsedChain, chainText, path]);
  const check = checkOf(chainText, parsedChain, serverCheck);

  const runPlan = async () => {
    setPlanning(true);
    const out = await attempt(() =>
      api.chains.plan({ project: path, request, ...(imageId ? { imageId } : {}) }),
    );
    setPlanning(false);
    if (!out) return;
    setPlan(out);
    if (out.route === 'chain' && out.chain) {
      setChainText(pretty(out.chain));
      setName((n) => n || request.slice(0, 60));
    }
  };

  const chainValue = (): unknown => {
    const parsed = parseJson(chainText);
    return parsed.ok ? parsed.value : undefined;
  };

  /** Runs the chain on these images; `label` names them in the toast when the run ends. */
  const start = async (imageIds: number[], label: string) => {
    const chain = chainValue();
    if (chain === undefined || imageIds.length === 0) return;
    const started = await attempt(() =>
      api.chains.run({ project: path, chain, imageIds, name: name.trim() || undefined }),
    );
    if (!started) return;
    const { runId } = started;
    setProgress({ runId, done: 0, total: imageIds.length });
    const job = await attempt(() =>
      followJob(started.jobId, ({ done, total }) => setProgress({ runId, done, total })),
    );
    setProgress(null);
    setCancelling(false);
    await refreshRuns();
    if (!job) return;
    if (job.state === 'failed')
      toast('error', job.error?.message ?? 'The chain run failed.', job.error?.code);
    else if (job.state === 'cancelled')
      toast(
        'info',
        `Chain run ${started.runId} on ${label} cancelled: the images done are kept; resume it from Runs.`,
      );
    else toast('info', `Chain run ${started.runId} on ${label} finished (${job.state}).`);
  };

  /** Stops the run this screen started; it ends 'partial' with what it did. */
  const cancel = async () => {
    if (!progress) return;
    setCancelling(true);
    if (!(await cancelled(path, progress.runId))) setCancelling(false);
  };

  const save = async () => {
    const chain = chainValue();
    if (chain === undefined || !name.trim()) return;
    const existing = saved.find((s) => s.name.toLowerCase() === name.trim().toLowerCase());
    const out = await attempt(() =>
      api.chains.save({
        project: path,
        id: existing?.id,
        name: name.trim(),
        chain,
        request: plan ? request : null,
      }),
    );
    if (!out) return;
    toast('info', `Saved chain '${out.name}'.`);
    await refreshSaved();
  };

  /** Puts a saved chain in the editor. */
  const open = (chain: SavedChain) => {
    setName(chain.name);
    setChainText(pretty(chain.chain));
  };

  return {
    request,
    setRequest,
    plan,
    planning,
    runPlan,
    name,
    setName,
    chainText,
    setChainText,
    check,
    progress,
    start,
    cancel,
    cancelling,
    save,
    open,
  };
}

export type ChainDraft = ReturnType<typeof useChainDraft>;
