// Visual prompt chains: type a request and see where it went (a planned chain, or an answer about the image),
// edit the chain as JSON with its steps and problems shown live, run it on one image or on every image of the
// project, and compare two runs side by side with their masks and scores. The hooks talk to the studio; the
// panels render what they hold.
import { ScreenHeader } from '../components/ScreenHeader';
import { useApp, navigate } from '../state/app';
import { BedrockCard } from './BedrockCard';
import { ChainCard } from './ChainCard';
import { EnginesLine } from './ChainViews';
import { CompareCard } from './CompareCard';
import { RequestCard } from './RequestCard';
import { RunsCard } from './RunsCard';
import { useChainDraft, useChainsData } from './use-chains';
import { StepsCard } from './StepsCard';
import { cancelRun } from './use-chains';
import { useRunComparison } from './use-run-comparison';
import { useRunSteps } from './use-run-steps';
import './chains.css';

export function ChainsScreen({ path }: { path: string }) {
  const project = useApp((s) => (s.project?.path === path ? s.project : null));
  const data = useChainsData(path, project);
  const draft = useChainDraft(path, data);
  const compare = useRunComparison(path, data.runs, data.labels, data.refreshRuns);
  const steps = useRunSteps(path);
  const stepsRun = data.runs.find((r) => r.id === steps.runId) ?? null;

  if (!project) {
    return (
      <div className="project-loading" aria-busy="true">
        <div className="spinner" /> Opening project…
      </div>
    );
  }

  return (
    <div className="chains" data-testid="chains-screen">
      <ScreenHeader
        className="chains-header"
        title="Visual prompt chains"
        backText={project.name}
        onBack={() => navigate({ name: 'project', path })}
        backTestId="chains-back"
      >
        <EnginesLine engines={data.engines} />
      </ScreenHeader>

      <div className="chains-grid">
        <div className="chains-col">
          <RequestCard draft={draft} images={data.images} imageId={data.imageId} onImage={data.setImageId} />
          <ChainCard draft={draft} saved={data.saved} images={data.images} imageId={data.imageId} />
          <BedrockCard onSaved={data.refreshEngines} />
        </div>

        <div className="chains-col">
          <RunsCard
            runs={data.runs}
            compare={compare}
            onSteps={steps.open}
            onCancel={(runId) => void cancelRun(path, runId, data.refreshRuns)}
          />
          {stepsRun && (
            <StepsCard path={path} run={stepsRun} steps={steps} labels={data.labels} names={data.images} />
          )}
          {compare.comparison && (
            <CompareCard path={path} comparison={compare.comparison} compare={compare} />
          )}
        </div>
      </div>
    </div>
  );
}
