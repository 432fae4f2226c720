// Starting a job: a saved chain over all images, the images the library shows now, or the ones selected
// there, or one of the asynchronous inference jobs (embeddings ahead of clicks, pre-labeling) with its request
// count and cost line (NewJobCardAsync.tsx); how many calls in flight and how many attempts per image.
import { useEffect, useState } from 'react';
import type { SavedChain } from '../../../shared/chains/runs';
import { plural } from '../../../shared/counts';
import type { EndpointSettings } from '../../../shared/domain';
import { api } from '../api';
import { Card } from '../components/Card';
import { attempt, navigate } from '../state/app';
import { startBatchJob } from '../state/commands';
import { ImageSetChoice, useImageSetChoice } from './ImageSetChoice';
import {
  ASYNC_LABELS,
  AsyncJobFields,
  asyncEndpointFor,
  asyncJobInput,
  type AsyncWhat,
} from './NewJobCardAsync';
import { NumberField } from '../components/NumberField';

type What = 'chain' | AsyncWhat;

export function NewJobCard({ project }: { project: string }) {
  const [chains, setChains] = useState<SavedChain[] | null>(null);
  const [chainId, setChainId] = useState<number | null>(null);
  const images = useImageSetChoice();
  const [name, setName] = useState('');
  const [concurrency, setConcurrency] = useState('');
  const [maxAttempts, setMaxAttempts] = useState('4');
  const [starting, setStarting] = useState(false);
  const [what, setWhat] = useState<What>('chain');
  const [prompt, setPrompt] = useState('');
  const [endpoints, setEndpoints] = useState<EndpointSettings | null>(null);

  useEffect(() => {
    void attempt(() => api.chains.list({ project })).then((list) => {
      if (!list) return;
      setChains(list);
      setChainId((id) => id ?? list[0]?.id ?? null);
    });
  }, [project]);

  useEffect(() => {
    void attempt(() => api.settings.get({})).then((s) => s && setEndpoints(s.endpoints));
  }, []);

  const concurrencyValue = concurrency.trim() === '' ? undefined : Number(concurrency);
  const attemptsValue = Number(maxAttempts);
  const asyncInput = what === 'chain' ? null : asyncJobInput(what, prompt);
  const valid =
    (what === 'chain' ? chainId !== null : asyncInput !== null && asyncEndpointFor(what, endpoints) !== '') &&
    images.count > 0 &&
    (concurrencyValue === undefined || (Number.isInteger(concurrencyValue) && concurrencyValue >= 1)) &&
    Number.isInteger(attemptsValue) &&
    attemptsValue >= 1 &&
    attemptsValue <= 20;

  const start = async () => {
    if (what === 'chain' ? chainId === null : !asyncInput) return;
    setStarting(true);
    await startBatchJob(project, {
      ...(what === 'chain' ? { chainId: chainId! } : asyncInput!),
      images: images.imageSet(),
      name: name.trim() || undefined,
      settings: {
        maxAttempts: attemptsValue,
        ...(concurrencyValue ? { concurrency: concurrencyValue } : {}),
      },
    });
    setStarting(false);
  };

  const whatField = (
    <label className="field">
      <span className="field-label">Job</span>
      <select
        className="input"
        value={what}
        onChange={(e) => setWhat(e.target.value as What)}
        data-testid="job-what"
      >
        <option value="chain">Run a saved chain</option>
        {(Object.keys(ASYNC_LABELS) as AsyncWhat[]).map((w) => (
          <option key={w} value={w}>
            {ASYNC_LABELS[w]}
          </option>
        ))}
      </select>
    </label>
  );

  if (what === 'chain' && chains && chains.length === 0) {
    return (
      <Card title="New pre-labeling job" data-testid="job-new">
        <div className="job-form">{whatField}</div>
        <p className="muted">
          A job runs a saved chain on many images. Save one on the{' '}
          <button
            type="button"
            className="link-btn"
            onClick={() => navigate({ name: 'chains', path: project })}
          >
            Chains screen
          </button>{' '}
          first (a single detect or segment step is a chain too).
        </p>
      </Card>
    );
  }

  return (
    <Card title="New pre-labeling job" data-testid="job-new">
      <div className="job-form">
        {whatField}
        {what === 'chain' ? (
          <label className="field">
            <span className="field-label">Chain</span>
            <select
              className="input"
              value={chainId ?? ''}
              onChange={(e) => setChainId(Number(e.target.value))}
              data-testid="job-chain"
            >
              {(chains ?? []).map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name} ({plural(c.chain.steps.length, 'step')})
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <label className="field">
          <span className="field-label">Name</span>
          <input
            className="input"
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder={what === 'chain' ? "The chain's name" : 'Named after what it runs'}
            data-testid="job-name"
          />
        </label>
      </div>
      {what === 'chain' ? null : (
        <AsyncJobFields
          what={what}
          settings={endpoints}
          prompt={prompt}
          onPrompt={setPrompt}
          images={images.count}
        />
      )}
      <ImageSetChoice choice={images} testIdPrefix="job-images" />
      <div className="job-form">
        <NumberField
          label="Calls in flight"
          value={concurrency}
          onChange={setConcurrency}
          placeholder="Auto"
          hint={
            what === 'chain'
              ? 'Auto: the cores for local engines, Settings for endpoints.'
              : 'Auto: Settings > async requests in flight.'
          }
          testId="job-concurrency"
        />
        <NumberField
          label="Attempts per image"
          value={maxAttempts}
          onChange={setMaxAttempts}
          hint="Endpoint errors that may pass are retried, waiting longer each time."
          testId="job-attempts"
        />
      </div>
      <div className="form-actions">
        <button
          type="button"
          className="btn btn-primary"
          disabled={!valid || starting}
          onClick={() => void start()}
          data-testid="job-start"
        >
          {what === 'async-embeddings' ? 'Embed' : 'Pre-label'} {plural(images.count, 'image')}
        </button>
      </div>
    </Card>
  );
}
