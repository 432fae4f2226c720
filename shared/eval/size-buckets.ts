// Object size buckets by the share of the image an object covers, as the seeds' prompt studies define them
// (small < 0.11 %, medium 0.11-1 %, large > 1 %); the edges are settings, not constants, so a bench can use
// COCO's absolute 32² / 96² pixel edges instead.

export type SizeBucket = 'small' | 'medium' | 'large';
export const SIZE_BUCKETS: readonly SizeBucket[] = ['small', 'medium', 'large'];

export interface BucketEdges {
  /** Below this share of the image area an object is small. */
  small: number;
  /** From `small` up to this share it is medium; above, large. */
  medium: number;
}

export const SEED_EDGES: BucketEdges = { small: 0.0011, medium: 0.01 };

/** The bucket of an object of `area` pixels in an image of `imageArea` pixels. */
export function sizeBucket(area: number, imageArea: number, edges: BucketEdges = SEED_EDGES): SizeBucket {
  const share = imageArea > 0 ? area / imageArea : 0;
  return share < edges.small ? 'small' : share <= edges.medium ? 'medium' : 'large';
}

/** Area ranges [lo, hi] in shares of the image, for COCO-style evaluation by bucket ('all' first). */
export function bucketRanges(edges: BucketEdges = SEED_EDGES): Record<'all' | SizeBucket, [number, number]> {
  return {
    all: [0, Infinity],
    small: [0, edges.small],
    medium: [edges.small, edges.medium],
    large: [edges.medium, Infinity],
  };
}
