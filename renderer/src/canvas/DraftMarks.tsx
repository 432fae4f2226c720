// What a tool is in the middle of: the box being dragged, the open polygon with its rubber band, the brush
// stroke, a shape being moved or reshaped; plus the handles of the selection and the brush cursor.
import { Circle, Group, Line, Rect } from 'react-konva';
import type { Annotation, Point } from '../../../shared/domain';
import type { Draft } from '../editor/editor-state';
import { dragHandle, handlesOf } from '../editor/tools/handles';
import { PROMPT, SELECTION } from './colors';

const line = { strokeScaleEnabled: false, listening: false, perfectDrawEnabled: false } as const;

function DraggedShape({ a, draft }: { a: Annotation; draft: Extract<Draft, { kind: 'move' | 'handle' }> }) {
  const [dx, dy] = [draft.end[0] - draft.start[0], draft.end[1] - draft.start[1]];
  const g = draft.kind === 'handle' ? dragHandle(a.geometry, draft.handle, draft.end) : a.geometry;
  const offset = draft.kind === 'move' ? { x: dx, y: dy } : { x: 0, y: 0 };
  if (g.kind === 'box' || g.kind === 'mask') {
    const [x1, y1, x2, y2] = g.box;
    return (
      <Rect
        x={x1 + offset.x}
        y={y1 + offset.y}
        width={x2 - x1}
        height={y2 - y1}
        stroke={SELECTION}
        strokeWidth={1.5}
        dash={[5, 4]}
        {...line}
      />
    );
  }
  if (g.kind === 'polygon')
    return (
      <Group x={offset.x} y={offset.y} listening={false}>
        {g.rings.map((ring, i) => (
          <Line
            key={i}
            points={ring.flat()}
            closed
            stroke={SELECTION}
            strokeWidth={1.5}
            dash={[5, 4]}
            {...line}
          />
        ))}
      </Group>
    );
  return (
    <Circle x={g.point[0] + offset.x} y={g.point[1] + offset.y} radius={6} stroke={SELECTION} {...line} />
  );
}

export function DraftMarks({
  draft,
  annotations,
  selected,
  scale,
  color,
  brush,
}: {
  draft: Draft | null;
  annotations: readonly Annotation[];
  /** Selected, unlocked shapes: they show their handles. */
  selected: readonly Annotation[];
  scale: number;
  color: string;
  /** The brush cursor: where and how wide (image pixels), or null. */
  brush: { at: Point; size: number; erase: boolean } | null;
}) {
  const handleR = 4.5 / scale;
  const moving = draft?.kind === 'move' || draft?.kind === 'handle';
  return (
    <Group listening={false}>
      {!moving &&
        selected.flatMap((a) =>
          handlesOf(a).map(({ handle, at }) =>
            handle.kind === 'edge' ? (
              <Rect
                key={`${a.id}e${handle.ring}.${handle.index}`}
                x={at[0] - handleR * 0.7}
                y={at[1] - handleR * 0.7}
                width={handleR * 1.4}
                height={handleR * 1.4}
                fill="#000"
                opacity={0.75}
                stroke={SELECTION}
                strokeWidth={1}
                {...line}
              />
            ) : (
              <Circle
                key={`${a.id}v${JSON.stringify(handle)}`}
                x={at[0]}
                y={at[1]}
                radius={handleR}
                fill={SELECTION}
                stroke="#000"
                strokeWidth={1.5}
                {...line}
              />
            ),
          ),
        )}
      {draft?.kind === 'box' && (
        <Rect
          x={Math.min(draft.start[0], draft.end[0])}
          y={Math.min(draft.start[1], draft.end[1])}
          width={Math.abs(draft.end[0] - draft.start[0])}
          height={Math.abs(draft.end[1] - draft.start[1])}
          stroke={draft.prompt ? PROMPT : color}
          strokeWidth={2}
          dash={draft.prompt ? [8, 5] : undefined}
          {...line}
        />
      )}
      {draft?.kind === 'polygon' && (
        <>
          <Line points={draft.points.flat()} stroke={color} strokeWidth={2} {...line} />
          {draft.hover && (
            <Line
              points={[...draft.points[draft.points.length - 1]!, ...draft.hover, ...draft.points[0]!]}
              stroke={color}
              strokeWidth={1}
              dash={[4, 4]}
              {...line}
            />
          )}
          {draft.points.map(([x, y], i) => (
            <Circle
              key={i}
              x={x}
              y={y}
              radius={(i === 0 ? 6 : 3.5) / scale}
              fill={i === 0 ? color : SELECTION}
              stroke="#000"
              strokeWidth={1}
              {...line}
            />
          ))}
        </>
      )}
      {draft?.kind === 'stroke' && (
        <Line
          points={
            draft.points.length === 1 ? [...draft.points[0]!, ...draft.points[0]!] : draft.points.flat()
          }
          stroke={draft.erase ? '#000' : color}
          opacity={draft.erase ? 0.45 : 0.6}
          strokeWidth={brush?.size ?? 1}
          lineCap="round"
          lineJoin="round"
          listening={false}
        />
      )}
      {moving &&
        (() => {
          const id = draft.kind === 'move' ? draft.id : draft.handle.id;
          const a = annotations.find((x) => x.id === id);
          return a ? <DraggedShape a={a} draft={draft} /> : null;
        })()}
      {brush && (
        <Circle
          x={brush.at[0]}
          y={brush.at[1]}
          radius={brush.size / 2}
          stroke={brush.erase ? '#ff8080' : SELECTION}
          strokeWidth={1.5}
          dash={brush.erase ? [4, 3] : undefined}
          {...line}
        />
      )}
    </Group>
  );
}
