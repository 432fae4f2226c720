// Small read-only views of the chains screen: the engines line, a plan's outcome, the step list and the
// chain's check messages.
import type { ChainCheckResult, ChainEnginesInfo, PlanResult } from '../../../shared/api/chains';
import type { Chain } from '../../../shared/chains/schema';
import { Icon } from '../components/Icon';
import { describeStep } from './chain-text';

export function EnginesLine({ engines }: { engines: ChainEnginesInfo | null }) {
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

export function PlanOutcome({ plan }: { plan: PlanResult }) {
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

export function StepList({ steps }: { steps: Chain['steps'] }) {
  return (
    <ol className="chains-steps" data-testid="chain-steps">
      {steps.map((s, i) => (
        <li key={i}>{describeStep(s)}</li>
      ))}
    </ol>
  );
}

export function CheckMessages({ check }: { check: ChainCheckResult }) {
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
