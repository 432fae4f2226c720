import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

// Real models and driving images live beside the repository (../shared), never inside it. VISPROMPT_SHARED
// points elsewhere when a checkout sits somewhere else.
const repoRoot = resolve(import.meta.dirname, '..', '..');
export const SHARED_DIR = process.env.VISPROMPT_SHARED ?? resolve(repoRoot, '..', 'shared');

export const sharedPath = (...parts: string[]) => join(SHARED_DIR, ...parts);

export const PICODET_MODEL = sharedPath('models', 'picodet-s-320-coco', 'picodet_s_320_coco.onnx');
export const DRIVING_SAMPLE = sharedPath('data', 'driving-sample');

/** Whether the shared assets are here: tests that need them say so when they skip. */
export const hasSharedAssets = existsSync(PICODET_MODEL) && existsSync(DRIVING_SAMPLE);

/** Outputs of the real pycocotools (see ../shared/vectors/README.md): RLE, polygon rasterising, merges, IoU. */
export const PYCOCOTOOLS_VECTORS = sharedPath('vectors', 'pycocotools-rle.json');
