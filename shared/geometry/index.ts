// Mask and polygon geometry shared by the renderer, workers and the main process: pure TypeScript, no I/O.
export { createMask, cropMask, pasteMask, type BinaryMask } from './mask';
export {
  forEachColumnPiece,
  maskToRle,
  rleArea,
  rleFromCounts,
  rleIntersection,
  rleIou,
  rleOverlap,
  rleToBox,
  rleToCounts,
  rleToMask,
  rleUnion,
  type RleCounts,
} from './rle';
export { maskToPolygons } from './contours';
export { simplifyPolygons, simplifyRing } from './simplify';
export { rasterizePolygons, rasterizeRings } from './rasterize';
export { cocoPolygonArea, MAX_POLYGON_REACH, pointTooFar, rasterizeCocoPolygons } from './coco-polygon';
export {
  boxArea,
  boxFromPoints,
  boxToCocoBbox,
  clipBox,
  pointInMask,
  pointInPolygon,
  polygonArea,
  polygonProblem,
  ringArea,
  type Polygon,
} from './measure';
