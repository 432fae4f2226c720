// The hover preview's mask, drawn faintly under the prompt marks: what a click at the cursor would give.
import { Image as KImage } from 'react-konva';
import { maskBitmap } from '../canvas/mask-bitmap';
import { useStore } from '../state/store';
import { hoverStore } from './hover-preview';

export function HoverMask({ imageId, color }: { imageId: number; color: string }) {
  const mask = useStore(hoverStore, (s) => (s.imageId === imageId ? s.mask : null));
  if (!mask) return null;
  const bmp = maskBitmap('hover', mask, color);
  return bmp.canvas ? (
    <KImage image={bmp.canvas} x={bmp.box[0]} y={bmp.box[1]} opacity={0.28} listening={false} />
  ) : null;
}
