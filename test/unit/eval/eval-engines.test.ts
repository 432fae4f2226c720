// The classical engine is always there for an experiment to compare with: when the studio's segmenter is SAM
// (classical not in the lease), the experiment starts a classical engine of its own and frees it when it ends.
import { describe, expect, it } from 'vitest';
import type { ChainEnginesLease } from '../../../electron/engines/chain-engines';
import { evalBatchKind, experimentSegmenters } from '../../../electron/eval/eval-batch';
import type { Segmenter } from '../../../electron/inference/segmenter';
import type { ProjectStore } from '../../../electron/store/project-store';

const fake = (engine: string, modelId: string) => {
  const s = { engine, modelId, disposed: 0 } as unknown as Segmenter & { disposed: number };
  s.prepare = async () => undefined;
  s.segment = async () => ({ candidates: [], next: [], modelId, timings: { prepareMs: 0, segmentMs: 0 } });
  s.dispose = async () => void s.disposed++;
  return s;
};

describe('the segmenters an experiment may name', () => {
  it.each([
    ['SAM only: classical added', [['sam-onnx', 'mobile-sam']], ['sam-onnx', 'classical']],
    [
      'classical already there: once',
      [
        ['classical', 'classical-v1'],
        ['sagemaker-sam', 'sam'],
      ],
      ['classical', 'sagemaker-sam'],
    ],
    ['nothing leased: classical', [], ['classical']],
  ] as const)('%s', (_, leased, engines) => {
    expect(experimentSegmenters(leased.map(([e, m]) => fake(e, m))).map((s) => s.engine)).toEqual(engines);
  });

  it("starts its own classical engine when the studio's is SAM, and disposes of it on close", async () => {
    let released = 0;
    const sam = fake('sam-onnx', 'mobile-sam');
    const lease = async (): Promise<ChainEnginesLease> => ({
      engines: { detectors: [], segmenters: [sam] },
      release: () => void released++,
    });
    const own = fake('classical', 'classical-v1');
    let made = 0;
    const kind = evalBatchKind(lease, () => (made++, own));
    const store = {} as ProjectStore;
    const { spec } = await kind.prepare(store, {
      spec: { strategies: ['box'], engines: ['classical', 'sam-onnx'] },
    });
    expect((spec as { engines: string[] }).engines).toEqual(['classical', 'sam-onnx']);
    const work = await kind.open(store, spec);
    expect(made).toBe(1);
    work.close();
    await Promise.resolve();
    expect(own.disposed).toBe(1);
    expect(sam.disposed).toBe(0);
    expect(released).toBe(2);
    // Only SAM asked for: no classical engine started.
    const samOnly = await kind.open(store, { ...(spec as object), engines: ['sam-onnx'] });
    samOnly.close();
    expect(made).toBe(1);
  });
});
