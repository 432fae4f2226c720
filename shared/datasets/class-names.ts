// How each format spells its classes, so an export writes a label the way that format's tools and benchmarks
// name it: KITTI's devkit classes (Car, Person_sitting, DontCare; no spaces), BDD100K's categories (car, traffic
// light). A label matches a class ignoring case and the space/underscore/hyphen between words; others keep
// their name (KITTI turns its spaces, line breaks and other separators into underscores). The export reports every label it writes otherwise.

/** The object classes of the KITTI object devkit (readme.txt of devkit_object), as written in label_2. */
export const KITTI_CLASSES = [
  'Car',
  'Van',
  'Truck',
  'Pedestrian',
  'Person_sitting',
  'Cyclist',
  'Tram',
  'Misc',
  'DontCare',
] as const;

/** BDD100K's detection categories (2020 labels) and semantic segmentation classes. */
export const BDD100K_CATEGORIES = [
  'pedestrian',
  'rider',
  'car',
  'truck',
  'bus',
  'train',
  'motorcycle',
  'bicycle',
  'traffic light',
  'traffic sign',
  'other vehicle',
  'other person',
  'trailer',
  'road',
  'sidewalk',
  'building',
  'wall',
  'fence',
  'pole',
  'vegetation',
  'terrain',
  'sky',
  'person',
] as const;

/** A format's way of spelling labels, and how to say which it is. */
export interface ClassNames {
  convention: string;
  spell(label: string): string;
}

const key = (name: string) =>
  name
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ')
    .trim();

function classNames(
  convention: string,
  classes: readonly string[],
  other: (label: string) => string,
): ClassNames {
  const byKey = new Map(classes.map((c) => [key(c), c]));
  return { convention, spell: (label) => byKey.get(key(label)) ?? other(label) };
}

/** Besides whitespace, the characters line readers split on (Python's splitlines: \x1c-\x1e, NEL). */
const SEPARATORS = new Set(['\x1c', '\x1d', '\x1e', '\x85']);
const spaced = (label: string) => [...label].map((c) => (SEPARATORS.has(c) ? ' ' : c)).join('');

export const KITTI_CLASS_NAMES = classNames("KITTI's devkit class names", KITTI_CLASSES, (label) =>
  spaced(label).replace(/\s+/g, '_'),
);
export const BDD100K_CLASS_NAMES = classNames("BDD100K's categories", BDD100K_CATEGORIES, (label) => label);
