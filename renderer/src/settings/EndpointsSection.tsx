// Settings > Model endpoints: SageMaker endpoint names per model role, the AWS profile and region to reach them
// with, and a 'test connection' that calls each configured endpoint with the values as typed (before saving).
// No credential is ever typed here: the AWS default chain (SSO, ~/.aws profiles, environment) supplies them.
import { useState } from 'react';
import type { EndpointCheck } from '../../../shared/api/endpoints';
import { endpointSettingsSchema } from '../../../shared/api/endpoints';
import { api } from '../api';
import { reportError } from '../state/app';
import { Card } from '../components/Card';
import type { EndpointsDraft } from './settings-form';

type TextField = Exclude<keyof EndpointsDraft, 'embeddingMode'>;

const FIELDS: { key: TextField; label: string; placeholder: string; hint: string }[] = [
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

export function EndpointsSection(props: {
  draft: EndpointsDraft;
  error: string | undefined;
  onChange: (next: EndpointsDraft) => void;
}) {
  const { draft, error, onChange } = props;
  const [checks, setChecks] = useState<EndpointCheck[] | null>(null);
  const [testing, setTesting] = useState(false);

  const test = async () => {
    const parsed = endpointSettingsSchema.safeParse({
      ...draft,
      requestTimeoutSec: Number(draft.requestTimeoutSec),
      clickDeadlineSec: Number(draft.clickDeadlineSec),
      jobConcurrency: Number(draft.jobConcurrency),
    });
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

  return (
    <Card title="Model endpoints (SageMaker)" data-testid="settings-endpoints">
      {FIELDS.map((f) => (
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
      ))}
      <label className="check">
        <input
          type="checkbox"
          checked={draft.embeddingMode}
          onChange={(e) => onChange({ ...draft, embeddingMode: e.target.checked })}
          data-testid="settings-ep-embedding"
        />{' '}
        Embedding mode: the endpoint embeds each image once, clicks run the local decoder
      </label>
      {error ? <div className="field-error">{error}</div> : null}
      <div className="form-actions">
        <button
          type="button"
          className="btn"
          disabled={testing || (!draft.samEndpoint.trim() && !draft.groundedSamEndpoint.trim())}
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
              {c.ok ? `answered in ${Math.round(c.latencyMs)} ms (model ${c.model})` : c.error?.message}
            </li>
          ))}
        </ul>
      ) : null}
    </Card>
  );
}
