// Parts the chain tests share: a project holding the real driving images, the real PicoDet detector, and the
// simplest real segmenter. Filling the prompt box is the baseline the studio's classical engine is measured
// against (NOTES.md: 0.60-0.76 IoU on the BDD100K frames), deterministic and fast, so the runner's own
// behaviour is what these tests see.
import { copyFileSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { PicoDetDetector } from '../../electron/inference/detector/picodet-detector';
import { MANIFEST, modelEntry } from '../../electron/inference/models/manifest';
import type {
  Detection,
  DetectOptions,
  Detector,
  EngineImage,
  SegmentPrompt,
  SegmentOptions,
  SegmentResult,
  Segmenter,
} from '../../electron/inference/segmenter';
import { probeImage } from '../../electron/media/probe-image';
import { ProjectStore } from '../../electron/store/project-store';
import type { Studio } from '../../electron/studio/create-studio';
import type { Box } from '../../shared/domain';
import { createMask, maskToRle } from '../../shared/geometry';
import { clipBox } from '../../shared/geometry/measure';
import { DRIVING_SAMPLE, PICODET_MODEL } from '../helpers/shared-assets';
import { projectWithImages, studioCaller } from '../helpers/studio-server';

export const DRIVING_IMAGES = [
  'bdd100k_ins_seg/620a7840-33cada02.jpg',
  'bdd100k_det/12305469-7a4947e7.jpg',
  'bdd100k_mots/00091078-875c1f73-0000166.jpg',
].map((p) => join(DRIVING_SAMPLE, p));

export function picodet(): PicoDetDetector {
  return new PicoDetDetector({ entry: modelEntry(MANIFEST, 'picodet-s-320-coco'), modelPath: PICODET_MODEL });
}

/** A project in `dir` holding `paths` as images, probed like an import does. */
export async function projectWith(dir: string, paths: readonly string[]): Promise<ProjectStore> {
  const store = ProjectStore.create(join(dir, 'chains.vpstudio'), { name: 'Chains' });
  const probes = await Promise.all(paths.map((path) => probeImage(path, { maxMegapixels: 100 })));
  store.insertImages(probes.map((p, i) => ({ ...p, path: paths[i]! })));
  return store;
}

/** A new project of the studio in `dir` holding copies of the driving images, imported as the UI does. */
export async function drivingProject(studio: Studio, dir: string): Promise<string> {
  const folder = join(dir, 'images');
  mkdirSync(folder);
  for (const path of DRIVING_IMAGES) copyFileSync(path, join(folder, basename(path)));
  return (await projectWithImages(studioCaller(() => studio).call, dir, folder)).project;
}

/** Box prompt -> the box, filled; point prompt -> a square of a tenth of the image's shorter side around it. */
export class BoxFillSegmenter implements Segmenter {
  readonly engine = 'box-fill';
  readonly modelId = 'box-fill-v1';
  calls = 0;
  /** Called before each answer (a test aborts the run from here); the signal is honoured as engines do. */
  beforeAnswer?: () => void;

  async prepare(): Promise<void> {}

  async segment(image: EngineImage, prompt: SegmentPrompt, options: SegmentOptions): Promise<SegmentResult> {
    this.calls++;
    this.beforeAnswer?.();
    options.signal?.throwIfAborted();
    const half = Math.min(image.width, image.height) / 20;
    const [x, y] = prompt.points[0]?.point ?? [0, 0];
    const wanted: Box = prompt.box ?? [x - half, y - half, x + half, y + half];
    const [x1, y1, x2, y2] = clipBox(wanted.map(Math.round) as Box, image.width, image.height);
    const mask = createMask(image.width, image.height);
    for (let row = y1; row < y2; row++) mask.data.fill(1, row * image.width + x1, row * image.width + x2);
    const area = (x2 - x1) * (y2 - y1);
    return {
      candidates: area > 0 ? [{ rle: maskToRle(mask), box: [x1, y1, x2, y2], area, score: 0.6 }] : [],
      next: [],
      modelId: this.modelId,
      timings: { prepareMs: 0, segmentMs: 0 },
    };
  }

  async dispose(): Promise<void> {}
}

/**
 * A closed-set detector that finds `count` objects of class 'tile' in a grid: the stand-in for a detector gone
 * wild (thousands of boxes), which PicoDet (at most 100) cannot be.
 */
export class GridDetector implements Detector {
  readonly engine = 'grid';
  readonly modelId = 'grid-v1';
  readonly classes = ['tile'];

  constructor(private readonly count: number) {}

  async detect(image: EngineImage, _options: DetectOptions): Promise<Detection[]> {
    const side = Math.ceil(Math.sqrt(this.count));
    const w = image.width / side;
    const h = image.height / side;
    return Array.from({ length: this.count }, (_, i) => ({
      label: 'tile',
      classId: 0,
      score: 1 - i / (this.count * 2),
      box: [
        (i % side) * w,
        Math.floor(i / side) * h,
        ((i % side) + 1) * w,
        (Math.floor(i / side) + 1) * h,
      ] as Box,
    }));
  }

  async dispose(): Promise<void> {}
}
