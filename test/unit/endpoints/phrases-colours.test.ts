import { describe, expect, it } from 'vitest';
import {
  COLOUR_SHARE,
  colourShares,
  isColour,
  pixelIs,
  type ColourWord,
} from '../../../scripts/emulators/sagemaker/colours';
import { parsePhrase } from '../../../scripts/emulators/sagemaker/phrases';

describe('emulated Grounded-SAM phrases', () => {
  it.each([
    ['car', [], ['car']],
    ['silver car', ['silver'], ['car']],
    ['red traffic light', ['red'], ['traffic light']],
    ['pedestrians', [], ['person']],
    ['parked cars', [], ['car']],
    ['yellow vehicle', ['yellow'], ['car', 'truck', 'bus', 'motorcycle', 'bicycle']],
    ['lorry', [], ['truck']],
  ])('%j -> colours %j, classes %j', (phrase, colours, classes) => {
    expect(parsePhrase(phrase)).toEqual({ phrase, colours, classes });
  });

  it.each(['driving lane', 'road', 'sky', 'silver', 'car on the left'])('cannot find %j', (phrase) => {
    expect(parsePhrase(phrase)).toBeNull();
  });
});

describe('colour words', () => {
  it.each<[ColourWord, [number, number, number], boolean]>([
    ['red', [200, 30, 30], true],
    ['red', [30, 200, 30], false],
    ['yellow', [230, 210, 40], true],
    ['orange', [240, 140, 20], true],
    ['brown', [120, 70, 30], true],
    ['green', [40, 160, 60], true],
    ['blue', [30, 60, 200], true],
    ['purple', [130, 40, 180], true],
    ['pink', [230, 80, 170], true],
    ['black', [20, 20, 25], true],
    ['white', [240, 240, 240], true],
    ['white', [150, 150, 150], false],
    ['grey', [120, 122, 125], true],
    ['gray', [120, 122, 125], true],
    ['silver', [190, 192, 198], true],
    ['silver', [40, 40, 40], false],
    ['silver', [200, 30, 30], false],
  ])('%s: rgb%j is %s', (colour, [r, g, b], expected) => {
    expect(pixelIs(colour, r, g, b)).toBe(expected);
  });

  // 4x2 image: left half red, right half silver.
  const red = [200, 30, 30];
  const silver = [190, 192, 198];
  const black = [15, 15, 15];
  const rgb = Uint8Array.from([...red, ...red, ...silver, ...silver, ...red, ...red, ...silver, ...silver]);
  const everywhere = { box: [0, 0, 4, 2] as [number, number, number, number], inside: () => true };

  it('measures the share of an object region that has each colour', () => {
    expect(colourShares(rgb, 4, everywhere)).toMatchObject({ red: 0.5, silver: 0.5, blue: 0 });
    expect(colourShares(rgb, 4, { ...everywhere, inside: (x: number) => x >= 3 }).silver).toBe(1);
    expect(colourShares(rgb, 4, { box: [0, 0, 10, 10], inside: () => true }).red).toBe(0.5);
  });

  it('an object is a colour when enough of it is, and no other family has more', () => {
    const car = Uint8Array.from([...black, ...black, ...black, ...red]); // a dark car, one tail light
    const shares = colourShares(car, 4, { box: [0, 0, 4, 1], inside: () => true });
    expect(isColour('black', shares)).toBe(true);
    expect(isColour('red', shares)).toBe(false);
    const pale = colourShares(rgb, 4, { ...everywhere, inside: (x: number) => x >= 2 });
    // White, silver and grey overlap: the family does not compete with itself.
    expect(isColour('silver', pale)).toBe(true);
    expect(isColour('white', pale)).toBe(false); // v 0.78: not bright enough for white
    expect(COLOUR_SHARE).toBeLessThan(0.5);
  });
});
