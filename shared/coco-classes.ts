// The 80 COCO detection classes in the order detectors trained on COCO number them (PicoDet, YOLO, DETR, ...).
export const COCO_CLASSES = [
  'person',
  'bicycle',
  'car',
  'motorcycle',
  'airplane',
  'bus',
  'train',
  'truck',
  'boat',
  'traffic light',
  'fire hydrant',
  'stop sign',
  'parking meter',
  'bench',
  'bird',
  'cat',
  'dog',
  'horse',
  'sheep',
  'cow',
  'elephant',
  'bear',
  'zebra',
  'giraffe',
  'backpack',
  'umbrella',
  'handbag',
  'tie',
  'suitcase',
  'frisbee',
  'skis',
  'snowboard',
  'sports ball',
  'kite',
  'baseball bat',
  'baseball glove',
  'skateboard',
  'surfboard',
  'tennis racket',
  'bottle',
  'wine glass',
  'cup',
  'fork',
  'knife',
  'spoon',
  'bowl',
  'banana',
  'apple',
  'sandwich',
  'orange',
  'broccoli',
  'carrot',
  'hot dog',
  'pizza',
  'donut',
  'cake',
  'chair',
  'couch',
  'potted plant',
  'bed',
  'dining table',
  'toilet',
  'tv',
  'laptop',
  'mouse',
  'remote',
  'keyboard',
  'cell phone',
  'microwave',
  'oven',
  'toaster',
  'sink',
  'refrigerator',
  'book',
  'clock',
  'vase',
  'scissors',
  'teddy bear',
  'hair drier',
  'toothbrush',
] as const;

export type CocoClass = (typeof COCO_CLASSES)[number];

// Words people type for a class that differ from its COCO name by more than case, spacing or a plural 's'.
const ALIASES: Record<string, CocoClass> = {
  people: 'person',
  pedestrian: 'person',
  pedestrians: 'person',
  persons: 'person',
  bike: 'bicycle',
  bikes: 'bicycle',
  motorbike: 'motorcycle',
  motorbikes: 'motorcycle',
  'traffic signal': 'traffic light',
  'traffic signals': 'traffic light',
  buses: 'bus',
  television: 'tv',
  sofa: 'couch',
};

/**
 * The index in `classes` of a name as a person types it ('Cars', 'traffic  lights', 'people'), or -1.
 * Matching ignores case and extra spaces, accepts a plural 's' and a few common synonyms.
 */
export function classIndex(classes: readonly string[], name: string): number {
  const wanted = name
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ');
  const candidates = [wanted, ALIASES[wanted], wanted.endsWith('s') ? wanted.slice(0, -1) : undefined];
  for (const c of candidates) {
    if (c === undefined) continue;
    const at = classes.indexOf(c);
    if (at >= 0) return at;
  }
  return -1;
}
