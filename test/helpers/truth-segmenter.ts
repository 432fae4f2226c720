// A stand-in for a video segmenter over real frames whose answers are known: it answers a prompt on an image
// with that image's ground-truth mask (from the dataset's own labels) that best covers the prompt's point and
// box, scored 0.9; with no mask under the point it answers a 4x4 speck at the point, scored 0.1, as a lost
// object looks to the propagation checks. So a propagation test is about the tracking, the store and the job.
import type {
  EngineImage,
  SegmentPrompt,
  SegmentResult,
  Segmenter,
} from '../../electron/inference/segmenter';
import type { Rle } from '../../shared/domain';
import { boxIou } from '../../shared/geometry/nms';
import { createMask, maskToRle, pointInMask, rleArea, rleToBox, rleToMask } from '../../shared/geometry';

export class TruthSegmenter implements Segmenter {
  readonly engine = 'truth-test';
  readonly modelId = 'truth-v1';
  readonly calls: { path: string; prompt: SegmentPrompt }[] = [];

  /** `truth(path, image)`: the ground-truth masks of the image at that path (at the image's size). */
  constructor(private readonly truth: (path: string, image: EngineImage) => Rle[]) {}

  async prepare(): Promise<void> {}

  async segment(image: EngineImage, prompt: SegmentPrompt): Promise<SegmentResult> {
    this.calls.push({ path: image.path, prompt });
    const point = prompt.points.find((p) => p.positive)?.point;
    const under = this.truth(image.path, image).filter((rle) => !point || pointInMask(rleToMask(rle), point));
    const best = prompt.box
      ? under.sort((a, b) => boxIou(rleToBox(b), prompt.box!) - boxIou(rleToBox(a), prompt.box!))[0]
      : under[0];
    let rle = best;
    let score = 0.9;
    if (!rle) {
      const mask = createMask(image.width, image.height);
      const [x, y] = (point ?? [0, 0]).map(Math.floor) as [number, number];
      for (let dy = 0; dy < 4; dy++)
        for (let dx = 0; dx < 4; dx++)
          if (y + dy < image.height && x + dx < image.width) mask.data[(y + dy) * image.width + x + dx] = 1;
      rle = maskToRle(mask);
      score = 0.1;
    }
    return {
      candidates: [{ rle, box: rleToBox(rle), area: rleArea(rle), score }],
      next: [{ rle }],
      modelId: this.modelId,
      timings: { prepareMs: 0, segmentMs: 0 },
    };
  }

  async dispose(): Promise<void> {}
}
