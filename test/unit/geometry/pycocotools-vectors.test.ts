// Our COCO geometry against outputs of the real pycocotools (../shared/vectors/pycocotools-rle.json): the RLE
// codec, the COCO polygon rasteriser, area, bbox, merges and IoU must agree with every vector.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Rle } from '../../../shared/domain';
import {
  boxToCocoBbox,
  cocoPolygonArea,
  createMask,
  maskToRle,
  rasterizeCocoPolygons,
  rleArea,
  rleIntersection,
  rleIou,
  rleToBox,
  rleToMask,
  rleUnion,
} from '../../../shared/geometry';
import { cocoAnnotation } from '../../../shared/datasets/formats/coco';
import type { DatasetObject } from '../../../shared/datasets/records';
import { PYCOCOTOOLS_VECTORS } from '../../helpers/shared-assets';

interface Vectors {
  masks: {
    height: number;
    width: number;
    rowsOnes: [number, number][];
    counts: string;
    area: number;
    bbox: number[];
  }[];
  largeEllipse: {
    height: number;
    width: number;
    center: [number, number];
    radii: [number, number];
    counts: string;
    area: number;
    bbox: number[];
  };
  polygons: {
    height: number;
    width: number;
    polygon: number[];
    note: string;
    counts: string;
    area: number;
    bbox: number[];
  }[];
  merges: {
    height: number;
    width: number;
    a: string;
    b: string;
    union: string;
    intersection: string;
    iou: number;
  }[];
}

const present = existsSync(PYCOCOTOOLS_VECTORS);
if (!present) console.warn(`Skipping the pycocotools vectors: ${PYCOCOTOOLS_VECTORS} is absent.`);
const vectors = present ? (JSON.parse(readFileSync(PYCOCOTOOLS_VECTORS, 'utf8')) as Vectors) : null;
const rle = (counts: string, height: number, width: number): Rle => ({ size: [height, width], counts });
const cocoBbox = (r: Rle) => boxToCocoBbox(rleToBox(r));

describe.skipIf(!vectors)('agreement with pycocotools', () => {
  const v = vectors!;

  it.each(v?.masks ?? [])('mask.encode, area, toBbox of a $height x $width mask', (m) => {
    const mask = createMask(m.width, m.height);
    for (const [y, x] of m.rowsOnes) mask.data[y * m.width + x] = 1;
    const encoded = maskToRle(mask);
    expect(encoded).toEqual(rle(m.counts, m.height, m.width));
    expect(rleArea(encoded)).toBe(m.area);
    expect(cocoBbox(encoded)).toEqual(m.bbox);
    expect(rleToMask(encoded).data).toEqual(mask.data);
  });

  it('encodes the 720 x 1280 ellipse as pycocotools does', () => {
    const { height: h, width: w, center, radii, counts, area, bbox } = v.largeEllipse;
    const mask = createMask(w, h);
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++)
        if ((y - center[1]) ** 2 / radii[1] ** 2 + (x - center[0]) ** 2 / radii[0] ** 2 < 1)
          mask.data[y * w + x] = 1;
    const encoded = maskToRle(mask);
    expect(encoded.counts).toBe(counts);
    expect(rleArea(encoded)).toBe(area);
    expect(cocoBbox(encoded)).toEqual(bbox);
  });

  it.each((v?.polygons ?? []).map((p, i) => ({ ...p, i })))(
    'frPyObjects + merge of polygon $i ($note)',
    (p) => {
      const ring: [number, number][] = [];
      for (let k = 0; k < p.polygon.length; k += 2) ring.push([p.polygon[k]!, p.polygon[k + 1]!]);
      const raster = rasterizeCocoPolygons([ring], p.width, p.height);
      expect(raster.counts).toBe(p.counts);
      expect(rleArea(raster)).toBe(p.area);
      expect(cocoPolygonArea([ring], p.width, p.height)).toBe(p.area);
      expect(cocoBbox(raster)).toEqual(p.bbox);
    },
  );

  it.each((v?.merges ?? []).map((m, i) => ({ ...m, i })))('merge and iou of pair $i', (m) => {
    const [a, b] = [rle(m.a, m.height, m.width), rle(m.b, m.height, m.width)];
    expect(rleUnion([a, b]).counts).toBe(m.union);
    expect(rleIntersection([a, b]).counts).toBe(m.intersection);
    expect(rleIou(a, b)).toBeCloseTo(m.iou, 12);
  });

  // What pycocotools' annToMask does with an exported annotation: frPyObjects + merge of its polygons.
  const toRings = (flat: number[]) => {
    const ring: [number, number][] = [];
    for (let k = 0; k < flat.length; k += 2) ring.push([flat[k]!, flat[k + 1]!]);
    return ring;
  };
  const annToMask = (segmentation: unknown, width: number, height: number) => {
    expect(Array.isArray(segmentation) && segmentation.length > 0).toBe(true);
    return rasterizeCocoPolygons((segmentation as number[][]).map(toRings), width, height);
  };

  it.each((v?.polygons ?? []).filter((p) => p.note.startsWith('box')))(
    'a box annotation exports as the polygon pycocotools rasterises to its pixels ($bbox)',
    (p) => {
      const [x1, y1, x2, , , y2] = p.polygon as [number, number, number, number, number, number];
      const object: DatasetObject = { category: 'car', shape: { kind: 'box', box: [x1, y1, x2, y2] } };
      const written = cocoAnnotation(1, 1, 1, object, 'polygon', p);
      expect(annToMask(written.segmentation, p.width, p.height).counts).toBe(p.counts);
      expect(written.bbox).toEqual([x1, y1, x2 - x1, y2 - y1]);
    },
  );

  it.each((v?.polygons ?? []).filter((p) => !p.note.startsWith('box')))(
    'a polygon annotation exports with the area pycocotools gives it ($area)',
    (p) => {
      const object: DatasetObject = {
        category: 'car',
        shape: { kind: 'polygon', rings: [toRings(p.polygon)] },
      };
      const written = cocoAnnotation(1, 1, 1, object, 'polygon', p);
      expect(annToMask(written.segmentation, p.width, p.height).counts).toBe(p.counts);
      expect(written.area).toBe(p.area);
    },
  );
});
