// One scored object on its image: the prediction filled, the truth outlined, in two colours that stay apart
// on road scenes, read-only. Masks are drawn as the review screen draws them (one cached bitmap per RLE,
// outlines traced from the same pixels). Small objects are the interesting ones, so the view starts zoomed to
// the object with some context around it; the whole image is one click away.
import { useEffect, useMemo, useRef, useState } from 'react';
import { Group, Image as KImage, Layer, Line, Stage } from 'react-konva';
import type { Box, ImageRecord, Rle } from '../../../shared/domain';
import { imageSrc } from '../api';
import { useImageElement } from '../canvas/AnnotationCanvas';
import { maskBitmap } from '../canvas/mask-bitmap';

export const TRUTH_COLOR = '#3fe08a';
export const PREDICTION_COLOR = '#ff4fa3';

/** The part of the image to show: the object's box grown to three times its size, at least 160 px a side. */
export function objectView(boxes: readonly Box[], width: number, height: number): Box {
  if (boxes.length === 0) return [0, 0, width, height];
  const x1 = Math.min(...boxes.map((b) => b[0]));
  const y1 = Math.min(...boxes.map((b) => b[1]));
  const x2 = Math.max(...boxes.map((b) => b[2]));
  const y2 = Math.max(...boxes.map((b) => b[3]));
  const side = (lo: number, hi: number, limit: number): [number, number] => {
    const size = Math.min(limit, Math.max(160, 3 * (hi - lo)));
    const start = Math.max(0, Math.min(limit - size, (lo + hi) / 2 - size / 2));
    return [start, start + size];
  };
  const [vx1, vx2] = side(x1, x2, width);
  const [vy1, vy2] = side(y1, y2, height);
  return [vx1, vy1, vx2, vy2];
}

export function EvalOverlay(props: {
  project: string;
  image: ImageRecord;
  truth: Rle | null;
  prediction: Rle | null;
  /** A key for the cached bitmaps: the result's id. */
  id: number;
  zoomed: boolean;
}) {
  const { project, image, truth, prediction, id, zoomed } = props;
  const box = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ w: 0, h: 0 });
  const { img, failed } = useImageElement(imageSrc('full', project, image.id));
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setSize({ w: el.clientWidth, h: el.clientHeight }));
    ro.observe(el);
    setSize({ w: el.clientWidth, h: el.clientHeight });
    return () => ro.disconnect();
  }, []);

  const truthBm = useMemo(() => truth && maskBitmap(`eval-truth-${id}`, truth, TRUTH_COLOR), [truth, id]);
  const predBm = useMemo(
    () => prediction && maskBitmap(`eval-pred-${id}`, prediction, PREDICTION_COLOR),
    [prediction, id],
  );
  const { width, height } = image;
  const view: Box = zoomed
    ? objectView(
        [truthBm, predBm].filter((b) => b && b.canvas).map((b) => b!.box),
        width,
        height,
      )
    : [0, 0, width, height];
  const vw = view[2] - view[0];
  const vh = view[3] - view[1];
  const scale = size.w && size.h ? Math.min(size.w / vw, size.h / vh) : 0;
  const ox = (size.w - vw * scale) / 2 - view[0] * scale;
  const oy = (size.h - vh * scale) / 2 - view[1] * scale;
  const line = 2 / scale;

  return (
    <div className="eval-overlay-canvas" ref={box} data-testid="eval-overlay-canvas" data-zoomed={zoomed}>
      {failed || image.missing ? (
        <div className="eval-overlay-missing">The image file cannot be read: {image.path}</div>
      ) : (
        scale > 0 && (
          <Stage width={size.w} height={size.h} listening={false}>
            <Layer listening={false}>
              <Group x={ox} y={oy} scaleX={scale} scaleY={scale}>
                {img && <KImage image={img} width={width} height={height} />}
                {predBm?.canvas && (
                  <>
                    <KImage image={predBm.canvas} x={predBm.box[0]} y={predBm.box[1]} opacity={0.5} />
                    {predBm.outline().map((ring, i) => (
                      <Line
                        key={`p${i}`}
                        points={ring.flat()}
                        closed
                        stroke={PREDICTION_COLOR}
                        strokeWidth={line * 0.75}
                      />
                    ))}
                  </>
                )}
                {/* The truth over a dark halo, so it reads on light and dark pixels and over the fill. */}
                {truthBm?.outline().map((ring, i) => (
                  <Group key={`t${i}`}>
                    <Line points={ring.flat()} closed stroke="#000" opacity={0.55} strokeWidth={line * 2.2} />
                    <Line
                      points={ring.flat()}
                      closed
                      stroke={TRUTH_COLOR}
                      strokeWidth={line * 1.2}
                      dash={[7 / scale, 3 / scale]}
                    />
                  </Group>
                ))}
              </Group>
            </Layer>
          </Stage>
        )
      )}
    </div>
  );
}
