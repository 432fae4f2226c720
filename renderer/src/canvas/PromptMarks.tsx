// The open prompt: positive points as green discs with a plus, negative points as red discs with a cross, the
// prompt box dashed; and the model's active candidate mask. Sizes are in screen pixels at every zoom.
import { Circle, Group, Image as KImage, Line, Rect } from 'react-konva';
import type { PromptInput } from '../../../shared/domain';
import type { Candidate } from '../editor/editor-state';
import { NEGATIVE, POSITIVE, PROMPT } from './colors';
import { maskBitmap } from './mask-bitmap';

const line = { strokeScaleEnabled: false, listening: false, perfectDrawEnabled: false } as const;

export function PromptMarks({ prompt, scale }: { prompt: PromptInput; scale: number }) {
  const r = 7 / scale;
  const arm = 3.5 / scale;
  return (
    <Group listening={false}>
      {prompt.box && (
        <Rect
          x={prompt.box[0]}
          y={prompt.box[1]}
          width={prompt.box[2] - prompt.box[0]}
          height={prompt.box[3] - prompt.box[1]}
          stroke={PROMPT}
          strokeWidth={2}
          dash={[8, 5]}
          {...line}
        />
      )}
      {prompt.points.map(({ point: [x, y], positive }, i) => (
        <Group key={i} x={x} y={y} listening={false}>
          <Circle
            radius={r}
            fill={positive ? POSITIVE : NEGATIVE}
            stroke="#fff"
            strokeWidth={1.5}
            {...line}
          />
          <Line
            points={[-arm, 0, arm, 0]}
            stroke="#fff"
            strokeWidth={2}
            {...line}
            rotation={positive ? 0 : 45}
          />
          <Line
            points={[0, -arm, 0, arm]}
            stroke="#fff"
            strokeWidth={2}
            {...line}
            rotation={positive ? 0 : 45}
          />
        </Group>
      ))}
    </Group>
  );
}

export function CandidateMask({ candidate, color }: { candidate: Candidate; color: string }) {
  const bmp = maskBitmap('candidate', candidate.rle, color);
  return (
    <Group listening={false}>
      {bmp.canvas && (
        <KImage image={bmp.canvas} x={bmp.box[0]} y={bmp.box[1]} opacity={0.5} listening={false} />
      )}
      {bmp.outline().map((ring, i) => (
        <Line key={i} points={ring.flat()} closed stroke={PROMPT} strokeWidth={2} {...line} />
      ))}
    </Group>
  );
}
