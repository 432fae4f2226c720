// A small, exact segmenter for testing the service around engines: it fills the prompt box (or a square
// around each positive point), cuts a square around each negative point, and records what it was asked, so
// tests can check what the service feeds back (previous masks) and when it prepares images.
import { setTimeout as sleep } from 'node:timers/promises';
import type {
  EngineImage,
  MaskCandidate,
  PreviousMask,
  SegmentOptions,
  SegmentPrompt,
  SegmentResult,
  Segmenter,
} from '../../electron/inference/segmenter';
import { createMask, maskToRle, rleArea, rleToBox } from '../../shared/geometry';

const HALF = 10;

export class FillSegmenter implements Segmenter {
  readonly engine = 'fill-test';
  readonly modelId = 'fill-v1';
  readonly calls: { image: EngineImage; prompt: SegmentPrompt }[] = [];
  readonly prepared: string[] = [];
  readonly aborted: string[] = [];
  disposed = false;

  constructor(private readonly prepareMs = 0) {}

  async prepare(image: EngineImage, signal?: AbortSignal): Promise<void> {
    try {
      await sleep(this.prepareMs, undefined, { signal });
    } catch (err) {
      this.aborted.push(image.path);
      throw err;
    }
    this.prepared.push(image.path);
  }

  async segment(image: EngineImage, prompt: SegmentPrompt, options: SegmentOptions): Promise<SegmentResult> {
    this.calls.push({ image, prompt });
    const shrinks = options.multimask ? [0, 2, 4] : [0];
    const candidates = shrinks.map((s, i): MaskCandidate => {
      const rle = maskToRle(this.fill(image, prompt, s));
      return { rle, box: rleToBox(rle), area: rleArea(rle), score: 0.9 - i * 0.1 };
    });
    const next: PreviousMask[] = candidates.map((c) => ({ rle: c.rle }));
    return { candidates, next, modelId: this.modelId, timings: { prepareMs: 0, segmentMs: 1 } };
  }

  async dispose(): Promise<void> {
    this.disposed = true;
  }

  private fill(image: EngineImage, prompt: SegmentPrompt, shrink: number) {
    const mask = createMask(image.width, image.height);
    const paint = (x1: number, y1: number, x2: number, y2: number, value: number) => {
      for (let y = Math.max(0, Math.round(y1)); y < Math.min(image.height, Math.round(y2)); y++)
        for (let x = Math.max(0, Math.round(x1)); x < Math.min(image.width, Math.round(x2)); x++)
          mask.data[y * image.width + x] = value;
    };
    if (prompt.box)
      paint(
        prompt.box[0] + shrink,
        prompt.box[1] + shrink,
        prompt.box[2] - shrink,
        prompt.box[3] - shrink,
        1,
      );
    for (const { point, positive } of prompt.points)
      if (positive && !prompt.box)
        paint(
          point[0] - HALF + shrink,
          point[1] - HALF + shrink,
          point[0] + HALF - shrink,
          point[1] + HALF - shrink,
          1,
        );
    for (const { point, positive } of prompt.points)
      if (!positive) paint(point[0] - HALF, point[1] - HALF, point[0] + HALF, point[1] + HALF, 0);
    return mask;
  }
}
