// The 'chain' batch job kind: a chain (a saved one, or one given inline; a single detect or segment step is a
// one-step chain) run on each image of the job, its regions written as proposals. The chain is checked and kept
// as it is when the job is made, so editing the saved chain later does not change a job half-way.
import type { Chain } from '../../shared/chains/schema';
import { StudioError } from '../../shared/errors';
import type { ChainEnginesLease } from '../engines/chain-engines';
import type { ChainEngines } from '../inference/segmenter';
import type { BatchKind, BatchWork } from '../jobs/batch-kind';
import type { ProjectStore } from '../store/project-store';
import { requireRunnable } from './chain-runs';
import { newOnImage, regionProposals } from './propose';
import { requireDetector, requireSegmenter, runChainOnImage } from './run-chain';

interface ChainSpec {
  chainId: number | null;
  chain: Chain;
}

/** Endpoint-backed engines are named after SageMaker (sagemaker-sam, sagemaker-grounded-sam, ...). */
const isEndpoint = (engine: string) => engine.startsWith('sagemaker');

/** Which gate the chain's calls go through: the endpoints' as soon as one of its steps calls one. */
function providerOf(chain: Chain, engines: ChainEngines): BatchWork['provider'] {
  for (const step of chain.steps) {
    const engine =
      step.op === 'detect-class' || step.op === 'detect-text'
        ? requireDetector(engines, step, step.op === 'detect-text').engine
        : step.op === 'segment'
          ? requireSegmenter(engines, step.model).engine
          : null;
    if (engine && isEndpoint(engine)) return 'endpoint';
  }
  return 'local';
}

/** What the reviewer sees as the proposal's prompt: the chain's steps in one line. */
const describe = (chain: Chain) =>
  chain.steps
    .map((s) =>
      'text' in s ? `${s.op} "${s.text}"` : 'classes' in s ? `${s.op} ${s.classes.join(', ')}` : s.op,
    )
    .join(' → ');

export function chainBatchKind(engines: () => Promise<ChainEnginesLease>): BatchKind {
  const withLease = async <T>(work: (e: ChainEngines) => T): Promise<T> => {
    const lease = await engines();
    try {
      return work(lease.engines);
    } finally {
      lease.release();
    }
  };
  return {
    kind: 'chain',
    async prepare(store: ProjectStore, input: { chainId?: number; chain?: unknown }) {
      const saved = input.chainId === undefined ? null : store.readChains((c) => c.getChain(input.chainId!));
      if (input.chain === undefined && !saved)
        throw new StudioError('invalid_input', 'Give a chain or a saved chain to run.');
      const chain = await withLease((e) => requireRunnable(input.chain ?? saved!.chain, e, store));
      const spec: ChainSpec = { chainId: saved?.id ?? null, chain };
      return { spec, name: saved?.name ?? chain.name ?? 'chain' };
    },
    async open(store: ProjectStore, raw: unknown): Promise<BatchWork> {
      const spec = raw as ChainSpec;
      const lease = await engines();
      try {
        const chain = requireRunnable(spec.chain, lease.engines, store);
        const prompt = describe(chain);
        return {
          provider: providerOf(chain, lease.engines),
          async process(imageId, signal) {
            const image = store.getImage(imageId);
            if (image.missing) throw new StudioError('not_found', `The image file ${image.path} is missing.`);
            const run = await runChainOnImage(chain, image, lease.engines, { signal });
            const modelId = run.steps.findLast((s) => s.modelId)?.modelId ?? null;
            // Running a detector over the library again must not stack copies on what is already there.
            const found = regionProposals(store, image, run.regions, modelId);
            const { fresh, skipped } = newOnImage(store, imageId, found);
            return { proposals: fresh.map((p) => ({ ...p, modelPrompt: prompt })), repeats: skipped };
          },
          close: () => lease.release(),
        };
      } catch (err) {
        lease.release();
        throw err;
      }
    },
  };
}
