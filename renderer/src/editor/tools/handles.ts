// Edit handles of a selected box or polygon: corners of a box, vertices of a polygon, and the midpoints of its
// edges (dragging one inserts a vertex there). Pure geometry, shared by the select tool and the canvas.
import type { Annotation, Geometry, Point } from '../../../../shared/domain';

export type Handle =
  | { kind: 'corner'; id: number; corner: 0 | 1 | 2 | 3 }
  | { kind: 'vertex'; id: number; ring: number; index: number }
  | { kind: 'edge'; id: number; ring: number; index: number };

export interface PlacedHandle {
  handle: Handle;
  at: Point;
}

/** Corners in order top-left, top-right, bottom-right, bottom-left. */
const CORNERS = [0, 1, 2, 3] as const;

export function handlesOf(a: Annotation): PlacedHandle[] {
  const g = a.geometry;
  if (g.kind === 'box') {
    const [x1, y1, x2, y2] = g.box;
    const at: Point[] = [
      [x1, y1],
      [x2, y1],
      [x2, y2],
      [x1, y2],
    ];
    return CORNERS.map((corner) => ({ handle: { kind: 'corner', id: a.id, corner }, at: at[corner]! }));
  }
  if (g.kind !== 'polygon') return [];
  return g.rings.flatMap((ring, r) =>
    ring.flatMap((p, index) => {
      const next = ring[(index + 1) % ring.length]!;
      const mid: Point = [(p[0] + next[0]) / 2, (p[1] + next[1]) / 2];
      return [
        { handle: { kind: 'vertex', id: a.id, ring: r, index } as Handle, at: p },
        { handle: { kind: 'edge', id: a.id, ring: r, index } as Handle, at: mid },
      ];
    }),
  );
}

/** The nearest handle within `radius` screen pixels of an image point, vertices before edge midpoints. */
export function handleAt(
  annotations: readonly Annotation[],
  point: Point,
  scale: number,
  radius = 7,
): Handle | null {
  let best: { h: Handle; d: number } | null = null;
  for (const a of annotations) {
    for (const { handle, at } of handlesOf(a)) {
      const d = Math.hypot(at[0] - point[0], at[1] - point[1]) * scale + (handle.kind === 'edge' ? 0.5 : 0);
      if (d <= radius && (!best || d < best.d)) best = { h: handle, d };
    }
  }
  return best?.h ?? null;
}

/** The geometry with the handle dragged to `to` (not yet checked: the caller refuses bad shapes). */
export function dragHandle(geometry: Geometry, handle: Handle, to: Point): Geometry {
  if (handle.kind === 'corner' && geometry.kind === 'box') {
    const [x1, y1, x2, y2] = geometry.box;
    const [x, y] = to;
    const box: [number, number, number, number] =
      handle.corner === 0
        ? [x, y, x2, y2]
        : handle.corner === 1
          ? [x1, y, x, y2]
          : handle.corner === 2
            ? [x1, y1, x, y]
            : [x, y1, x2, y];
    return { kind: 'box', box };
  }
  if (geometry.kind === 'polygon' && handle.kind !== 'corner') {
    const rings = geometry.rings.map((ring, r) => {
      if (r !== handle.ring) return ring;
      if (handle.kind === 'vertex') return ring.map((p, i) => (i === handle.index ? to : p));
      return [...ring.slice(0, handle.index + 1), to, ...ring.slice(handle.index + 1)];
    });
    return { kind: 'polygon', rings };
  }
  return geometry;
}

/** The polygon without one vertex, or null when its ring would drop below 3 points. */
export function removeVertex(geometry: Geometry, ring: number, index: number): Geometry | null {
  if (geometry.kind !== 'polygon') return null;
  const target = geometry.rings[ring];
  if (!target || target.length <= 3) return null;
  return {
    kind: 'polygon',
    rings: geometry.rings.map((r, k) => (k === ring ? r.filter((_, i) => i !== index) : r)),
  };
}
