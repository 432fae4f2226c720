// The emulator with the two endpoints the studio's Settings name for segmenting: 'sam' and 'grounded-sam',
// answered by local engines the test chooses.
import { join } from 'node:path';
import { ClassicalSegmenter } from '../../electron/inference/classical';
import type { Detector, Segmenter } from '../../electron/inference/segmenter';
import { groundedContainer } from '../../scripts/emulators/sagemaker/grounded-container';
import { RequestImages } from '../../scripts/emulators/sagemaker/request-images';
import { samContainer } from '../../scripts/emulators/sagemaker/sam-container';
import { startSagemakerEmulator, type SagemakerEmulator } from '../../scripts/emulators/sagemaker/server';
import { picodet } from '../integration/chains-fixtures';
import { useEmulatorKeys } from './aws-env';
import { createTestStudio } from './studio-server';

/** Request images are kept in `dir`/endpoint-images. */
export function startSegmentEndpoints(
  dir: string,
  engines: { segmenter: Segmenter; detector: Detector },
): Promise<SagemakerEmulator> {
  const images = new RequestImages(join(dir, 'endpoint-images'));
  return startSagemakerEmulator({
    containers: {
      sam: samContainer({ segmenter: engines.segmenter, images }),
      'grounded-sam': groundedContainer({ ...engines, images }),
    },
  });
}

/**
 * A test studio without local models whose endpoints are the emulator's 'sam' and 'grounded-sam', answered by the
 * real classical engine and PicoDet (Settings still have to name them: a test may look before). Restores the
 * environment and frees everything on close.
 */
export async function startEndpointStudio(dir: string) {
  const saved = { ...process.env };
  useEmulatorKeys();
  const segmenter = new ClassicalSegmenter();
  const detector = picodet();
  const emulator = await startSegmentEndpoints(dir, { segmenter, detector });
  const studio = createTestStudio(dir, { env: { VISPROMPT_MODELS_DIR: join(dir, 'no-models') } });
  return {
    emulator,
    studio,
    async close() {
      process.env = saved;
      await studio.close();
      await emulator.close();
      await segmenter.dispose();
      await detector.dispose();
    },
  };
}
