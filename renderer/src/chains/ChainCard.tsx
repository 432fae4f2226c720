// The chain panel: its name, the saved chains to open, the JSON with its steps and problems, save and run.
import type { ImageRecord } from '../../../shared/domain';
import type { SavedChain } from '../../../shared/chains/runs';
import { Card } from '../components/Card';
import { CheckMessages, StepList } from './ChainViews';
import type { ChainDraft } from './use-chains';

export function ChainCard({
  draft,
  saved,
  images,
  imageId,
}: {
  draft: ChainDraft;
  saved: readonly SavedChain[];
  images: readonly ImageRecord[];
  imageId: number | null;
}) {
  const { name, setName, chainText, setChainText, check, progress, start, cancel, cancelling, save, open } =
    draft;
  const steps = check?.ok ? check.chain.steps : null;
  const runnable = check?.ok === true && progress === null;
  return (
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
            if (chosen) open(chosen);
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
          <>
            <span className="muted" data-testid="chain-progress">
              {progress.done} / {progress.total}
            </span>
            <button
              type="button"
              className="btn small"
              onClick={() => void cancel()}
              disabled={cancelling}
              data-testid="chain-cancel"
            >
              {cancelling ? 'Cancelling…' : 'Cancel'}
            </button>
          </>
        )}
      </div>
    </Card>
  );
}
