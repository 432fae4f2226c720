// The new-job card's asynchronous inference jobs: SAM embeddings ahead of the first click, or pre-labeling with
// a Grounded-SAM text prompt or local boxes segmented by SAM, each through an async endpoint and S3. Shows how
// many requests the job sends and what they cost from Settings' instance price and seconds per request (the
// studio never guesses either); points to Settings when async inference is not set up.
import type { AsyncPrelabelSpec } from '../../../shared/endpoints/async';
import { asyncCost } from '../../../shared/endpoints/async';
import type { EndpointSettings } from '../../../shared/domain';
import { navigate } from '../state/app';

export type AsyncWhat = 'async-embeddings' | 'async-grounded' | 'async-sam';

export const ASYNC_LABELS: Record<AsyncWhat, string> = {
  'async-embeddings': 'SAM embeddings (async)',
  'async-grounded': 'Pre-label: text (async Grounded-SAM)',
  'async-sam': 'Pre-label: boxes + SAM (async)',
};

/** The async endpoint a job of `what` needs; '' when Settings have none (or no bucket). */
export function asyncEndpointFor(what: AsyncWhat, s: EndpointSettings | null): string {
  if (!s?.s3Bucket) return '';
  return what === 'async-grounded' ? s.asyncGroundedSamEndpoint : s.asyncSamEndpoint;
}

/** The batch.create kind and spec of an async job; null while the prompt is empty. */
export function asyncJobInput(
  what: AsyncWhat,
  prompt: string,
): { kind: 'async-embeddings' | 'async-prelabel'; spec?: AsyncPrelabelSpec } | null {
  if (what === 'async-embeddings') return { kind: 'async-embeddings' };
  const text = prompt.trim();
  if (!text) return null;
  if (what === 'async-grounded')
    return { kind: 'async-prelabel', spec: { via: 'grounded-sam', text, minScore: 0.35 } };
  const classes = text
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean);
  return classes.length ? { kind: 'async-prelabel', spec: { via: 'sam', classes, minScore: 0.35 } } : null;
}

export function AsyncJobFields(props: {
  what: AsyncWhat;
  settings: EndpointSettings | null;
  prompt: string;
  onPrompt: (text: string) => void;
  /** Images the job would take (one request each, fewer for embeddings already cached). */
  images: number;
}) {
  const { what, settings } = props;
  const endpoint = asyncEndpointFor(what, settings);
  if (!endpoint)
    return (
      <p className="muted job-async-missing" data-testid="job-async-missing">
        This job runs on an asynchronous SageMaker endpoint through S3. Set the{' '}
        {what === 'async-grounded' ? 'async Grounded-SAM' : 'async SAM'} endpoint and the bucket in{' '}
        <button type="button" className="link-btn" onClick={() => navigate({ name: 'settings' })}>
          Settings &gt; Model endpoints
        </button>{' '}
        first.
      </p>
    );
  const cost = asyncCost({
    requests: props.images,
    secondsPerRequest: settings!.asyncSecondsPerRequest,
    pricePerHour: settings!.asyncPricePerHour,
    instanceType: settings!.asyncInstanceType,
  });
  return (
    <div className="job-async">
      {what === 'async-embeddings' ? null : (
        <label className="field">
          <span className="field-label">
            {what === 'async-grounded' ? 'Text prompt' : 'Detector classes'}
          </span>
          <input
            className="input"
            value={props.prompt}
            onChange={(e) => props.onPrompt(e.target.value)}
            placeholder={what === 'async-grounded' ? 'car . traffic light' : 'car, person, bus'}
            data-testid="job-async-prompt"
          />
          <span className="field-hint">
            {what === 'async-grounded'
              ? 'Phrases separated by " . ", as Grounding DINO takes them.'
              : "The local detector's classes (COCO-80); SAM segments every box in one request per image."}
          </span>
        </label>
      )}
      <div className="job-cost" data-testid="job-cost">
        <span className="job-cost-endpoint">
          {endpoint} <span className="muted">· s3://{settings!.s3Bucket}</span>
        </span>
        <span data-testid="job-cost-line">
          {what === 'async-embeddings' ? 'At most ' : ''}
          {cost.line}
        </span>
      </div>
    </div>
  );
}
