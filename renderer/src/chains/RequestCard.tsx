// The request panel: what the user asks for, on which image, and where the planner sent it.
import type { ImageRecord } from '../../../shared/domain';
import { Card } from '../components/Card';
import { PlanOutcome } from './ChainViews';
import type { ChainDraft } from './use-chains';

export function RequestCard({
  draft,
  images,
  imageId,
  onImage,
}: {
  draft: ChainDraft;
  images: readonly ImageRecord[];
  imageId: number | null;
  onImage: (id: number) => void;
}) {
  const { request, setRequest, plan, planning, runPlan } = draft;
  return (
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
          onChange={(e) => onImage(Number(e.target.value))}
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
  );
}
