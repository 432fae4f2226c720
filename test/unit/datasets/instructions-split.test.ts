import { describe, expect, it } from 'vitest';
import {
  captionOf,
  csvLine,
  llavaRecords,
  normalisedBox,
  plural,
  vqaRows,
  type InstructionImage,
} from '../../../shared/datasets/instructions';
import { NameAllocator, safeFileName } from '../../../shared/datasets/names';
import { assignSplits, emptySplits, SPLITS, type SplitItem } from '../../../shared/datasets/split';

const image: InstructionImage = {
  id: 'a',
  image: 'images/a.jpg',
  width: 200,
  height: 100,
  objects: [
    { category: 'car', box: [0, 0, 100, 50] },
    { category: 'person', box: [50, 25, 150, 100] },
    { category: 'car', box: [10, 10, 20, 20] },
  ],
};

describe('instructions', () => {
  it.each([
    ['car', 2, 'cars'],
    ['person', 3, 'people'],
    ['bus', 2, 'buses'],
    ['traffic light', 1, 'traffic light'],
    ['lorry', 2, 'lorries'],
  ])('plural(%s, %d) = %s', (noun, n, expected) => expect(plural(noun, n)).toBe(expected));

  it('captions by counts, most frequent first', () => {
    expect(captionOf(image.objects)).toBe('The image shows 2 cars and 1 person.');
    expect(captionOf([])).toBe('The image shows no labelled objects.');
  });

  it('normalises boxes to 3 decimals, clamped to the image', () => {
    expect(normalisedBox([10, 5, 250, 33.3], 200, 100)).toBe('[0.050, 0.050, 1.000, 0.333]');
  });

  it.each([
    [
      'caption',
      [
        {
          id: 'a',
          image: 'images/a.jpg',
          conversations: [
            { from: 'human', value: '<image>\nDescribe the image briefly.' },
            { from: 'gpt', value: 'The image shows 2 cars and 1 person.' },
          ],
        },
      ],
    ],
    [
      'qa',
      [
        {
          id: 'a',
          image: 'images/a.jpg',
          conversations: [
            { from: 'human', value: '<image>\nHow many cars are in the image?' },
            { from: 'gpt', value: '2' },
            { from: 'human', value: 'How many people are in the image?' },
            { from: 'gpt', value: '1' },
          ],
        },
      ],
    ],
    [
      'region',
      [
        {
          id: 'a',
          image: 'images/a.jpg',
          conversations: [
            {
              from: 'human',
              value: '<image>\nWhat is the object in the region [0.000, 0.000, 0.500, 0.500]?',
            },
            { from: 'gpt', value: 'car' },
            { from: 'human', value: 'What is the object in the region [0.250, 0.250, 0.750, 1.000]?' },
            { from: 'gpt', value: 'person' },
            { from: 'human', value: 'What is the object in the region [0.050, 0.100, 0.100, 0.200]?' },
            { from: 'gpt', value: 'car' },
          ],
        },
      ],
    ],
  ] as const)('LLaVA %s template', (template, expected) => {
    expect(llavaRecords(image, template)).toEqual({ records: expected, drawn: [] });
  });

  it('region-drawn makes one record per object on its own drawn copy', () => {
    const { records, drawn } = llavaRecords(image, 'region-drawn');
    expect(drawn).toEqual([
      { image: 'regions/a-0.jpg', box: [0, 0, 100, 50] },
      { image: 'regions/a-1.jpg', box: [50, 25, 150, 100] },
      { image: 'regions/a-2.jpg', box: [10, 10, 20, 20] },
    ]);
    expect(records[1]).toEqual({
      id: 'a-1',
      image: 'regions/a-1.jpg',
      conversations: [
        { from: 'human', value: '<image>\nWhat is the object inside the red box?' },
        { from: 'gpt', value: 'person' },
      ],
    });
  });

  it('uses given QA pairs (a generator) instead of counting', () => {
    const qa = [{ question: 'Is it raining?', answer: 'No.' }];
    expect(llavaRecords(image, 'qa', qa).records[0]!.conversations[0]!.value).toBe('<image>\nIs it raining?');
    expect(vqaRows(image, 'vqa', qa)).toEqual([
      { image: 'images/a.jpg', question: 'Is it raining?', answer: 'No.' },
    ]);
    expect(vqaRows(image, 'caption')).toEqual([
      { image: 'images/a.jpg', question: '', answer: 'The image shows 2 cars and 1 person.' },
    ]);
  });

  it('quotes CSV fields as RFC 4180 does', () => {
    expect(csvLine(['a.jpg', 'Is it "red", or blue?', 'line\nbreak'])).toBe(
      'a.jpg,"Is it ""red"", or blue?","line\nbreak"\r\n',
    );
  });
});

describe('names', () => {
  it.each([
    ['../../etc/passwd', 'passwd'],
    ['/abs/path/x.jpg', 'x.jpg'],
    ['C:\\data\\y.png', 'y.png'],
    ['.hidden.jpg', 'hidden.jpg'],
    ['caf\u00e9 b\u00e4r.jpg', 'cafe_bar.jpg'],
    ['bad\ufffdname.jpg', 'bad_name.jpg'],
    ['..', 'image'],
    ['\u8def.jpg', 'image.jpg'],
  ])('safeFileName(%j) = %s', (name, expected) => expect(safeFileName(name)).toBe(expected));

  it('keeps stems unique ignoring case', () => {
    const names = new NameAllocator();
    expect(['a.jpg', 'A.jpg', 'x/a.png', 'b', 'a-1.jpg'].map((n) => names.allocate(n))).toEqual([
      'a.jpg',
      'A-1.jpg',
      'a-2.png',
      'b',
      'a-1-1.jpg',
    ]);
  });
});

describe('assignSplits', () => {
  const items: SplitItem[] = Array.from({ length: 100 }, (_, i) => ({
    key: `img-${i}`,
    labels: i % 10 === 0 ? ['bicycle', 'car'] : ['car'],
  }));
  const ratios = { train: 0.8, val: 0.1, test: 0.1 };

  it('is deterministic for a seed and changes with it', () => {
    expect(assignSplits(items, ratios, 1)).toEqual(assignSplits(items, ratios, 1));
    expect(assignSplits(items, ratios, 1)).not.toEqual(assignSplits(items, ratios, 2));
  });

  it('keeps the ratios overall and within each rare label', () => {
    const splits = assignSplits(items, ratios, 7);
    const count = (pick: (i: number) => boolean) =>
      Object.fromEntries(SPLITS.map((s) => [s, splits.filter((x, i) => x === s && pick(i)).length]));
    expect(count(() => true)).toEqual({ train: 80, val: 10, test: 10 });
    expect(count((i) => i % 10 === 0)).toEqual({ train: 8, val: 1, test: 1 });
  });

  it('gives an image the same split whatever else is in the list', () => {
    const alone = assignSplits(items.slice(0, 50), { train: 1, val: 0, test: 0 }, 3);
    expect(new Set(alone)).toEqual(new Set(['train']));
    expect(() => assignSplits(items, { train: 0, val: 0, test: 0 }, 1)).toThrow(/above 0/);
  });
});

describe('assignSplits over small sets', () => {
  const make = (n: number, labels: (i: number) => string[]): SplitItem[] =>
    Array.from({ length: n }, (_, i) => ({ key: `img-${i}`, labels: labels(i) }));
  const tally = (splits: string[]) =>
    Object.fromEntries(SPLITS.map((s) => [s, splits.filter((x) => x === s).length]));
  const own = (i: number) => [`label-${i}`];
  const same = () => ['car'];

  it.each([
    ['5 images, each its own label', make(5, own), [0.8, 0.1, 0.1], { train: 3, val: 1, test: 1 }],
    ['3 images of one label', make(3, same), [0.8, 0.1, 0.1], { train: 1, val: 1, test: 1 }],
    ['10 images of one label', make(10, same), [0.8, 0.1, 0.1], { train: 8, val: 1, test: 1 }],
    ['20 images, each its own label', make(20, own), [0.8, 0.1, 0.1], { train: 16, val: 2, test: 2 }],
    [
      '7 images in 2 labels',
      make(7, (i) => [i < 2 ? 'bus' : 'car']),
      [0.7, 0.2, 0.1],
      { train: 5, val: 1, test: 1 },
    ],
    ['a split at 0 stays empty', make(3, own), [0.5, 0.5, 0], { train: 2, val: 1, test: 0 }],
    ['unlabelled images', make(4, () => []), [0.8, 0.1, 0.1], { train: 2, val: 1, test: 1 }],
  ] as const)('%s', (_name, items, [train, val, test], expected) => {
    const ratios = { train, val, test };
    for (const seed of [1, 2, 3]) {
      const splits = assignSplits(items, ratios, seed);
      expect(tally(splits)).toEqual(expected);
      expect(emptySplits(splits, ratios)).toEqual([]);
    }
  });

  it('says which requested splits stay empty when there are fewer images than splits', () => {
    const ratios = { train: 0.8, val: 0.1, test: 0.1 };
    const splits = assignSplits(make(2, own), ratios, 1);
    expect(tally(splits)).toEqual({ train: 1, val: 1, test: 0 });
    expect(emptySplits(splits, ratios)).toEqual(['test']);
    expect(emptySplits(splits, { train: 1, val: 1, test: 0 })).toEqual([]);
  });
});
