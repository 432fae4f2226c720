// One scored object on its image: the prediction filled, the truth outlined, in two colours that stay apart
// on road scenes, read-only. Masks are drawn as the review screen draws them (one cached bitmap per RLE,
// outlines traced from the same pixels). Small objects are the interesting ones, so the view starts zoomed to
// the object with some context around it; the whole image is one click away.
import { useMemo } from 'react';
import { Group, Image as KImage, Layer, Line, Stage } from 'react-konva';
import type { Box, ImageRecord, Rle } from '../../../shared/domain';
import { imageSrc } from '../api';
import { useImageElement } from '../canvas/AnnotationCanvas';
import { maskBitmap } from '../canvas/mask-bitmap';
import { objectView } from './object-view';
import { useElementSize } from '../components/use-element-size';

export const TRUTH_COLOR = '#3fe08a';
export const PREDICTION_COLOR = '#ff4fa3';

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
  const { ref: box, size } = useElementSize<HTMLDivElement>();
  const { img, failed } = useImageElement(imageSrc('full', project, image.id));

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
