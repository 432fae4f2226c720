// Small line icons for the canvas tools and the annotation list (eye, lock), in the style of components/Icon.
import { LineIcon } from '../components/Icon';
import type { ToolId } from '../editor/tools';

const PATHS: Record<ToolId | 'eye' | 'eyeOff' | 'lock' | 'unlock' | 'undo' | 'redo', string[]> = {
  select: ['M4 3l7 17 2.5-7.5L21 10z'],
  point: ['M12 12m-3 0a3 3 0 1 0 6 0a3 3 0 1 0-6 0', 'M12 2v4', 'M12 18v4', 'M2 12h4', 'M18 12h4'],
  box: ['M4 4h16v16H4z'],
  polygon: ['M12 3l8 6-3 11H7L4 9z'],
  brush: ['M18 3l3 3-9 9-3-3z', 'M9 12c-3 0-5 2-5 5 0 1-1 3-2 3 3 1 8 0 9-3 .5-1.5 0-3-2-5z'],
  eraser: ['M16 3l5 5-11 11H5l-3-3z', 'M10 19h11'],
  eye: ['M2 12s3.5-7 10-7 10 7 10 7-3.5 7-10 7S2 12 2 12z', 'M12 9a3 3 0 1 0 0 6 3 3 0 0 0 0-6z'],
  eyeOff: [
    'M3 3l18 18',
    'M10.6 5.1C11 5 11.5 5 12 5c6.5 0 10 7 10 7a17 17 0 0 1-3 3.8',
    'M6.6 6.6A17 17 0 0 0 2 12s3.5 7 10 7c1.8 0 3.4-.5 4.7-1.3',
  ],
  lock: ['M5 11h14v10H5z', 'M8 11V7a4 4 0 0 1 8 0v4'],
  unlock: ['M5 11h14v10H5z', 'M8 11V7a4 4 0 0 1 7.5-2'],
  undo: ['M9 14L4 9l5-5', 'M4 9h10a6 6 0 0 1 0 12h-3'],
  redo: ['M15 14l5-5-5-5', 'M20 9H10a6 6 0 0 0 0 12h3'],
};

export function ToolIcon({ name, size = 16 }: { name: keyof typeof PATHS; size?: number }) {
  return <LineIcon paths={PATHS[name]} size={size} strokeWidth={1.8} />;
}
