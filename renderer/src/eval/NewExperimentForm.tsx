// A new experiment: which prompts (the strategies of shared/api/eval.ts, named as the tables name them), which
// engines try them (the segmenters chains can use; the baselines need none), multimask top or best, the seed,
// clicks, points and jitter, which annotations are the truth, and which images (the jobs screen's choice).
// The spec is checked with the API's own schema before it is sent, so the limits are written once.
import { useState } from 'react';
import {
  BASELINE_STRATEGIES,
  evalSpecSchema,
  type EvalSpecInput,
  type EvalStrategy,
} from '../../../shared/api/eval';
import type { BatchJob } from '../../../shared/api/batch';
import { plural } from '../../../shared/counts';
import { strategyName } from '../../../shared/eval/tables';
import { Card } from '../components/Card';
import { Icon } from '../components/Icon';
import { ImageSetChoice, useImageSetChoice } from '../jobs/ImageSetChoice';
import { startExperiment } from './eval-commands';
import { errorText, useSegmenters } from './use-eval';
import { NumberField } from '../components/NumberField';

const GROUPS: { title: string; strategies: EvalStrategy[] }[] = [
  {
    title: 'First prompt',
    strategies: ['centre', 'random-point', 'k-points', 'box', 'box-centre', 'box-jitter'],
  },
  { title: 'Interactive', strategies: ['clicks'] },
  { title: 'Baselines (no engine)', strategies: ['filled-box', 'ellipse'] },
];

const HINTS: Record<EvalStrategy, string> = {
  centre: 'the interior point farthest from the background',
  'random-point': 'one interior point drawn with the seed',
  'k-points': 'k interior points drawn with the seed',
  box: "the object's tight box",
  'box-centre': 'the box and its centre point',
  'box-jitter': 'the box moved and resized by up to the jitter',
  clicks: 'a click at the largest error each time, positive or negative',
  'filled-box': 'the box itself as the mask',
  ellipse: 'the ellipse inscribed in the box',
};

const DEFAULT_STRATEGIES: EvalStrategy[] = ['centre', 'box', 'box-centre', 'clicks', 'filled-box', 'ellipse'];

/** The first problem the API's schema finds, in words. */
function specProblem(spec: EvalSpecInput): string | null {
  const parsed = evalSpecSchema.safeParse(spec);
  if (parsed.success) return null;
  const issue = parsed.error.issues[0]!;
  return `${issue.path.join('.') || 'spec'}: ${issue.message}`;
}

export function NewExperimentForm(props: { project: string; onStarted: (job: BatchJob) => void }) {
  const { project, onStarted } = props;
  const segmenters = useSegmenters();
  const images = useImageSetChoice();
  const [strategies, setStrategies] = useState<EvalStrategy[]>(DEFAULT_STRATEGIES);
  const [engines, setEngines] = useState<string[] | null>(null);
  const [name, setName] = useState('');
  const [multimask, setMultimask] = useState<'top' | 'best'>('top');
  const [truth, setTruth] = useState<'import' | 'import+manual'>('import');
  const [numbers, setNumbers] = useState({ seed: '0', maxClicks: '20', k: '3', jitter: '10' });
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const available = segmenters.data ?? [];
  // The first segmenter until the person picks.
  const picked = engines ?? available.slice(0, 1).map((s) => s.engine);

  const toggle = <T,>(list: T[], value: T) =>
    list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
  const needsEngine = strategies.some((s) => !BASELINE_STRATEGIES.includes(s));
  const num = (v: string) => (v.trim() === '' ? Number.NaN : Number(v));
  const spec: EvalSpecInput = {
    strategies,
    engines: needsEngine ? picked : [],
    multimask,
    truth,
    seed: num(numbers.seed),
    maxClicks: num(numbers.maxClicks),
    k: num(numbers.k),
    jitter: num(numbers.jitter) / 100,
  };
  const problem =
    strategies.length === 0
      ? 'Pick at least one prompt strategy.'
      : needsEngine && picked.length === 0
        ? available.length
          ? 'Pick an engine for the prompt strategies (the baselines need none).'
          : 'No segmenter is available here: only the baselines can run.'
        : images.count === 0
          ? 'There are no images to evaluate.'
          : specProblem(spec);

  const start = async () => {
    setStarting(true);
    setError(null);
    try {
      const job = await startExperiment(project, {
        spec,
        images: images.imageSet(),
        name: name.trim() || undefined,
      });
      onStarted(job);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setStarting(false);
    }
  };

  const setNumber = (key: keyof typeof numbers) => (v: string) => setNumbers((n) => ({ ...n, [key]: v }));
  const jobSpec = { k: Number(numbers.k) || 3, jitter: (Number(numbers.jitter) || 0) / 100 };

  return (
    <Card title="New experiment" data-testid="eval-new">
      <p className="muted eval-intro">
        Every ground-truth object of the images is prompted as a person would, the engine&apos;s mask is
        scored against the truth, and the scores stay in the project to compare later.
      </p>
      <div className="eval-form-grid">
        <fieldset className="eval-fieldset" aria-label="Prompt strategies">
          <legend>Prompts</legend>
          {GROUPS.map((group) => (
            <div key={group.title} className="eval-check-group">
              <div className="eval-check-title">{group.title}</div>
              {group.strategies.map((s) => (
                <label key={s} className="eval-check">
                  <input
                    type="checkbox"
                    checked={strategies.includes(s)}
                    onChange={() => setStrategies((list) => toggle(list, s))}
                    data-testid={`eval-strategy-${s}`}
                  />
                  <span>
                    {strategyName(s, jobSpec).replace(' (final)', '').replace(' (no engine)', '')}
                    <span className="muted"> — {HINTS[s]}</span>
                  </span>
                </label>
              ))}
            </div>
          ))}
        </fieldset>

        <div className="eval-form-col">
          <fieldset className="eval-fieldset" aria-label="Engines">
            <legend>Engines</legend>
            {segmenters.error ? (
              <p className="field-error" role="alert">
                The engines could not be listed: {segmenters.error}
              </p>
            ) : segmenters.loading && !segmenters.data ? (
              <p className="muted">Looking for engines…</p>
            ) : available.length === 0 ? (
              <p className="muted">No segmenter is available here; the baselines need none.</p>
            ) : (
              available.map((s) => (
                <label key={s.engine} className="eval-check">
                  <input
                    type="checkbox"
                    checked={picked.includes(s.engine)}
                    disabled={!needsEngine}
                    onChange={() => setEngines(toggle(picked, s.engine))}
                    data-testid={`eval-engine-${s.engine}`}
                  />
                  <span>
                    {s.engine} <span className="muted mono">{s.modelId}</span>
                  </span>
                </label>
              ))
            )}
          </fieldset>

          <div className="eval-fields">
            <label className="field">
              <span className="field-label">Candidate scored</span>
              <select
                className="input"
                value={multimask}
                onChange={(e) => setMultimask(e.target.value as 'top' | 'best')}
                data-testid="eval-multimask"
              >
                <option value="top">The engine&apos;s top-scored</option>
                <option value="best">The best by IoU (oracle)</option>
              </select>
            </label>
            <label className="field">
              <span className="field-label">Truth</span>
              <select
                className="input"
                value={truth}
                onChange={(e) => setTruth(e.target.value as 'import' | 'import+manual')}
                data-testid="eval-truth"
              >
                <option value="import">Imported annotations</option>
                <option value="import+manual">Imported and hand-made</option>
              </select>
            </label>
            <NumberField
              label="Max clicks"
              value={numbers.maxClicks}
              onChange={setNumber('maxClicks')}
              testId="eval-max-clicks"
            />
            <NumberField label="Seed" value={numbers.seed} onChange={setNumber('seed')} testId="eval-seed" />
            <NumberField label="k points" value={numbers.k} onChange={setNumber('k')} testId="eval-k" />
            <NumberField
              label="Jitter %"
              value={numbers.jitter}
              onChange={setNumber('jitter')}
              testId="eval-jitter"
            />
          </div>
        </div>
      </div>

      <ImageSetChoice choice={images} testIdPrefix="eval-images" />
      <div className="eval-start-row">
        <label className="field eval-name">
          <span className="field-label">Name</span>
          <input
            className="input"
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="Its prompts and engines"
            data-testid="eval-name"
          />
        </label>
        <button
          type="button"
          className="btn btn-primary"
          disabled={problem !== null || starting}
          onClick={() => void start()}
          data-testid="eval-start"
        >
          <Icon name="play" size={12} /> Evaluate {plural(images.count, 'image')}
        </button>
      </div>
      {(error ?? problem) && (
        <p
          className={error ? 'eval-error' : 'field-hint eval-problem'}
          role={error ? 'alert' : undefined}
          data-testid={error ? 'eval-start-error' : 'eval-start-problem'}
        >
          {error ? `The experiment could not start: ${error}` : problem}
        </p>
      )}
    </Card>
  );
}
