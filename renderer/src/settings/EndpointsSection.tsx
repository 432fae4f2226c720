// Settings > Model endpoints: SageMaker endpoint names per model role, the AWS profile and region to reach them
// with, asynchronous inference for batch jobs (async endpoints, the S3 bucket they read requests from, the
// instance type and its price for the jobs' cost line), and a 'test connection' that calls each configured
// endpoint and checks the bucket with the values as typed (before saving). No credential is ever typed here:
// the AWS default chain (SSO, ~/.aws profiles, environment) supplies them.
import { useState } from 'react';
import type { EndpointCheck } from '../../../shared/api/endpoints';
import { endpointSettingsSchema } from '../../../shared/api/endpoints';
import { api } from '../api';
import { reportError } from '../state/app';
import { Card } from '../components/Card';
import { draftToEndpoints, type EndpointsDraft } from './settings-form';
import './endpoints.css';

type TextField = Exclude<keyof EndpointsDraft, 'embeddingMode'>;
type Field = { key: TextField; label: string; placeholder: string; hint: string };

const FIELDS: Field[] = [
  { key: 'samEndpoint', label: 'SAM endpoint', placeholder: 'sam-vit-h', hint: 'Empty: no SAM endpoint.' },
  {
    key: 'groundedSamEndpoint',
    label: 'Grounded-SAM endpoint',
    placeholder: 'grounded-sam',
    hint: 'Text prompts like "silver car . driving lane". Empty: none.',
  },
  {
    key: 'awsProfile',
    label: 'AWS profile',
    placeholder: 'default chain',
    hint: 'A profile of ~/.aws (SSO profiles too). Empty: AWS_PROFILE / environment / default.',
  },
  { key: 'awsRegion', label: 'Region', placeholder: 'us-east-1', hint: 'Where the endpoints are deployed.' },
  {
    key: 'endpointUrl',
    label: 'Endpoint URL',
    placeholder: 'AWS',
    hint: 'Only for the local emulator (npm run emulator:sagemaker) or a VPC endpoint.',
  },
  {
    key: 'requestTimeoutSec',
    label: 'Timeout (s)',
    placeholder: '60',
    hint: 'Per call; SageMaker gives a container up to 60 s.',
  },
  {
    key: 'clickDeadlineSec',
    label: 'Click deadline (s)',
    placeholder: '8',
    hint: 'A click or text prompt gives up after this long, retries included. Chains and jobs use the timeout.',
  },
  {
    key: 'jobConcurrency',
    label: 'Job concurrency',
    placeholder: '8',
    hint: 'Calls a batch job keeps in flight to the endpoints; halved while they throttle, then grown back.',
  },
];

/** Asynchronous inference: what the embedding and pre-label jobs send through S3. */
const ASYNC_FIELDS: Field[] = [
  {
    key: 'asyncSamEndpoint',
    label: 'Async SAM endpoint',
    placeholder: 'sam-vit-h-async',
    hint: 'Embedding mode, same encoder as the SAM endpoint: precomputes embeddings for whole projects.',
  },
  {
    key: 'asyncGroundedSamEndpoint',
    label: 'Async Grounded-SAM endpoint',
    placeholder: 'grounded-sam-async',
    hint: 'Pre-labels with text prompts; results land in the review queue.',
  },
  { key: 's3Bucket', label: 'S3 bucket', placeholder: 'my-labeling-bucket', hint: 'Requests go here.' },
  {
    key: 's3Prefix',
    label: 'S3 prefix',
    placeholder: 'visprompt/',
    hint: 'Request objects are named by their content hash under it: nothing is uploaded twice.',
  },
  {
    key: 's3EndpointUrl',
    label: 'S3 URL',
    placeholder: 'AWS',
    hint: 'Only for a local S3 server (the emulator) or an S3-compatible store.',
  },
  {
    key: 'asyncInstanceType',
    label: 'Instance type',
    placeholder: 'ml.g5.xlarge',
    hint: 'As deployed; shown in the cost line.',
  },
  {
    key: 'asyncPricePerHour',
    label: 'Price per hour',
    placeholder: '0',
    hint: 'Of one instance, from your AWS pricing page; the studio never guesses it. 0: no cost line.',
  },
  {
    key: 'asyncSecondsPerRequest',
    label: 'Seconds per request',
    placeholder: '0',
    hint: "One instance's time per image, as you measured it (CloudWatch ModelLatency).",
  },
  {
    key: 'asyncInFlight',
    label: 'Async requests in flight',
    placeholder: '64',
    hint: 'Queued or running at once per job; enough to keep every instance busy.',
  },
  {
    key: 'asyncRequestTtlSec',
    label: 'Request time to live (s)',
    placeholder: '3600',
    hint: 'A request queued longer expires; allow for scaling up from zero.',
  },
];

export function EndpointsSection(props: {
  draft: EndpointsDraft;
  error: string | undefined;
  onChange: (next: EndpointsDraft) => void;
}) {
  const { draft, error, onChange } = props;
  const [checks, setChecks] = useState<EndpointCheck[] | null>(null);
  const [testing, setTesting] = useState(false);

  const test = async () => {
    const parsed = endpointSettingsSchema.safeParse(draftToEndpoints(draft));
    if (!parsed.success) return;
    setTesting(true);
    setChecks(null);
    try {
      setChecks(await api.endpoints.testConnection({ settings: parsed.data }));
    } catch (err) {
      reportError(err);
    } finally {
      setTesting(false);
    }
  };

  const field = (f: Field) => (
    <div className="field" key={f.key}>
      <label htmlFor={`ep-${f.key}`}>{f.label}</label>
      <input
        id={`ep-${f.key}`}
        className="input"
        value={draft[f.key]}
        placeholder={f.placeholder}
        onChange={(e) => onChange({ ...draft, [f.key]: e.target.value })}
        data-testid={`settings-ep-${f.key}`}
      />
      <div className="field-hint">{f.hint}</div>
    </div>
  );
  const nothingToTest =
    !draft.samEndpoint.trim() && !draft.groundedSamEndpoint.trim() && !draft.s3Bucket.trim();

  return (
    <Card title="Model endpoints (SageMaker)" data-testid="settings-endpoints">
      {FIELDS.map(field)}
      <label className="check">
        <input
          type="checkbox"
          checked={draft.embeddingMode}
          onChange={(e) => onChange({ ...draft, embeddingMode: e.target.checked })}
          data-testid="settings-ep-embedding"
        />{' '}
        Embedding mode: the endpoint embeds each image once, clicks run the local decoder
      </label>
      <fieldset className="ep-async" data-testid="settings-ep-async">
        <legend>Asynchronous inference (batch jobs through S3)</legend>
        <p className="muted small">
          For whole projects: embeddings ahead of the first click, and pre-labeling, on endpoints that scale
          to zero when idle. Same profile and region as above.
        </p>
        <div className="ep-async-grid">{ASYNC_FIELDS.map(field)}</div>
      </fieldset>
      {error ? <div className="field-error">{error}</div> : null}
      <div className="form-actions">
        <button
          type="button"
          className="btn"
          disabled={testing || nothingToTest}
          onClick={() => void test()}
          data-testid="settings-ep-test"
        >
          {testing ? 'Testing…' : 'Test connection'}
        </button>
      </div>
      {checks ? (
        <ul className="endpoint-checks" data-testid="settings-ep-results">
          {checks.map((c) => (
            <li key={c.role} className={c.ok ? 'ok' : 'failed'}>
              <strong>{c.endpoint}</strong> ({c.role}):{' '}
              {!c.ok
                ? c.error?.message
                : c.note
                  ? `${c.note} (${Math.round(c.latencyMs)} ms)`
                  : `answered in ${Math.round(c.latencyMs)} ms (model ${c.model})`}
            </li>
          ))}
        </ul>
      ) : null}
    </Card>
  );
}
