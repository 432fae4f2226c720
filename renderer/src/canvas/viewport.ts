// The view of the image on the stage: screen = image * scale + offset. Pure functions for fit, 1:1, zoom to
// a point under the cursor and pan.
import type { Point } from '../../../shared/domain';

export interface View {
  scale: number;
  x: number;
  y: number;
}

export const MIN_SCALE = 0.02;
export const MAX_SCALE = 40;
/** One wheel notch or one +/- press. */
export const ZOOM_STEP = 1.25;

const clampScale = (s: number) => Math.min(MAX_SCALE, Math.max(MIN_SCALE, s));

/** The whole image, centred, with a margin of `pad` screen pixels. */
export function fitView(imageW: number, imageH: number, stageW: number, stageH: number, pad = 16): View {
  const scale = clampScale(Math.min((stageW - 2 * pad) / imageW, (stageH - 2 * pad) / imageH));
  return { scale, x: (stageW - imageW * scale) / 2, y: (stageH - imageH * scale) / 2 };
}

/** 1 image pixel = 1 screen pixel, keeping the image point at the stage centre where it is. */
export function actualSizeView(view: View, stageW: number, stageH: number): View {
  return zoomAt(view, [stageW / 2, stageH / 2], 1 / view.scale);
}

/** Zooms by `factor` keeping the image point under `screen` fixed (zoom to cursor). */
export function zoomAt(view: View, [sx, sy]: Point, factor: number): View {
  const scale = clampScale(view.scale * factor);
  const k = scale / view.scale;
  return { scale, x: sx - (sx - view.x) * k, y: sy - (sy - view.y) * k };
}

export function panBy(view: View, dx: number, dy: number): View {
  return { ...view, x: view.x + dx, y: view.y + dy };
}

export function toImage(view: View, [sx, sy]: Point): Point {
  return [(sx - view.x) / view.scale, (sy - view.y) / view.scale];
}

export function toScreen(view: View, [ix, iy]: Point): Point {
  return [ix * view.scale + view.x, iy * view.scale + view.y];
}

/** Wheel deltas vary by device; a notch of about 100 px is one zoom step. */
export function wheelFactor(deltaY: number): number {
  return Math.pow(ZOOM_STEP, -Math.max(-3, Math.min(3, deltaY / 100)));
}
