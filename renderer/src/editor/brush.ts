// Brush and eraser strokes on a mask: discs stamped along the stroke, close enough to leave no gaps.
import type { Point } from '../../../shared/domain';
import type { BinaryMask } from '../../../shared/geometry';

function stampDisc(mask: BinaryMask, cx: number, cy: number, radius: number, value: 0 | 1): void {
  const { width: w, height: h, data } = mask;
  const r2 = radius * radius;
  // Pixel (x, y) is painted when its centre lies inside the disc.
  const y1 = Math.max(0, Math.ceil(cy - radius - 0.5));
  const y2 = Math.min(h - 1, Math.floor(cy + radius - 0.5));
  for (let y = y1; y <= y2; y++) {
    const dy = y + 0.5 - cy;
    const half = Math.sqrt(Math.max(0, r2 - dy * dy));
    const x1 = Math.max(0, Math.ceil(cx - half - 0.5));
    const x2 = Math.min(w - 1, Math.floor(cx + half - 0.5));
    if (x2 >= x1) data.fill(value, y * w + x1, y * w + x2 + 1);
  }
}

/** Paints (value 1) or erases (value 0) a stroke of `diameter` pixels through `points`, in place. */
export function paintStroke(
  mask: BinaryMask,
  points: readonly Point[],
  diameter: number,
  value: 0 | 1,
): BinaryMask {
  const radius = Math.max(0.5, diameter / 2);
  const step = Math.max(0.5, radius / 2);
  points.forEach(([x, y], i) => {
    const prev = points[i - 1];
    if (!prev) return stampDisc(mask, x, y, radius, value);
    const n = Math.max(1, Math.ceil(Math.hypot(x - prev[0], y - prev[1]) / step));
    for (let k = 1; k <= n; k++) {
      stampDisc(mask, prev[0] + ((x - prev[0]) * k) / n, prev[1] + ((y - prev[1]) * k) / n, radius, value);
    }
  });
  return mask;
}
