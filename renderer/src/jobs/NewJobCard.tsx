// Starting a pre-labeling job: a saved chain over all images, the images the library shows now, or the ones
// selected there; how many calls in flight and how many attempts per image.
import { useEffect, useState } from 'react';
import type { SavedChain } from '../../../shared/chains/runs';
import { plural } from '../../../shared/counts';
import { api } from '../api';
import { Card } from '../components/Card';
import { attempt, navigate } from '../state/app';
import { startBatchJob } from '../state/commands';
import { ImageSetChoice, useImageSetChoice } from './ImageSetChoice';

export function NewJobCard({ project }: { project: string }) {
  const [chains, setChains] = useState<SavedChain[] | null>(null);
  const [chainId, setChainId] = useState<number | null>(null);
  const images = useImageSetChoice();
  const [name, setName] = useState('');
  const [concurrency, setConcurrency] = useState('');
  const [maxAttempts, setMaxAttempts] = useState('4');
  const [starting, setStarting] = useState(false);

  useEffect(() => {
    void attempt(() => api.chains.list({ project })).then((list) => {
      if (!list) return;
      setChains(list);
      setChainId((id) => id ?? list[0]?.id ?? null);
    });
  }, [project]);

  const concurrencyValue = concurrency.trim() === '' ? undefined : Number(concurrency);
  const attemptsValue = Number(maxAttempts);
  const valid =
    chainId !== null &&
    images.count > 0 &&
    (concurrencyValue === undefined || (Number.isInteger(concurrencyValue) && concurrencyValue >= 1)) &&
    Number.isInteger(attemptsValue) &&
    attemptsValue >= 1 &&
    attemptsValue <= 20;

  const start = async () => {
    if (chainId === null) return;
    setStarting(true);
    await startBatchJob(project, {
      chainId,
      images: images.imageSet(),
      name: name.trim() || undefined,
      settings: {
        maxAttempts: attemptsValue,
        ...(concurrencyValue ? { concurrency: concurrencyValue } : {}),
      },
    });
    setStarting(false);
  };

  if (chains && chains.length === 0) {
    return (
      <Card title="New pre-labeling job" data-testid="job-new">
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
        <label className="field">
          <span className="field-label">Name</span>
          <input
            className="input"
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="The chain's name"
            data-testid="job-name"
          />
        </label>
      </div>
      <ImageSetChoice choice={images} testIdPrefix="job-images" />
      <div className="job-form">
        <NumberField
          label="Calls in flight"
          value={concurrency}
          onChange={setConcurrency}
          placeholder="Auto"
          hint="Auto: the cores for local engines, Settings for endpoints."
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
          Pre-label {plural(images.count, 'image')}
        </button>
      </div>
    </Card>
  );
}

function NumberField(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
  hint: string;
  testId: string;
}) {
  return (
    <label className="field">
      <span className="field-label">{props.label}</span>
      <input
        className="input"
        inputMode="numeric"
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        placeholder={props.placeholder}
        data-testid={props.testId}
      />
      <span className="field-hint">{props.hint}</span>
    </label>
  );
}
