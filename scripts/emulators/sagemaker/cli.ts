// `npm run emulator:sagemaker [-- --port 8085] [--models DIR]`: a local SageMaker Runtime for demos and offline
// work. Serves 'sam' (embedding mode too when SAM weights are present) and 'grounded-sam' from the local
// engines: MobileSAM / SAM ViT-B ONNX from the models folder when there, else the classical engine; PicoDet
// COCO-80 for Grounded-SAM. Point the studio (Settings > Model endpoints) at the printed URL with the printed
// test credentials (they are fixed and fake: the emulator only checks the SigV4 signature with them).
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
import { startSagemakerEmulator } from './server';
import { TEST_CREDENTIALS } from './sigv4';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    region: { type: 'string', default: 'us-east-1' },
    models: { type: 'string' },
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

const emulator = await startSagemakerEmulator({
  containers,
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
say(
  `Faults: curl -X PUT ${emulator.url}/_emulator/faults/sam -d '{"error":"ThrottlingException","times":2}'`,
);

const stop = async () => {
  await emulator.close();
  await segmenter.dispose();
  if (segmenter !== classical) await classical.dispose();
  rmSync(imagesDir, { recursive: true, force: true });
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
