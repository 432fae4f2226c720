// The 'async-prelabel' batch job kind: pre-labeling through SageMaker Asynchronous Inference, one request per
// image, results as proposals for review. Either a Grounded-SAM endpoint answers a text prompt with boxes and
// masks, or the local class detector finds the boxes and a SAM endpoint segments all of them in one request.
// Requests and answers travel through S3 (inference/sagemaker/async/), recorded in the project so a resumed job
// collects what a stopped one sent; proposals land with the image's 'done' as for every job.
import type { EndpointSettings } from '../../shared/domain';
import { describeIssues } from '../../shared/api/kit';
import type { Region } from '../../shared/chains/regions';
import { canonicalClasses } from '../../shared/chains/validate';
import { asyncPrelabelSpecSchema, type AsyncPrelabelSpec } from '../../shared/endpoints/async';
import { StudioError } from '../../shared/errors';
import type { ChainEnginesLease } from '../engines/chain-engines';
import { asyncTransportOf, requireAsyncEndpoint } from '../inference/sagemaker/async/from-settings';
import { projectLedger } from '../inference/sagemaker/async/project-ledger';
import { endpointClientOf } from '../inference/sagemaker/from-settings';
import { SagemakerGroundedDetector } from '../inference/sagemaker/sagemaker-grounded';
import { SagemakerSamSegmenter } from '../inference/sagemaker/sagemaker-sam';
import type { Detector, EngineImage } from '../inference/segmenter';
import type { BatchKind, BatchWork } from '../jobs/batch-kind';
import type { ProjectStore } from '../store/project-store';
import { regionProposals } from './propose';

interface PrelabelSpec {
  endpoint: string;
  request: AsyncPrelabelSpec;
}

export interface PrelabelKindDeps {
  settings: () => Promise<EndpointSettings>;
  /** The local engines (the class detector of the SAM way). */
  engines: () => Promise<ChainEnginesLease>;
}

const role = (s: AsyncPrelabelSpec) => (s.via === 'sam' ? 'sam' : 'grounded-sam');

function parseSpec(raw: unknown): AsyncPrelabelSpec {
  const parsed = asyncPrelabelSpecSchema.safeParse(raw);
  if (!parsed.success)
    throw new StudioError(
      'invalid_input',
      describeIssues('The pre-label job', parsed.error),
      parsed.error.issues,
    );
  return parsed.data;
}

function classDetector(lease: ChainEnginesLease): Detector {
  const found = lease.engines.detectors.find((d) => d.classes !== null);
  if (!found)
    throw new StudioError(
      'model_missing',
      'Pre-labeling with a SAM endpoint needs a local class detector for the boxes (PicoDet: Models).',
    );
  return found;
}

const describe = (s: AsyncPrelabelSpec, endpoint: string) =>
  s.via === 'grounded-sam'
    ? `"${s.text}" on ${endpoint} (async)`
    : `${s.classes.join(', ')} → ${endpoint} (async)`;

export function asyncPrelabelBatchKind(deps: PrelabelKindDeps): BatchKind {
  return {
    kind: 'async-prelabel',
    async prepare(_store, input) {
      const request = parseSpec(input.spec);
      const endpoint = requireAsyncEndpoint(await deps.settings(), role(request));
      if (request.via === 'sam') {
        const lease = await deps.engines();
        try {
          const detector = classDetector(lease);
          request.classes = canonicalClasses(request.classes, detector.classes ?? []);
        } finally {
          lease.release();
        }
      }
      const spec: PrelabelSpec = { endpoint, request };
      return { spec, name: `Pre-label ${describe(request, endpoint)}` };
    },
    async open(store: ProjectStore, raw: unknown): Promise<BatchWork> {
      const { endpoint, request } = raw as PrelabelSpec;
      const settings = await deps.settings();
      requireAsyncEndpoint(settings, role(request));
      const transport = asyncTransportOf(settings, projectLedger(store));
      const client = { ...endpointClientOf(settings, endpoint), transport };
      const lease = request.via === 'sam' ? await deps.engines() : null;
      const prompt = describe(request, endpoint);
      let regionsOf: (image: EngineImage, signal: AbortSignal) => Promise<Region[]>;
      let release: () => Promise<void>;
      try {
        if (request.via === 'grounded-sam') {
          const grounded = new SagemakerGroundedDetector({ ...client, withMasks: true });
          regionsOf = async (image, signal) =>
            (await grounded.detect(image, { text: request.text, scoreThreshold: request.minScore, signal }))
              .filter((d) => d.score >= request.minScore)
              .map((d) => ({ label: d.label, score: d.score, box: d.box, ...(d.rle ? { rle: d.rle } : {}) }));
          release = () => grounded.dispose();
        } else {
          const detector = classDetector(lease!);
          const sam = new SagemakerSamSegmenter(client);
          regionsOf = async (image, signal) => {
            const found = (
              await detector.detect(image, {
                classes: request.classes,
                scoreThreshold: request.minScore,
                signal,
              })
            ).filter((d) => d.score >= request.minScore);
            const masks = await sam.segmentBoxes(
              image,
              found.map((d) => d.box),
              signal,
            );
            return found.flatMap((d, i): Region[] => {
              const m = masks[i];
              if (!m || m.area === 0) return [];
              return [
                {
                  label: d.label,
                  score: m.score,
                  detectScore: d.score,
                  box: m.box,
                  rle: m.rle,
                  area: m.area,
                },
              ];
            });
          };
          release = () => sam.dispose();
        }
      } catch (err) {
        lease?.release();
        transport.destroy();
        throw err;
      }
      return {
        provider: 'async',
        async process(imageId, signal) {
          const image = store.getImage(imageId);
          if (image.missing) throw new StudioError('not_found', `The image file ${image.path} is missing.`);
          const regions = await regionsOf(image, signal);
          return {
            proposals: regionProposals(store, image, regions, endpoint).map((p) => ({
              ...p,
              modelPrompt: prompt,
            })),
          };
        },
        close() {
          void release();
          transport.destroy();
          lease?.release();
        },
      };
    },
  };
}
