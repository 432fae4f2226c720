// Which annotation is under an image point: the topmost visible one whose shape holds it. Done in image
// coordinates here rather than by Konva's hit canvas, which would double the drawing work of every frame.
import type { Annotation, Label, Point } from '../../../shared/domain';
import { pointInMask, pointInPolygon } from '../../../shared/geometry';
import { maskBitmap } from './mask-bitmap';
import { labelColor } from './colors';

export function hitTest(
  annotations: readonly Annotation[],
  labels: readonly Label[],
  point: Point,
  scale: number,
): number | null {
  const [x, y] = point;
  // A little slack around thin shapes and points, in screen pixels.
  const slack = 4 / scale;
  for (let i = annotations.length - 1; i >= 0; i--) {
    const a = annotations[i]!;
    const g = a.geometry;
    switch (g.kind) {
      case 'point':
        if (Math.hypot(g.point[0] - x, g.point[1] - y) <= 6 / scale) return a.id;
        break;
      case 'box': {
        const [x1, y1, x2, y2] = g.box;
        if (x >= x1 - slack && x <= x2 + slack && y >= y1 - slack && y <= y2 + slack) return a.id;
        break;
      }
      case 'polygon':
        if (pointInPolygon(point, g.rings)) return a.id;
        break;
      case 'mask': {
        if (!a.rle) break;
        const bmp = maskBitmap(a.id, a.rle, labelColor(labels, a.labelId));
        if (pointInMask(bmp.mask, [x - bmp.box[0], y - bmp.box[1]])) return a.id;
        break;
      }
    }
  }
  return null;
}
