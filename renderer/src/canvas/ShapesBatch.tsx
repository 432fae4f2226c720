// The vector side of many annotations (polygon fills, outlines, boxes, points) drawn by one Konva shape with
// plain canvas calls: one node instead of two or three per annotation keeps a frame of 400 annotations within
// budget. Line widths and marker sizes are divided by the view scale, so they stay crisp and the same on
// screen at every zoom. Mask pixels are not drawn here (mask-composite.ts), only their traced outlines.
import { memo, useMemo } from 'react';
import { Shape } from 'react-konva';
import type { Annotation, Label, Point } from '../../../shared/domain';
import type { MaskDisplay } from '../editor/editor-state';
import { labelColor, SELECTION } from './colors';
import { maskBitmap } from './mask-bitmap';

type Prepared =
  | { kind: 'rings'; color: string; rings: Point[][]; fill: boolean }
  | { kind: 'box'; color: string; box: [number, number, number, number] }
  | { kind: 'point'; color: string; point: Point };

function prepare(a: Annotation, color: string): Prepared | null {
  const g = a.geometry;
  switch (g.kind) {
    case 'polygon':
      return { kind: 'rings', color, rings: g.rings, fill: true };
    case 'mask':
      return a.rle
        ? { kind: 'rings', color, rings: maskBitmap(a.id, a.rle, color).outline(), fill: false }
        : null;
    case 'box':
      return { kind: 'box', color, box: g.box };
    case 'point':
      return { kind: 'point', color, point: g.point };
  }
}

function tracePath(c: CanvasRenderingContext2D, rings: Point[][]) {
  c.beginPath();
  for (const ring of rings) {
    ring.forEach(([x, y], i) => (i === 0 ? c.moveTo(x, y) : c.lineTo(x, y)));
    c.closePath();
  }
}

export const ShapesBatch = memo(function ShapesBatch({
  annotations,
  labels,
  opacity,
  display,
  proposal,
  selected,
}: {
  annotations: readonly Annotation[];
  labels: readonly Label[];
  /** Fill opacity of polygons. */
  opacity: number;
  /** Whether fills, outlines or both are drawn (a selected shape keeps its outline always). */
  display: MaskDisplay;
  /** Proposals are dashed and fainter. */
  proposal: boolean;
  /** Selected shapes: a white outline (others: their label colour), each over a dark halo. */
  selected: boolean;
}) {
  const items = useMemo(
    () => annotations.map((a) => prepare(a, labelColor(labels, a.labelId))).filter((p) => p !== null),
    [annotations, labels],
  );
  const fillAlpha = proposal ? opacity * 0.6 : opacity;
  return (
    <Shape
      listening={false}
      perfectDrawEnabled={false}
      sceneFunc={(ctx, shape) => {
        const c = ctx._context;
        const px = 1 / shape.getAbsoluteScale().x;
        c.lineJoin = 'round';
        // Fills first, so no fill covers another annotation's outline.
        c.globalAlpha = fillAlpha;
        for (const p of items) {
          if (p.kind !== 'rings' || !p.fill || display === 'outline') continue;
          c.fillStyle = p.color;
          tracePath(c, p.rings);
          c.fill('evenodd');
        }
        c.globalAlpha = 1;
        const stroke = (p: Prepared, color: string, width: number) => {
          c.strokeStyle = color;
          c.lineWidth = width * px;
          if (p.kind === 'rings') {
            tracePath(c, p.rings);
            c.stroke();
          } else if (p.kind === 'box') {
            const [x1, y1, x2, y2] = p.box;
            c.strokeRect(x1, y1, x2 - x1, y2 - y1);
          }
        };
        if (display === 'fill' && !selected) return;
        // A dark halo under every outline: a label colour alone can vanish on asphalt, sky or a grey car.
        c.setLineDash([]);
        c.globalAlpha = selected ? 0.55 : 0.5;
        for (const p of items) stroke(p, '#000', selected ? 5 : 4);
        c.globalAlpha = 1;
        c.setLineDash(proposal ? [6 * px, 4 * px] : []);
        for (const p of items) stroke(p, selected ? SELECTION : p.color, 2);
        c.setLineDash([]);
        for (const p of items) {
          if (p.kind !== 'point') continue;
          c.beginPath();
          c.arc(p.point[0], p.point[1], 5 * px, 0, 2 * Math.PI);
          c.fillStyle = p.color;
          c.fill();
          c.strokeStyle = selected ? SELECTION : '#000';
          c.lineWidth = 1.5 * px;
          c.stroke();
        }
      }}
    />
  );
});
