// PicoDet on the real driving frames of ../shared/data (48 boxed cars, people, trucks, buses, traffic lights):
// recall at IoU 0.5 and mean best IoU by object size. The floors sit a little under what was measured
// (README, "Local detector quality"), so a regression in preprocessing, decoding or NMS fails here.
import { describe, expect, it } from 'vitest';
import { PicoDetDetector } from '../../../electron/inference/detector/picodet-detector';
import { MANIFEST, modelEntry } from '../../../electron/inference/models/manifest';
import { hasSharedAssets, PICODET_MODEL } from '../../helpers/shared-assets';
import { drivingTruth, scoreBySize } from '../../helpers/detector-ground-truth';

describe.skipIf(!hasSharedAssets)('PicoDet quality on the driving sample', () => {
  const images = drivingTruth();

  async function scores(scoreThreshold: number) {
    const detector = new PicoDetDetector({
      entry: modelEntry(MANIFEST, 'picodet-s-320-coco'),
      modelPath: PICODET_MODEL,
    });
    try {
      const found = [];
      for (const t of images)
        found.push(
          await detector.detect(
            { sha256: t.image, path: t.path, width: t.width, height: t.height },
            { scoreThreshold },
          ),
        );
      return scoreBySize(images, found);
    } finally {
      await detector.dispose();
    }
  }

  it('has the objects the floors are stated for', () => {
    const counts = scoreBySize(
      images,
      images.map(() => []),
    );
    expect([counts.small.objects, counts.medium.objects, counts.large.objects]).toEqual([10, 22, 16]);
  });

  it('at the default threshold 0.4: large objects found (measured 0.81 recall, IoU 0.69), medium a third', async () => {
    const s = await scores(0.4);
    expect(s.large.recall).toBeGreaterThanOrEqual(0.75);
    expect(s.large.meanIou).toBeGreaterThanOrEqual(0.65);
    expect(s.medium.recall).toBeGreaterThanOrEqual(0.3); // measured 0.36, IoU 0.29
    expect(s.medium.meanIou).toBeGreaterThanOrEqual(0.25);
  });

  it('at 0.2 (proposals for review): medium recall doubles (measured 0.68, IoU 0.58); small out of reach', async () => {
    const s = await scores(0.2);
    expect(s.medium.recall).toBeGreaterThanOrEqual(0.6);
    expect(s.medium.meanIou).toBeGreaterThanOrEqual(0.5);
    expect(s.large.recall).toBeGreaterThanOrEqual(0.75);
    // Objects under 0.11 % of the frame are ~8 px tall once a 1280x720 frame is squeezed to 320x320: measured
    // recall 0 at every threshold, so no floor; detecting in zoomed crops would be the remedy.
  });
});
