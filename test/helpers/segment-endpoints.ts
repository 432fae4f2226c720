// The emulator with the two endpoints the studio's Settings name for segmenting: 'sam' and 'grounded-sam',
// answered by local engines the test chooses.
import { join } from 'node:path';
import type { Detector, Segmenter } from '../../electron/inference/segmenter';
import { groundedContainer } from '../../scripts/emulators/sagemaker/grounded-container';
import { RequestImages } from '../../scripts/emulators/sagemaker/request-images';
import { samContainer } from '../../scripts/emulators/sagemaker/sam-container';
import { startSagemakerEmulator, type SagemakerEmulator } from '../../scripts/emulators/sagemaker/server';

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
