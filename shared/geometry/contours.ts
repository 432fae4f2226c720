// Mask -> polygons by crack following: rings run along pixel edges (integer coordinates), so filling them with
// the pixel-centre rule (rasterize.ts) gives back exactly the same pixels. Foreground is 8-connected (pixels
// touching at a corner are one part, as OpenCV's findContours treats them), so holes are 4-connected background.
import type { Point } from '../domain';
import type { BinaryMask } from './mask';
import type { Polygon } from './measure';

// Directions: 0 = +x, 1 = +y (down), 2 = -x, 3 = -y. Walking with the foreground on the right makes outer
// rings clockwise on screen (positive ringArea) and holes counter-clockwise.
const DX = [1, 0, -1, 0] as const;
const DY = [0, 1, 0, -1] as const;

/** The padded mask and the bookkeeping shared by the scan and the ring tracer. */
interface Grid {
  pad: Uint8Array;
  w: number;
  /** Offsets, by arrival direction, from a vertex to the pixels ahead-left and ahead-right of it. */
  aheadLeft: readonly number[];
  aheadRight: readonly number[];
  /** Padded-index change of one step in each direction. */
  step: readonly number[];
  /** Part (1-based) owning each traced vertical edge; edge x of row y separates pixels (x - 1, y) and (x, y). */
  partOf: Int32Array;
}

/** Follows one ring from vertex (sx, sy) leaving in direction sd, filing its vertical edges under `part`. */
function trace(g: Grid, sx: number, sy: number, sd: number, part: number): Point[] {
  const { pad, w, aheadLeft, aheadRight, step, partOf } = g;
  const ring: Point[] = [];
  let [x, y, d] = [sx, sy, sd];
  let v = (y + 1) * (w + 2) + x + 1; // padded index of the pixel whose top-left corner is the vertex
  do {
    if (d === 1) partOf[y * (w + 1) + x] = part;
    else if (d === 3) partOf[(y - 1) * (w + 1) + x] = part;
    x += DX[d]!;
    y += DY[d]!;
    v += step[d]!;
    // Turn left whenever the pixel ahead-left is foreground: at a diagonal (saddle) corner that keeps the two
    // foreground pixels on one ring, which is what makes the foreground 8-connected.
    const next = pad[v + aheadLeft[d]!] !== 0 ? (d + 3) & 3 : pad[v + aheadRight[d]!] !== 0 ? d : (d + 1) & 3;
    if (next !== d) ring.push([x, y]);
    d = next;
  } while (x !== sx || y !== sy || d !== sd);
  return ring;
}

/**
 * Every separate part of the mask with its holes, in raster order of their top-left pixel. Rings are open (the
 * last point joins the first) and keep only the corners; a ring may touch itself or its holes at a corner
 * where two pixels meet diagonally. Any non-zero byte is foreground.
 */
export function maskToPolygons(mask: BinaryMask): Polygon[] {
  const { width: w, height: h, data } = mask;
  // A one-pixel background frame keeps the neighbour lookups free of bounds checks.
  const pw = w + 2;
  const pad = new Uint8Array(pw * (h + 2));
  for (let y = 0; y < h; y++) pad.set(data.subarray(y * w, (y + 1) * w), (y + 1) * pw + 1);
  const partOf = new Int32Array((w + 1) * h);
  const g: Grid = {
    pad,
    w,
    aheadLeft: [-pw, 0, -1, -pw - 1],
    aheadRight: [0, -1, -pw - 1, -pw],
    step: DX.map((dx, d) => dx + DY[d]! * pw),
    partOf,
  };

  // Raster scan of the vertical edges. The first edge met of an untraced ring is the left side of its top-left
  // pixel: foreground on its right means a new part's outer ring, foreground on its left a hole, and that hole
  // belongs to the part of the last edge crossed on this row (the foreground run it lies in starts there).
  const parts: Polygon[] = [];
  for (let y = 0; y < h; y++) {
    let lastPart = 0;
    let left = false;
    const row = (y + 1) * pw + 1;
    for (let x = 0; x <= w; x++) {
      const right = pad[row + x] !== 0;
      if (right === left) continue;
      const e = y * (w + 1) + x;
      if (partOf[e] === 0) {
        if (right) parts.push({ outer: trace(g, x, y + 1, 3, parts.length + 1), holes: [] });
        else parts[lastPart - 1]!.holes.push(trace(g, x, y, 1, lastPart));
      }
      lastPart = partOf[e]!;
      left = right;
    }
  }
  return parts;
}
