// The runs panel: every run of the project with its status and timings, the two picked for comparison, and
// steps (the run step by step), cancel (while it runs), resume, replay and propose.
import type { ChainRun } from '../../../shared/chains/runs';
import { Card } from '../components/Card';
import type { RunComparisonView } from './use-run-comparison';

export function RunsCard({
  runs,
  compare,
  onSteps,
  onCancel,
}: {
  runs: readonly ChainRun[];
  compare: RunComparisonView;
  /** Shows the run step by step. */
  onSteps: (runId: number) => void;
  onCancel: (runId: number) => void;
}) {
  const { a, b, pick, act, propose } = compare;
  return (
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
                  <button
                    type="button"
                    className="link-btn"
                    onClick={() => onSteps(r.id)}
                    title="Each step's boxes, prompts and masks on the run's images"
                    data-testid={`chain-steps-${r.id}`}
                  >
                    Steps
                  </button>{' '}
                  {r.status === 'running' && (
                    <button
                      type="button"
                      className="link-btn"
                      onClick={() => onCancel(r.id)}
                      data-testid={`chain-cancel-${r.id}`}
                    >
                      Cancel
                    </button>
                  )}{' '}
                  {r.status !== 'done' && r.status !== 'running' && (
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
  );
}
