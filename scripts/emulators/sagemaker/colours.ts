// Colour words checked against the pixels of a detected object: a pixel's colour name comes from its HSV value
// (achromatic when unsaturated: black / grey / silver / white by brightness), and an object 'is' a colour when
// enough of its masked pixels are. Cars are never one colour (glass, tyres, shadow), hence the low share.
export const COLOUR_WORDS = [
  'red',
  'orange',
  'yellow',
  'green',
  'blue',
  'purple',
  'pink',
  'brown',
  'black',
  'white',
  'grey',
  'gray',
  'silver',
] as const;
export type ColourWord = (typeof COLOUR_WORDS)[number];

/** The share of an object's pixels that must have the colour. */
export const COLOUR_SHARE = 0.25;

/** Whether one RGB pixel (0..255) looks like the colour word. */
export function pixelIs(colour: ColourWord, r: number, g: number, b: number): boolean {
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const v = max / 255;
  const s = max === 0 ? 0 : (max - min) / max;
  let h = 0;
  if (max !== min) {
    const d = max - min;
    h = max === r ? ((g - b) / d) * 60 : max === g ? ((b - r) / d) * 60 + 120 : ((r - g) / d) * 60 + 240;
    if (h < 0) h += 360;
  }
  const chromatic = s >= 0.3 && v >= 0.25;
  switch (colour) {
    case 'black':
      return v < 0.2;
    case 'white':
      return s < 0.15 && v >= 0.8;
    case 'grey':
    case 'gray':
      return s < 0.2 && v >= 0.2 && v < 0.8;
    case 'silver':
      return s < 0.2 && v >= 0.45;
    case 'red':
      return chromatic && (h < 15 || h >= 345);
    case 'orange':
      return chromatic && h >= 15 && h < 40 && v >= 0.6;
    case 'brown':
      return chromatic && h >= 10 && h < 45 && v < 0.6;
    case 'yellow':
      return chromatic && h >= 40 && h < 70;
    case 'green':
      return chromatic && h >= 70 && h < 170;
    case 'blue':
      return chromatic && h >= 170 && h < 260;
    case 'purple':
      return chromatic && h >= 260 && h < 300;
    case 'pink':
      return chromatic && h >= 300 && h < 345;
  }
}

/** Words for overlapping ranges of one family (a pale car is white, silver and grey at once). */
const FAMILY: Record<ColourWord, string> = {
  white: 'light',
  silver: 'light',
  grey: 'light',
  gray: 'light',
  black: 'dark',
  red: 'red',
  orange: 'orange',
  brown: 'brown',
  yellow: 'yellow',
  green: 'green',
  blue: 'blue',
  purple: 'purple',
  pink: 'pink',
};

export interface Region {
  box: [number, number, number, number];
  inside: (x: number, y: number) => boolean;
}

/**
 * The share of the selected pixels having each colour. `rgb` is interleaved RGB of a `width`-wide image;
 * `region.inside(x, y)` selects the object's pixels (its mask, or its whole box when there is no mask).
 */
export function colourShares(rgb: Uint8Array, width: number, region: Region): Record<ColourWord, number> {
  const [x1, y1, x2, y2] = region.box.map(Math.round) as [number, number, number, number];
  const height = rgb.length / (3 * width);
  const hits = Object.fromEntries(COLOUR_WORDS.map((c) => [c, 0])) as Record<ColourWord, number>;
  let total = 0;
  for (let y = Math.max(0, y1); y < Math.min(height, y2); y++) {
    for (let x = Math.max(0, x1); x < Math.min(width, x2); x++) {
      if (!region.inside(x, y)) continue;
      const i = 3 * (y * width + x);
      total++;
      for (const c of COLOUR_WORDS) if (pixelIs(c, rgb[i]!, rgb[i + 1]!, rgb[i + 2]!)) hits[c]++;
    }
  }
  for (const c of COLOUR_WORDS) hits[c] = total === 0 ? 0 : hits[c] / total;
  return hits;
}

/**
 * Whether an object is `colour`: at least COLOUR_SHARE of its pixels have it, and no colour of another family
 * has more (a dark car with red tail lights is black, not red).
 */
export function isColour(colour: ColourWord, shares: Record<ColourWord, number>): boolean {
  const own = shares[colour];
  return own >= COLOUR_SHARE && COLOUR_WORDS.every((c) => FAMILY[c] === FAMILY[colour] || shares[c] <= own);
}
