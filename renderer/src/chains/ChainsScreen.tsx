// Visual prompt chains: type a request and see where it went (a planned chain, or an answer about the image),
// edit the chain as JSON with its steps and problems shown live, run it on one image or on every image of the
// project, and compare two runs side by side with their masks and scores.
import { useCallback, useEffect, useMemo, useState } from 'react';
import type {
  ChainCheckResult,
  ChainEnginesInfo,
  PlanResult,
  RunComparison,
} from '../../../shared/api/chains';
import type { ChainRun, ChainRunImage, SavedChain } from '../../../shared/chains/runs';
import type { Chain } from '../../../shared/chains/schema';
import type { ImageRecord } from '../../../shared/domain';
import { api, followJob } from '../api';
import { Card } from '../components/Card';
import { ScreenHeader } from '../components/ScreenHeader';
import { Icon } from '../components/Icon';
import { useApp, attempt, navigate, toast } from '../state/app';
import { BedrockCard } from './BedrockCard';
import { MaskView } from './MaskView';
import './chains.css';

const pretty = (chain: unknown) => JSON.stringify(chain, null, 2);

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
}

export function ChainsScreen({ path }: { path: string }) {
  const project = useApp((s) => (s.project?.path === path ? s.project : null));
  const [engines, setEngines] = useState<ChainEnginesInfo | null>(null);
  const [images, setImages] = useState<ImageRecord[]>([]);
  const [imageId, setImageId] = useState<number | null>(null);
  const [saved, setSaved] = useState<SavedChain[]>([]);
  const [runs, setRuns] = useState<ChainRun[]>([]);
  const [labels, setLabels] = useState<string[]>([]);

  const [request, setRequest] = useState('Segment all cars and people');
  const [plan, setPlan] = useState<PlanResult | null>(null);
  const [planning, setPlanning] = useState(false);
  const [name, setName] = useState('');
  const [chainText, setChainText] = useState('');
  const [serverCheck, setServerCheck] = useState<{ text: string; result: ChainCheckResult } | null>(null);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);

  const refreshRuns = useCallback(async () => {
    setRuns((await attempt(() => api.chains.runs({ project: path }))) ?? []);
  }, [path]);

  useEffect(() => {
    if (!project) return;
    void attempt(() => api.chains.engines({})).then((e) => e && setEngines(e));
    void attempt(() => api.images.list({ project: path, limit: 1000 })).then((page) => {
      if (!page) return;
      setImages(page.items);
      setImageId((id) => id ?? page.items[0]?.id ?? null);
    });
    void attempt(() => api.chains.list({ project: path })).then((s) => s && setSaved(s));
    void attempt(() => api.labels.list({ project: path })).then((l) => l && setLabels(l.map((x) => x.name)));
    void attempt(() => api.chains.runs({ project: path })).then((r) => r && setRuns(r));
  }, [project, path]);

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
  const check: ChainCheckResult | null = !parsedChain
    ? null
    : !parsedChain.ok
      ? { ok: false, reasons: [`Not valid JSON: ${parsedChain.error}`], warnings: [] }
      : serverCheck?.text === chainText
        ? serverCheck.result
        : null;

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

  const start = async (imageIds: number[], label: string) => {
    const chain = chainValue();
    if (chain === undefined || imageIds.length === 0) return;
    const started = await attempt(() =>
      api.chains.run({ project: path, chain, imageIds, name: name.trim() || undefined }),
    );
    if (!started) return;
    setProgress({ done: 0, total: imageIds.length });
    const job = await attempt(() =>
      followJob(started.jobId, ({ done, total }) => setProgress({ done, total })),
    );
    setProgress(null);
    await refreshRuns();
    if (!job) return;
    if (job.state === 'failed')
      toast('error', job.error?.message ?? 'The chain run failed.', job.error?.code);
    else toast('info', `Chain run ${started.runId} on ${label} finished (${job.state}).`);
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
    setSaved((await attempt(() => api.chains.list({ project: path }))) ?? []);
  };

  if (!project) {
    return (
      <div className="project-loading" aria-busy="true">
        <div className="spinner" /> Opening project…
      </div>
    );
  }

  const steps = check?.ok ? check.chain.steps : null;
  const runnable = check?.ok === true && progress === null;
  return (
    <div className="chains" data-testid="chains-screen">
      <ScreenHeader
        className="chains-header"
        title="Visual prompt chains"
        backText={project.name}
        onBack={() => navigate({ name: 'project', path })}
        backTestId="chains-back"
      >
        <EnginesLine engines={engines} />
      </ScreenHeader>

      <div className="chains-grid">
        <div className="chains-col">
          <Card title="Request">
            <textarea
              className="input chains-request"
              value={request}
              rows={2}
              onChange={(e) => setRequest(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && !e.shiftKey) {
                  e.preventDefault();
                  void runPlan();
                }
              }}
              placeholder="Segment all silver cars and the driving lane — or ask: how many people are crossing?"
              aria-label="Request"
              data-testid="chain-request"
            />
            <div className="chains-row">
              <label className="field-label" htmlFor="chain-image">
                Image
              </label>
              <select
                id="chain-image"
                className="input"
                value={imageId ?? ''}
                onChange={(e) => setImageId(Number(e.target.value))}
                data-testid="chain-image"
              >
                {images.map((i) => (
                  <option key={i.id} value={i.id}>
                    {i.id}: {i.path.split(/[\\/]/).pop()}
                  </option>
                ))}
              </select>
              <button
                type="button"
                className="btn btn-primary"
                onClick={() => void runPlan()}
                disabled={planning || !request.trim()}
                data-testid="chain-plan"
              >
                {planning ? 'Planning…' : 'Plan'}
              </button>
            </div>
            {plan && <PlanOutcome plan={plan} />}
          </Card>

          <Card title="Chain">
            <div className="chains-row">
              <input
                className="input"
                value={name}
                onChange={(e) => setName(e.target.value)}
                placeholder="Chain name"
                aria-label="Chain name"
                data-testid="chain-name"
              />
              <select
                className="input"
                value=""
                onChange={(e) => {
                  const chosen = saved.find((s) => s.id === Number(e.target.value));
                  if (chosen) {
                    setName(chosen.name);
                    setChainText(pretty(chosen.chain));
                  }
                }}
                aria-label="Open a saved chain"
                data-testid="chain-saved"
              >
                <option value="">Saved chains ({saved.length})</option>
                {saved.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </select>
            </div>
            {steps && <StepList steps={steps} />}
            <textarea
              className="input chains-json"
              value={chainText}
              onChange={(e) => setChainText(e.target.value)}
              spellCheck={false}
              rows={12}
              placeholder='{ "steps": [ { "op": "detect-class", "classes": ["car"] }, … ] }'
              aria-label="Chain JSON"
              data-testid="chain-json"
            />
            {check && <CheckMessages check={check} />}
            <div className="chains-row">
              <button
                type="button"
                className="btn"
                onClick={() => void save()}
                disabled={!check?.ok || !name.trim()}
                data-testid="chain-save"
              >
                Save
              </button>
              <button
                type="button"
                className="btn btn-primary"
                onClick={() => imageId && void start([imageId], `image ${imageId}`)}
                disabled={!runnable || !imageId}
                data-testid="chain-run-image"
              >
                Run on image
              </button>
              <button
                type="button"
                className="btn btn-primary"
                onClick={() =>
                  void start(
                    images.map((i) => i.id),
                    `${images.length} images`,
                  )
                }
                disabled={!runnable || images.length === 0}
                data-testid="chain-run-all"
              >
                Run on all {images.length} images
              </button>
              {progress && (
                <span className="muted" data-testid="chain-progress">
                  {progress.done} / {progress.total}
                </span>
              )}
            </div>
          </Card>
          <BedrockCard
            onSaved={() => void attempt(() => api.chains.engines({})).then((e) => e && setEngines(e))}
          />
        </div>

        <div className="chains-col">
          <RunsAndCompare path={path} runs={runs} labels={labels} onChanged={refreshRuns} />
        </div>
      </div>
    </div>
  );
}

function EnginesLine({ engines }: { engines: ChainEnginesInfo | null }) {
  if (!engines) return null;
  const planner = engines.bedrock
    ? `Bedrock ${engines.bedrock.modelId}`
    : 'offline planner (no Bedrock configured)';
  return (
    <p className="muted chains-engines" data-testid="chain-engines">
      Planner: {planner} · detectors: {engines.detectors.map((d) => d.modelId).join(', ') || 'none'} ·
      segmenters: {engines.segmenters.map((s) => s.modelId).join(', ') || 'none'}
    </p>
  );
}

function PlanOutcome({ plan }: { plan: PlanResult }) {
  return (
    <div className="chains-plan" data-testid="plan-outcome">
      <p>
        <span
          className={plan.route === 'chain' ? 'badge chains-route-chain' : 'badge chains-route-question'}
          data-testid="plan-route"
        >
          {plan.route === 'chain' ? 'Chain' : 'Question for the vision-language model'}
        </span>{' '}
        <span className="muted">
          because {plan.why}; answered by <strong data-testid="plan-answered-by">{plan.answeredBy}</strong>
        </span>
      </p>
      {plan.answer && (
        <p className="chains-answer" data-testid="plan-answer">
          {plan.answer}
        </p>
      )}
      <Messages items={plan.problems} className="inline-error" testId="plan-problem" />
      <Messages items={plan.notes} className="muted small" />
    </div>
  );
}

/** One paragraph per message, in order. */
function Messages({
  items,
  className,
  testId,
}: {
  items: readonly string[];
  className: string;
  testId?: string;
}) {
  return items.map((m) => (
    <p key={m} className={className} data-testid={testId}>
      {m}
    </p>
  ));
}

function describeStep(step: Chain['steps'][number]): string {
  const { op, ...rest } = step;
  const shown = Object.entries(rest)
    .filter(([k, v]) => !(k === 'model' && v === 'auto'))
    .map(
      ([k, v]) =>
        `${k}: ${Array.isArray(v) ? v.join(', ') : typeof v === 'object' ? JSON.stringify(v) : String(v)}`,
    );
  return shown.length ? `${op} (${shown.join('; ')})` : op;
}

function StepList({ steps }: { steps: Chain['steps'] }) {
  return (
    <ol className="chains-steps" data-testid="chain-steps">
      {steps.map((s, i) => (
        <li key={i}>{describeStep(s)}</li>
      ))}
    </ol>
  );
}

function CheckMessages({ check }: { check: ChainCheckResult }) {
  return (
    <div data-testid="chain-check">
      {check.ok ? (
        <p className="chains-ok">
          <Icon name="check" size={12} /> Valid chain of {check.chain.steps.length} steps
        </p>
      ) : (
        <Messages items={check.reasons} className="inline-error" />
      )}
      <Messages items={check.warnings} className="warn-text small" />
    </div>
  );
}

function RunsAndCompare({
  path,
  runs,
  labels,
  onChanged,
}: {
  path: string;
  runs: ChainRun[];
  labels: string[];
  onChanged: () => Promise<void>;
}) {
  // The two newest runs are compared until the user picks others.
  const [picked, setPicked] = useState<{ a: number; b: number } | null>(null);
  const a = picked?.a ?? runs[1]?.id ?? null;
  const b = picked?.b ?? runs[0]?.id ?? null;
  const pick = (side: 'a' | 'b', id: number) =>
    setPicked({ a: side === 'a' ? id : (a ?? id), b: side === 'b' ? id : (b ?? id) });
  const [loaded, setLoaded] = useState<{ key: string; comparison: RunComparison } | null>(null);
  const comparison = loaded?.key === `${a}-${b}-${runs.length}` ? loaded.comparison : null;
  const [imageId, setImageId] = useState<number | null>(null);
  const [shown, setShown] = useState<{ a: ChainRunImage | null; b: ChainRunImage | null }>({
    a: null,
    b: null,
  });

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

  const act = async (what: 'resume' | 'replay', runId: number) => {
    const started = await attempt(() => api.chains[what]({ project: path, runId }));
    if (!started) return;
    await attempt(() => followJob(started.jobId, () => undefined));
    await onChanged();
  };

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

  return (
    <>
      <Card title="Runs">
        {runs.length === 0 ? (
          <p className="muted">No runs yet: plan a chain and run it.</p>
        ) : (
          <table className="chains-table" data-testid="chain-runs">
            <thead>
              <tr>
                <th>A</th>
                <th>B</th>
                <th>Run</th>
                <th>Status</th>
                <th>Images</th>
                <th>Regions</th>
                <th>Time (model)</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {runs.map((r) => (
                <tr key={r.id} data-testid={`chain-run-${r.id}`}>
                  {(['a', 'b'] as const).map((side) => (
                    <td key={side}>
                      <input
                        type="radio"
                        name={`run-${side}`}
                        checked={(side === 'a' ? a : b) === r.id}
                        onChange={() => pick(side, r.id)}
                        aria-label={`Compare run ${r.id} as ${side.toUpperCase()}`}
                      />
                    </td>
                  ))}
                  <td title={r.error ?? undefined}>
                    #{r.id} {r.name}
                    {r.replayOf !== null && <span className="muted"> (replay of #{r.replayOf})</span>}
                  </td>
                  <td className={r.status === 'done' ? '' : 'warn-text'}>{r.status}</td>
                  <td>
                    {r.done}/{r.imageIds.length}
                    {r.failed > 0 && <span className="warn-text"> ({r.failed} failed)</span>}
                  </td>
                  <td>{r.regionCount}</td>
                  <td>
                    {Math.round(r.ms)} ms ({Math.round(r.modelMs)})
                  </td>
                  <td>
                    {r.status !== 'done' && (
                      <button type="button" className="link-btn" onClick={() => void act('resume', r.id)}>
                        Resume
                      </button>
                    )}{' '}
                    <button
                      type="button"
                      className="link-btn"
                      onClick={() => void act('replay', r.id)}
                      data-testid={`chain-replay-${r.id}`}
                    >
                      Replay
                    </button>{' '}
                    {r.done > 0 && (
                      <button
                        type="button"
                        className="link-btn"
                        onClick={() => void propose(r.id)}
                        title="Add the regions as proposed annotations for review"
                        data-testid={`chain-propose-${r.id}`}
                      >
                        Propose
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>

      {comparison && (
        <Card
          title={
            <>
              Run #{comparison.runA.id} (A) vs #{comparison.runB.id} (B)
            </>
          }
          data-testid="chain-compare"
        >
          <p className="muted" data-testid="compare-summary">
            {comparison.images.length} images · regions A {comparison.countA}, B {comparison.countB} · matched{' '}
            {comparison.matched}
            {comparison.meanMatchedIou !== null &&
              ` · mean IoU of matches ${comparison.meanMatchedIou.toFixed(2)}`}
          </p>
          <table className="chains-table">
            <thead>
              <tr>
                <th>Image</th>
                <th>A regions (mean score)</th>
                <th>B regions (mean score)</th>
                <th>Matched (mean IoU)</th>
              </tr>
            </thead>
            <tbody>
              {comparison.images.map((i) => (
                <tr
                  key={i.imageId}
                  className={i.imageId === imageId ? 'selected' : ''}
                  onClick={() => setImageId(i.imageId)}
                  data-testid={`compare-image-${i.imageId}`}
                >
                  <td>{i.imageId}</td>
                  <td>
                    {i.countA} ({i.meanScoreA?.toFixed(2) ?? '–'})
                  </td>
                  <td>
                    {i.countB} ({i.meanScoreB?.toFixed(2) ?? '–'})
                  </td>
                  <td>
                    {i.matches.length} ({i.meanMatchedIou?.toFixed(2) ?? '–'})
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {imageId !== null && (
            <div className="chains-side-by-side">
              {(['a', 'b'] as const).map((side) => (
                <figure key={side}>
                  <figcaption>
                    {side.toUpperCase()}: #{side === 'a' ? comparison.runA.id : comparison.runB.id}{' '}
                    {side === 'a' ? comparison.runA.name : comparison.runB.name} ·{' '}
                    {shown[side]?.regions.length ?? 0} regions
                  </figcaption>
                  <MaskView
                    project={path}
                    imageId={imageId}
                    regions={shown[side]?.regions ?? []}
                    labels={labelsShown}
                    testId={`compare-view-${side}`}
                  />
                </figure>
              ))}
            </div>
          )}
        </Card>
      )}
    </>
  );
}
