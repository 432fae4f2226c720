// `npm run emulator:sagemaker [-- --port 8085] [--models DIR] [--async] [--instances 2] [--queue-delay-ms 0]`:
// a local SageMaker Runtime for demos and offline work. Serves 'sam' (embedding mode too when SAM weights are
// present) and 'grounded-sam' from the local engines: MobileSAM / SAM ViT-B ONNX from the models folder when
// there, else the classical engine; PicoDet COCO-80 for Grounded-SAM. With --async, also a local S3 server and
// the same engines as asynchronous endpoints 'sam-async' and 'grounded-sam-async' (N emulated instances).
// Point the studio (Settings > Model endpoints) at the printed URLs with the printed test credentials (they
// are fixed and fake: the emulators only check SigV4 signatures with them).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ClassicalSegmenter } from '../../../electron/inference/classical';
import { PicoDetDetector } from '../../../electron/inference/detector/picodet-detector';
import { EmbeddingCache } from '../../../electron/inference/embedding-cache';
import { createLocalSamSegmenter } from '../../../electron/inference/local-sam';
import { locateModel } from '../../../electron/inference/models/locate';
import { MANIFEST, modelFile, modelsOfRole } from '../../../electron/inference/models/manifest';
import type { Segmenter } from '../../../electron/inference/segmenter';
import type { Container } from './container';
import { groundedContainer } from './grounded-container';
import { encoderFromLocalSam } from './local-sam-encoder';
import { RequestImages } from './request-images';
import { samContainer } from './sam-container';
import { withPropagation } from './propagate-container';
import { AsyncEndpoint } from './async-endpoint';
import { startS3Server, type S3Server } from './s3-server';
import { startSagemakerEmulator } from './server';
import { TEST_CREDENTIALS } from './sigv4';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    region: { type: 'string', default: 'us-east-1' },
    models: { type: 'string' },
    async: { type: 'boolean', default: false },
    instances: { type: 'string', default: '2' },
    'queue-delay-ms': { type: 'string', default: '0' },
  },
});
const modelsDir = resolve(
  values.models ??
    process.env.VISPROMPT_MODELS_DIR ??
    join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'models'),
);

const say = (line: string) => process.stdout.write(`${line}\n`);
const imagesDir = mkdtempSync(join(tmpdir(), 'vps-sagemaker-emulator-'));
const images = new RequestImages(imagesDir);
const classical = new ClassicalSegmenter();
let segmenter: Segmenter = classical;
const containers: Record<string, Container> = {};

const sam = modelsOfRole(MANIFEST, 'segmenter')
  .map((entry) => locateModel(entry, modelsDir))
  .find((m) => m.complete);
if (sam) {
  const cache = new EmbeddingCache({ maxMemoryMB: 256, dir: null });
  segmenter = createLocalSamSegmenter({ entry: sam.entry, modelDir: sam.dir, cache });
  containers.sam = samContainer({ segmenter, encoder: encoderFromLocalSam(segmenter, cache), images });
  say(`SAM weights: ${sam.entry.name} (${sam.dir}): 'sam' answers masks and embeddings.`);
} else {
  say(`No SAM weights under ${modelsDir}: 'sam' answers with the classical engine, embedding mode is off.`);
  containers.sam = samContainer({ segmenter, images });
}
// Propagation mode (issue 14) on the same endpoint, over its segmenter.
containers.sam = withPropagation(containers.sam, { segmenter, images });

const picodet = modelsOfRole(MANIFEST, 'detector')
  .map((entry) => locateModel(entry, modelsDir))
  .find((m) => m.complete);
if (picodet) {
  const detector = new PicoDetDetector({
    entry: picodet.entry,
    modelPath: join(picodet.dir, modelFile(picodet.entry, 'model').file),
  });
  containers['grounded-sam'] = groundedContainer({ detector, segmenter, images });
  say(`Grounded-SAM: ${picodet.entry.name} + ${segmenter.modelId}.`);
} else say(`No detector under ${modelsDir}: 'grounded-sam' is not served.`);

const BUCKET = 'visprompt-emulator';
let s3: S3Server | null = null;
const asyncEndpoints: AsyncEndpoint[] = [];
if (values.async) {
  s3 = await startS3Server({ dir: join(imagesDir, 's3'), buckets: [BUCKET] });
  const client = s3.client();
  for (const [name, container] of Object.entries(containers))
    asyncEndpoints.push(
      new AsyncEndpoint(`${name}-async`, {
        container,
        s3: client,
        output: { bucket: BUCKET, prefix: `sagemaker/${name}-async/output` },
        failure: { bucket: BUCKET, prefix: `sagemaker/${name}-async/failure` },
        instances: Number(values.instances),
        queueDelayMs: Number(values['queue-delay-ms']),
      }),
    );
}

const emulator = await startSagemakerEmulator({
  containers,
  asyncEndpoints,
  region: values.region,
  port: Number(values.port),
  log: say,
});
say('');
say(`SageMaker Runtime emulator on ${emulator.url} (region ${emulator.region})`);
say(`Endpoints: ${Object.keys(containers).join(', ')}`);
say(
  `Test credentials: AWS_ACCESS_KEY_ID=${TEST_CREDENTIALS.accessKeyId} AWS_SECRET_ACCESS_KEY=${TEST_CREDENTIALS.secretAccessKey}`,
);
if (s3)
  say(
    `Async: endpoints ${asyncEndpoints.map((e) => e.name).join(', ')} (${values.instances} instances); ` +
      `S3 URL ${s3.url}, bucket ${BUCKET}`,
  );
say(
  `Faults: curl -X PUT ${emulator.url}/_emulator/faults/sam -d '{"error":"ThrottlingException","times":2}'`,
);

const stop = async () => {
  await emulator.close();
  await s3?.close();
  await segmenter.dispose();
  if (segmenter !== classical) await classical.dispose();
  rmSync(imagesDir, { recursive: true, force: true });
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
