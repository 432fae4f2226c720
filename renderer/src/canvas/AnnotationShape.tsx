// One annotation on the stage. Nothing here listens to events (hit-test.ts finds shapes), and strokes keep
// their screen width at every zoom (strokeScaleEnabled off), so outlines stay crisp from 2% to 4000%.
import { memo } from 'react';
import { Circle, Group, Image as KImage, Line, Rect, Shape } from 'react-konva';
import type { Annotation, Point } from '../../../shared/domain';
import { SELECTION } from './colors';
import { maskBitmap } from './mask-bitmap';

export interface ShapeStyle {
  color: string;
  /** Fill opacity of masks and polygons. */
  opacity: number;
  selected: boolean;
  /** Proposals (model output waiting for review) are drawn dashed. */
  proposal: boolean;
}

const flat = (ring: readonly Point[]) => ring.flatMap((p) => p);

/** Rings filled by the even-odd rule, so holes stay holes. */
function RingsShape({ rings, fill, opacity }: { rings: Point[][]; fill: string; opacity: number }) {
  return (
    <Shape
      listening={false}
      perfectDrawEnabled={false}
      fill={fill}
      opacity={opacity}
      fillRule="evenodd"
      sceneFunc={(ctx, shape) => {
        ctx.beginPath();
        for (const ring of rings) {
          ring.forEach(([x, y], i) => (i === 0 ? ctx.moveTo(x, y) : ctx.lineTo(x, y)));
          ctx.closePath();
        }
        ctx.fillShape(shape);
      }}
    />
  );
}

function Outline({ rings, style }: { rings: Point[][]; style: ShapeStyle }) {
  return (
    <>
      {style.selected &&
        rings.map((ring, i) => (
          <Line
            key={`halo${i}`}
            points={flat(ring)}
            closed
            stroke="#000"
            strokeWidth={5}
            opacity={0.5}
            strokeScaleEnabled={false}
            listening={false}
            perfectDrawEnabled={false}
          />
        ))}
      {rings.map((ring, i) => (
        <Line
          key={i}
          points={flat(ring)}
          closed
          stroke={style.selected ? SELECTION : style.color}
          strokeWidth={style.selected ? 2 : 1.5}
          dash={style.proposal ? [6, 4] : undefined}
          strokeScaleEnabled={false}
          listening={false}
          perfectDrawEnabled={false}
        />
      ))}
    </>
  );
}

/**
 * The pixels of a mask, drawn as one bitmap. Canvas 2D in Chromium flushes its recorded drawing when canvas
 * images and paths are mixed, so mask bitmaps go on a layer (canvas) of their own, below the outlines:
 * interleaving them made a frame of 300 polygons and 100 masks 10x slower.
 */
export const MaskFill = memo(function MaskFill({
  a,
  color,
  opacity,
  proposal,
}: Pick<ShapeStyle, 'color' | 'opacity' | 'proposal'> & { a: Annotation }) {
  if (!a.rle) return null;
  const bmp = maskBitmap(a.id, a.rle, color);
  if (!bmp.canvas) return null;
  return (
    <KImage
      image={bmp.canvas}
      x={bmp.box[0]}
      y={bmp.box[1]}
      opacity={proposal ? opacity * 0.6 : opacity}
      listening={false}
      perfectDrawEnabled={false}
    />
  );
});

/** Props are primitives so that memo skips every shape whose look did not change (pan and zoom redraw only). */
export const AnnotationShape = memo(function AnnotationShape({
  a,
  color,
  opacity,
  selected,
  proposal,
  scale,
}: ShapeStyle & {
  a: Annotation;
  /** Only point markers depend on it (their radius is kept in screen pixels); pass 1 for other kinds. */
  scale: number;
}) {
  const style: ShapeStyle = { color, opacity, selected, proposal };
  const g = a.geometry;
  const fillOpacity = style.proposal ? style.opacity * 0.6 : style.opacity;
  switch (g.kind) {
    case 'mask': {
      if (!a.rle) return null;
      return <Outline rings={maskBitmap(a.id, a.rle, style.color).outline()} style={style} />;
    }
    case 'polygon':
      return (
        <Group listening={false}>
          <RingsShape rings={g.rings} fill={style.color} opacity={fillOpacity} />
          <Outline rings={g.rings} style={style} />
        </Group>
      );
    case 'box': {
      const [x1, y1, x2, y2] = g.box;
      return (
        <Group listening={false}>
          {style.selected && (
            <Rect
              x={x1}
              y={y1}
              width={x2 - x1}
              height={y2 - y1}
              stroke="#000"
              strokeWidth={5}
              opacity={0.5}
              strokeScaleEnabled={false}
              perfectDrawEnabled={false}
            />
          )}
          <Rect
            x={x1}
            y={y1}
            width={x2 - x1}
            height={y2 - y1}
            fill={style.color}
            opacity={1}
            fillEnabled={false}
            stroke={style.selected ? SELECTION : style.color}
            strokeWidth={style.selected ? 2 : 2}
            dash={style.proposal ? [6, 4] : undefined}
            strokeScaleEnabled={false}
            perfectDrawEnabled={false}
          />
        </Group>
      );
    }
    case 'point':
      return (
        <Circle
          x={g.point[0]}
          y={g.point[1]}
          radius={5 / scale}
          fill={style.color}
          stroke={style.selected ? SELECTION : '#000'}
          strokeWidth={1.5}
          strokeScaleEnabled={false}
          listening={false}
        />
      );
  }
});
