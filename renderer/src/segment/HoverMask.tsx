// The hover preview's mask under the prompt marks: what a click at the cursor would give. Fainter than a
// candidate and dashed, but with a dark halo under its outline so it reads on any background.
import { Group, Image as KImage, Line } from 'react-konva';
import { maskBitmap } from '../canvas/mask-bitmap';
import { useStore } from '../state/store';
import { hoverStore } from './hover-preview';

const line = {
  strokeScaleEnabled: false,
  listening: false,
  perfectDrawEnabled: false,
  closed: true,
} as const;

export function HoverMask({ imageId, color }: { imageId: number; color: string }) {
  const mask = useStore(hoverStore, (s) => (s.imageId === imageId ? s.mask : null));
  if (!mask) return null;
  const bmp = maskBitmap('hover', mask, color);
  if (!bmp.canvas) return null;
  const rings = bmp.outline();
  return (
    <Group listening={false} name="hover-preview">
      <KImage image={bmp.canvas} x={bmp.box[0]} y={bmp.box[1]} opacity={0.42} listening={false} />
      {rings.map((ring, i) => (
        <Line key={`h${i}`} points={ring.flat()} stroke="#000" opacity={0.5} strokeWidth={4} {...line} />
      ))}
      {rings.map((ring, i) => (
        <Line key={`c${i}`} points={ring.flat()} stroke={color} strokeWidth={2} dash={[6, 4]} {...line} />
      ))}
    </Group>
  );
}
