// The bad-input corpus, generated on the fly (no binary fixtures): broken, huge, odd and hostile images written
// with sharp and plain bytes, malformed COCO / BDD100K / KITTI / LLaVA label files, and hostile names. Each
// entry says what the studio promises for it: refused with a clear reason, or accepted (and how).
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { HOSTILE_FILE_NAMES } from './hostile-names';
import { makeHugePng, makeImage, makeTruncated, pngChunk } from './images';

/** Refused with a clear error, or accepted (an odd but valid file, converted or read as it is). */
export type Outcome = 'refused' | 'accepted';

export interface CorpusImage {
  name: string;
  what: string;
  /** At import (folder or dataset): skipped with a reason, or imported. */
  expect: Outcome;
  /** Its size as a label file would give it, when not 64x48. */
  size?: [number, number];
  /**
   * Broken past a header that reads well: a dataset import (headers only, for speed) takes it, and the first
   * decode (a click, the full view) refuses it clearly; a folder import decodes (its thumbnail) and skips it.
   */
  headerReads?: true;
}

export interface CorpusLabels {
  format: 'coco' | 'bdd100k' | 'kitti' | 'llava';
  /** The label file (or folder of KITTI txt files) under the corpus's labels folder. */
  name: string;
  what: string;
  /** 'refused': a strict import fails (or, LLaVA, validation reports errors) naming the problem. */
  expect: Outcome;
}

export interface Corpus {
  /** The image folder: every CorpusImage, plus good.png (a plain image the label files point at). */
  images: string;
  imageEntries: CorpusImage[];
  labels: string;
  labelEntries: CorpusLabels[];
}

const W = 64;
const H = 48;

/** A PNG whose header claims `width` x `height` (8-bit grey) over a few bytes of pixel data. */
function pngClaiming(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(Buffer.alloc(width + 1))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A BMP file header + BITMAPINFOHEADER claiming `width` x `height` at `bpp`, with `pixels` bytes after it. */
function bmpClaiming(width: number, height: number, bpp: number, pixels: number): Buffer {
  const head = Buffer.alloc(54);
  head.write('BM', 0, 'ascii');
  head.writeUInt32LE(54 + pixels, 2);
  head.writeUInt32LE(54, 10);
  head.writeUInt32LE(40, 14);
  head.writeInt32LE(width, 18);
  head.writeInt32LE(height, 22);
  head.writeUInt16LE(1, 26);
  head.writeUInt16LE(bpp, 28);
  return Buffer.concat([head, Buffer.alloc(pixels, 0x80)]);
}

/** Two frames of `W` x `H`, as one animated image of `format`. */
async function animated(path: string, format: 'gif' | 'webp'): Promise<void> {
  const frames = await Promise.all(
    [
      [200, 40, 40],
      [40, 40, 200],
    ].map(([r, g, b]) =>
      sharp({ create: { width: W, height: H, channels: 3, background: { r: r!, g: g!, b: b! } } })
        .png()
        .toBuffer(),
    ),
  );
  await sharp(frames, { join: { animated: true } })
    .toFormat(format, { loop: 0 })
    .toFile(path);
}

/** Writes the images of the corpus into `dir`; returns their entries. */
async function writeImages(dir: string): Promise<CorpusImage[]> {
  await mkdir(dir, { recursive: true });
  const entries: CorpusImage[] = [];
  const add = (name: string, what: string, expect: Outcome, size?: [number, number], headerReads?: true) =>
    entries.push({ name, what, expect, ...(size && { size }), ...(headerReads && { headerReads }) });
  const raw = (name: string, bytes: Buffer | string) => writeFile(join(dir, name), bytes);
  const spec = { width: W, height: H, texture: true } as const;

  await makeImage(dir, 'good.png', { ...spec, format: 'png', pattern: 1 });
  await makeTruncated(
    await makeImage(dir, 'truncated.jpg', { ...spec, width: 640, height: 480, format: 'jpeg' }),
  );
  add('truncated.jpg', 'a JPEG cut in half', 'refused', [640, 480], true);
  await makeTruncated(
    await makeImage(dir, 'truncated.png', { ...spec, width: 640, height: 480, format: 'png' }),
  );
  add('truncated.png', 'a PNG cut in half', 'refused', [640, 480], true);
  await makeTruncated(
    await makeImage(dir, 'truncated.tif', { ...spec, width: 320, height: 240, format: 'tiff' }),
  );
  add('truncated.tif', 'a TIFF cut in half', 'refused', [320, 240]);
  await raw('zero.jpg', Buffer.alloc(0));
  add('zero.jpg', 'a zero-byte .jpg', 'refused');
  await raw('zero.png', Buffer.alloc(0));
  add('zero.png', 'a zero-byte .png', 'refused');
  await raw('text.jpg', 'These are my notes, not a photo.\n');
  add('text.jpg', 'a text file named .jpg', 'refused');
  await raw(
    'jpeg-head-garbage.jpg',
    Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(4096, 0x5a)]),
  );
  add('jpeg-head-garbage.jpg', 'a JPEG signature followed by garbage', 'refused');
  await raw('claims-100000x100000.png', pngClaiming(100_000, 100_000));
  add('claims-100000x100000.png', 'a 200-byte PNG whose header claims 100000x100000', 'refused');
  await raw('claims-2x2-bad-data.png', pngClaiming(2, 2).subarray(0, 40));
  add('claims-2x2-bad-data.png', 'a PNG header with its data chunk cut off', 'refused');
  await makeHugePng(dir, 'bomb-20000x20000.png', 20_000, 20_000);
  add(
    'bomb-20000x20000.png',
    'a decompression bomb: a 1.5 MB PNG of 400 MP (over the 268 MP limit)',
    'refused',
  );
  await makeHugePng(dir, 'bomb-12000x12000.png', 12_000, 12_000);
  add(
    'bomb-12000x12000.png',
    'a decompression bomb under the limit: a small PNG of 144 MP',
    'accepted',
    [12_000, 12_000],
  );
  await raw('bmp-claims-100000x100000.bmp', bmpClaiming(100_000, 100_000, 24, 64));
  add('bmp-claims-100000x100000.bmp', 'a BMP whose header claims 100000x100000', 'refused');
  await raw('bmp-bad-depth.bmp', bmpClaiming(8, 8, 7, 256));
  add('bmp-bad-depth.bmp', 'a BMP of 7 bits per pixel', 'refused', [8, 8], true);
  await raw('bmp-zero-size.bmp', bmpClaiming(0, 0, 24, 0));
  add('bmp-zero-size.bmp', 'a BMP of 0x0 pixels', 'refused');
  await raw('bmp-short.bmp', bmpClaiming(64, 64, 24, 100));
  add('bmp-short.bmp', 'a BMP with fewer pixel bytes than its header says', 'refused', [64, 64], true);
  await raw('bmp-header-only.bmp', Buffer.from('BM'));
  add('bmp-header-only.bmp', 'a BMP of two bytes', 'refused');

  const rgb = sharp({ create: { width: W, height: H, channels: 3, background: { r: 30, g: 160, b: 90 } } });
  await rgb.clone().toColourspace('cmyk').jpeg().toFile(join(dir, 'cmyk.jpg'));
  add('cmyk.jpg', 'a CMYK JPEG', 'accepted');
  await rgb.clone().toColourspace('rgb16').png().toFile(join(dir, 'rgb16.png'));
  add('rgb16.png', 'a 16-bit RGB PNG', 'accepted');
  await rgb.clone().toColourspace('grey16').png().toFile(join(dir, 'grey16.png'));
  add('grey16.png', 'a 16-bit greyscale PNG', 'accepted');
  await rgb.clone().ensureAlpha(0.5).png().toFile(join(dir, 'alpha.png'));
  add('alpha.png', 'a half-transparent RGBA PNG', 'accepted');
  await animated(join(dir, 'animated.webp'), 'webp');
  add('animated.webp', 'an animated WebP (two frames): the first frame is the image', 'accepted');
  await animated(join(dir, 'animated.gif'), 'gif');
  add('animated.gif', 'an animated GIF: not an import format (a folder import passes it by)', 'refused');
  await raw('png-named.jpg', await rgb.clone().png().toBuffer());
  add('png-named.jpg', 'a PNG named .jpg (content decides)', 'accepted');
  await makeImage(dir, 'one-pixel.png', { width: 1, height: 1, format: 'png' });
  add('one-pixel.png', 'a 1x1 PNG', 'accepted', [1, 1]);
  await makeImage(dir, 'thin-4000x1.png', { width: 4000, height: 1, format: 'png' });
  add('thin-4000x1.png', 'a 4000x1 PNG', 'accepted', [4000, 1]);
  await makeImage(dir, 'bad-orientation.jpg', { ...spec, format: 'jpeg' });
  add('bad-orientation.jpg', 'a JPEG (its orientation tag then set to 9 below)', 'accepted');
  await setExifOrientation(join(dir, 'bad-orientation.jpg'), 9);
  for (const [i, name] of HOSTILE_FILE_NAMES.entries()) {
    if (name.startsWith('.')) continue; // hidden: not imported, as documented
    await makeImage(dir, name, { width: W, height: H, format: 'png', pattern: 10 + i });
    add(name, `a hostile file name (${JSON.stringify(name).slice(0, 40)})`, 'accepted');
  }
  return entries;
}

/** Rewrites the EXIF orientation tag of a JPEG sharp wrote (little-endian TIFF header) to `value`. */
async function setExifOrientation(path: string, value: number): Promise<void> {
  const withTag = await sharp(path).withMetadata({ orientation: 1 }).jpeg().toBuffer();
  // The tag 0x0112 (short) is followed by type 3, count 1, then the value.
  const le = Buffer.from([0x12, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00]);
  const be = Buffer.from([0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01]);
  let at = withTag.indexOf(le);
  if (at >= 0) withTag.writeUInt16LE(value, at + 8);
  else if ((at = withTag.indexOf(be)) >= 0) withTag.writeUInt16BE(value, at + 8);
  else throw new Error('no orientation tag written');
  await writeFile(path, withTag);
}

const json = (v: unknown) => JSON.stringify(v);

/** A COCO document over good.png (64x48) with `annotations` and `extra` keys. */
const coco = (annotations: unknown[], extra: Record<string, unknown> = {}) => ({
  images: [{ id: 1, file_name: 'good.png', width: W, height: H }],
  categories: [{ id: 1, name: 'car' }],
  annotations,
  ...extra,
});
const box = { id: 1, image_id: 1, category_id: 1, bbox: [4, 4, 20, 16] };

/** Writes the malformed label files into `dir`; returns their entries. */
async function writeLabels(dir: string, imageEntries: CorpusImage[]): Promise<CorpusLabels[]> {
  await mkdir(dir, { recursive: true });
  const entries: CorpusLabels[] = [];
  const add = async (
    format: CorpusLabels['format'],
    name: string,
    what: string,
    text: string,
    expect: Outcome,
  ) => {
    await mkdir(join(dir, name, '..'), { recursive: true });
    await writeFile(join(dir, name), text);
    entries.push({ format, name, what, expect });
  };

  // COCO
  await add(
    'coco',
    'coco/every-image.json',
    'a COCO file naming every corpus image, one box each (strict: refused for the broken ones)',
    json({
      images: [{ name: 'good.png', size: undefined }, ...imageEntries].map((e, i) => ({
        id: i + 1,
        file_name: e.name,
        width: e.size?.[0] ?? W,
        height: e.size?.[1] ?? H,
      })),
      categories: [{ id: 1, name: 'thing' }],
      annotations: [{ name: 'good.png' }, ...imageEntries].map((_, i) => ({
        id: i + 1,
        image_id: i + 1,
        category_id: 1,
        bbox: [1, 1, 1, 1],
      })),
    }),
    'refused',
  );
  await add('coco', 'coco/zero-bytes.json', 'an empty file', '', 'refused');
  await add('coco', 'coco/bad-json.json', 'JSON cut off', '{"images": [{"id": 1,', 'refused');
  await add('coco', 'coco/not-json.json', 'a JPEG named .json', '\xff\xd8\xff\xe0 binary', 'refused');
  await add('coco', 'coco/array.json', 'a top-level array', '[1, 2, 3]', 'refused');
  await add('coco', 'coco/null.json', 'a top-level null', 'null', 'refused');
  await add(
    'coco',
    'coco/wrong-types.json',
    'images a string, annotations an object, categories a number',
    json({ images: 'nope', annotations: {}, categories: 5 }),
    'refused',
  );
  await add(
    'coco',
    'coco/field-types.json',
    'ids as strings, bbox of strings, area NaN text',
    json(coco([{ id: '1', image_id: '1', category_id: 1, bbox: ['a', 'b', 'c', 'd'], area: 'NaN' }])),
    'refused',
  );
  await add(
    'coco',
    'coco/ids-nowhere.json',
    'annotations naming image 99 and category 42',
    json(
      coco([
        { ...box, image_id: 99 },
        { ...box, id: 2, category_id: 42 },
      ]),
    ),
    'refused',
  );
  await add(
    'coco',
    'coco/duplicate-ids.json',
    'two images with id 1, two annotations with id 1',
    json(
      coco([box, box], {
        images: [
          { id: 1, file_name: 'good.png', width: W, height: H },
          { id: 1, file_name: 'good.png', width: W, height: H },
        ],
      }),
    ),
    'refused',
  );
  await add(
    'coco',
    'coco/rle-short.json',
    'an RLE whose runs add up to less than h*w',
    json(coco([{ ...box, segmentation: { size: [H, W], counts: [10, 20, 30] } }])),
    'refused',
  );
  await add(
    'coco',
    'coco/rle-long.json',
    'an RLE whose runs add up to more than h*w',
    json(coco([{ ...box, segmentation: { size: [H, W], counts: [10, W * H] } }])),
    'refused',
  );
  await add(
    'coco',
    'coco/rle-negative.json',
    'an RLE with a negative run',
    json(coco([{ ...box, segmentation: { size: [H, W], counts: [-5, W * H + 5] } }])),
    'refused',
  );
  await add(
    'coco',
    'coco/rle-string-bad.json',
    "a compressed RLE string that is not pycocotools' code",
    json(coco([{ ...box, segmentation: { size: [H, W], counts: '\u0000\u0001~~~~~' } }])),
    'refused',
  );
  await add(
    'coco',
    'coco/rle-huge-size.json',
    'an RLE claiming a 100000x100000 mask on a 64x48 image',
    json(coco([{ ...box, segmentation: { size: [100_000, 100_000], counts: [0, 1e10] } }])),
    'refused',
  );
  await add(
    'coco',
    'coco/rle-size-mismatch.json',
    'an RLE of another size than its image',
    json(coco([{ ...box, segmentation: { size: [H * 2, W], counts: [0, W * H * 2] } }])),
    'refused',
  );
  await add(
    'coco',
    'coco/polygon-bad.json',
    'polygons: odd coordinate count, strings, NaN text, empty',
    json(
      coco([
        { ...box, segmentation: [[1, 2, 3]] },
        { ...box, id: 2, segmentation: [['a', 'b', 'c', 'd', 'e', 'f']] },
        { ...box, id: 3, segmentation: [] },
      ]),
    ),
    'refused',
  );
  await add(
    'coco',
    'coco/polygon-huge.json',
    'a polygon with coordinates of 1e300, and one in two parts reaching 1e12',
    json(
      coco([
        { ...box, segmentation: [[0, 0, 1e300, 0, 1e300, 1e300]] },
        {
          ...box,
          id: 2,
          segmentation: [
            [0, 0, 9, 0, 9, 9],
            [0, 0, -1e12, 5, 4, 1e12],
          ],
        },
      ]),
    ),
    'refused',
  );
  await add(
    'coco',
    'coco/bbox-bad.json',
    'boxes of negative, zero and infinite-looking size',
    json(
      coco([
        { ...box, bbox: [1, 1, -5, -5] },
        { ...box, id: 2, bbox: [1, 1, 0, 0] },
        { ...box, id: 3, bbox: [1, 1, 1e308, 1e308] },
      ]),
    ),
    'refused',
  );
  await add(
    'coco',
    'coco/deep.json',
    'JSON nested 100000 levels deep',
    '['.repeat(100_000) + ']'.repeat(100_000),
    'refused',
  );
  await add(
    'coco',
    'coco/hostile-category.json',
    'categories named with markup, RTL, newline and SQL',
    json(
      coco([box, { ...box, id: 2, category_id: 2 }, { ...box, id: 3, category_id: 3 }], {
        categories: [
          { id: 1, name: '<img src=x onerror=alert(1)>' },
          { id: 2, name: "a\u202Eb\nc'); DROP TABLE labels;--" },
          { id: 3, name: '' },
        ],
      }),
    ),
    'refused',
  );
  await add(
    'coco',
    'coco/image-names.json',
    'image records named ../../etc/passwd, /etc/shadow, NUL and 10,000 characters',
    json(
      coco([], {
        images: [
          { id: 1, file_name: '../../etc/passwd', width: W, height: H },
          { id: 2, file_name: '/etc/shadow', width: W, height: H },
          { id: 3, file_name: 'a\u0000b.png', width: W, height: H },
          { id: 4, file_name: 'x'.repeat(10_000), width: W, height: H },
        ],
      }),
    ),
    'refused',
  );

  // BDD100K (Scalabel frames)
  const frame = (labels: unknown[]) => [{ name: 'good.png', labels }];
  await add('bdd100k', 'bdd/bad-json.json', 'JSON cut off', '[{"name": "good.png", "labels": [', 'refused');
  await add(
    'bdd100k',
    'bdd/not-a-list.json',
    'an object where the frames list goes',
    json({ frames: 1 }),
    'refused',
  );
  await add(
    'bdd100k',
    'bdd/wrong-types.json',
    'a frame of wrong types (name a number, labels a string)',
    json([{ name: 5, labels: 'x' }]),
    'refused',
  );
  await add(
    'bdd100k',
    'bdd/box-strings.json',
    'a box2d of strings and a box2d with x2 < x1',
    json(
      frame([
        { id: '1', category: 'car', box2d: { x1: 'a', y1: 0, x2: 1, y2: 1 } },
        { id: '2', category: 'car', box2d: { x1: 30, y1: 30, x2: 2, y2: 2 } },
      ]),
    ),
    'refused',
  );
  await add(
    'bdd100k',
    'bdd/poly-bad.json',
    'a poly2d with one vertex and one with NaN text',
    json(
      frame([
        { id: '1', category: 'car', poly2d: [{ vertices: [[1, 1]], types: 'L', closed: true }] },
        {
          id: '2',
          category: 'car',
          poly2d: [
            {
              vertices: [
                ['NaN', 1],
                [2, 2],
                [3, 1],
              ],
              types: 'LLL',
              closed: true,
            },
          ],
        },
      ]),
    ),
    'refused',
  );
  await add(
    'bdd100k',
    'bdd/rle-bad.json',
    'an rle whose runs do not add up',
    json(frame([{ id: '1', category: 'car', rle: { size: [H, W], counts: '0' } }])),
    'refused',
  );
  await add(
    'bdd100k',
    'bdd/no-category.json',
    'a label with no category and no shape',
    json(frame([{ id: '1' }])),
    'refused',
  );
  await add(
    'bdd100k',
    'bdd/missing-image.json',
    'a frame naming an image that is not there',
    json([{ name: 'gone.jpg', labels: [] }]),
    'refused',
  );

  // KITTI (object label_2 txt, named after the image's stem)
  const kitti = async (what: string, text: string, expect: Outcome = 'refused') =>
    add('kitti', `kitti/${entries.filter((e) => e.format === 'kitti').length}/good.txt`, what, text, expect);
  await kitti('a line of 5 columns', 'Car 0 0 0 1\n');
  await kitti('a line of 1000 columns', `Car ${'1 '.repeat(999)}\n`);
  await kitti('NaN and inf in the box', 'Car 0.00 0 -1.0 NaN 1.0 inf 20.0 1.5 1.6 3.9 1.0 1.5 10.0 0.0\n');
  await kitti('words where numbers go', 'Car zero one two 1 2 3 4 5 6 7 8 9 10 11\n');
  await kitti('a box with x2 < x1', 'Car 0.00 0 -1.0 30.0 5.0 2.0 20.0 1.5 1.6 3.9 1.0 1.5 10.0 0.0\n');
  await kitti('an empty file (no objects)', '', 'accepted');
  await kitti(
    'CRLF line ends, tabs and a blank line',
    'Car\t0.00 0 -1.0 1.0 1.0 20.0 20.0 1.5 1.6 3.9 1.0 1.5 10.0 0.0\r\n\r\n',
    'accepted',
  );
  await kitti('binary bytes', '\u0000\u0001\u0002\uFFFD\n');

  // LLaVA (validated: the studio exports LLaVA, it does not import it)
  await add(
    'llava',
    'llava/bad-json.json',
    'JSON cut off',
    '[{"image": "a.jpg", "conversations": [',
    'refused',
  );
  await add(
    'llava',
    'llava/wrong-types.json',
    'conversations a string, image a number',
    json([{ image: 1, conversations: 'hi' }]),
    'refused',
  );
  await add(
    'llava',
    'llava/tags.json',
    'two <image> tags for one image, a turn from "robot"',
    json([
      {
        image: 'a.jpg',
        conversations: [
          { from: 'human', value: '<image>\n<image> what?' },
          { from: 'robot', value: 'a car' },
        ],
      },
    ]),
    'refused',
  );
  await add(
    'llava',
    'llava/lines.jsonl',
    'JSON lines with a broken line',
    '{"image": "a.jpg", "conversations": []}\n{not json\n',
    'refused',
  );
  return entries;
}

/** Writes the whole corpus under `dir` (images/ and labels/). */
export async function writeBadInputCorpus(dir: string): Promise<Corpus> {
  const images = join(dir, 'images');
  const labels = join(dir, 'labels');
  const imageEntries = await writeImages(images);
  const labelEntries = await writeLabels(labels, imageEntries);
  return { images, imageEntries, labels, labelEntries };
}
