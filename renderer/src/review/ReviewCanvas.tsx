// The image under review with its proposals drawn over it, read-only: each mask in its label's colour, the
// proposal in focus strongest and outlined, rejected ones faint. A click on a proposal focuses it; editing
// happens in the editor (E).
import { useMemo } from 'react';
import { Group, Image as KImage, Layer, Line, Rect, Stage } from 'react-konva';
import type { ReviewImage } from '../../../shared/api/review';
import type { Annotation, Label } from '../../../shared/domain';
import { imageSrc } from '../api';
import { useImageElement } from '../canvas/AnnotationCanvas';
import { labelColor, SELECTION } from '../canvas/colors';
import { maskBitmap } from '../canvas/mask-bitmap';
import { useElementSize } from '../components/use-element-size';

const OPACITY: Record<Annotation['reviewState'], number> = {
  proposed: 0.4,
  accepted: 0.3,
  edited: 0.3,
  rejected: 0.08,
};

export function ReviewCanvas(props: {
  project: string;
  view: ReviewImage;
  labels: readonly Label[];
  current: number | null;
  onFocus: (id: number) => void;
}) {
  const { project, view, labels, current, onFocus } = props;
  const { ref: box, size } = useElementSize<HTMLDivElement>();
  const { img, failed } = useImageElement(imageSrc('full', project, view.image.id));

  const { width, height } = view.image;
  const scale = size.w && size.h ? Math.min(size.w / width, size.h / height) : 0;
  const ox = (size.w - width * scale) / 2;
  const oy = (size.h - height * scale) / 2;
  const matching = useMemo(() => new Set(view.matching), [view.matching]);
  // The one in focus is drawn last, on top.
  const drawn = useMemo(
    () =>
      [...view.annotations.filter((a) => matching.has(a.id) || a.source !== 'model')].sort(
        (a, b) => Number(a.id === current) - Number(b.id === current),
      ),
    [view.annotations, matching, current],
  );

  const click = (x: number, y: number) => {
    const px = (x - ox) / scale;
    const py = (y - oy) / scale;
    const hit = drawn
      .filter((a) => matching.has(a.id) && a.rle)
      .reverse()
      .find((a) => {
        const bm = maskBitmap(a.id, a.rle!, labelColor(labels, a.labelId));
        const [x1, y1, x2, y2] = bm.box;
        if (px < x1 || py < y1 || px >= x2 || py >= y2) return false;
        return bm.mask.data[Math.floor(py - y1) * bm.mask.width + Math.floor(px - x1)] === 1;
      });
    if (hit) onFocus(hit.id);
  };

  return (
    <div className="review-canvas" ref={box} data-testid="review-canvas" data-image-id={view.image.id}>
      {failed || view.image.missing ? (
        <div className="review-canvas-missing">The image file cannot be read: {view.image.path}</div>
      ) : (
        scale > 0 && (
          <Stage
            width={size.w}
            height={size.h}
            onMouseDown={(e) => {
              const p = e.target.getStage()?.getPointerPosition();
              if (p) click(p.x, p.y);
            }}
          >
            <Layer listening={false}>
              <Group x={ox} y={oy} scaleX={scale} scaleY={scale}>
                {img && <KImage image={img} width={width} height={height} />}
                {drawn.map((a) => {
                  const color = labelColor(labels, a.labelId);
                  const focused = a.id === current;
                  if (a.rle) {
                    const bm = maskBitmap(a.id, a.rle, color);
                    if (!bm.canvas) return null;
                    return (
                      <Group key={a.id}>
                        <KImage
                          image={bm.canvas}
                          x={bm.box[0]}
                          y={bm.box[1]}
                          opacity={focused ? 0.6 : OPACITY[a.reviewState]}
                        />
                        {focused &&
                          bm
                            .outline()
                            .map((ring, i) => (
                              <Line
                                key={i}
                                points={ring.flat()}
                                closed
                                stroke={SELECTION}
                                strokeWidth={2 / scale}
                              />
                            ))}
                      </Group>
                    );
                  }
                  if (a.geometry.kind === 'box') {
                    const [x1, y1, x2, y2] = a.geometry.box;
                    return (
                      <Rect
                        key={a.id}
                        x={x1}
                        y={y1}
                        width={x2 - x1}
                        height={y2 - y1}
                        stroke={focused ? SELECTION : color}
                        strokeWidth={(focused ? 2 : 1.5) / scale}
                      />
                    );
                  }
                  return null;
                })}
              </Group>
            </Layer>
          </Stage>
        )
      )}
    </div>
  );
}
