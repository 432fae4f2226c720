import { describe, expect, it } from 'vitest';
import { formatCount, plural } from '../../../shared/counts';

describe('counts', () => {
  it.each<[number, string, string | undefined, string]>([
    [0, 'image', undefined, '0 images'],
    [1, 'image', undefined, '1 image'],
    [2345, 'image', undefined, '2,345 images'],
    [1, 'person', 'people', '1 person'],
    [3, 'person', 'people', '3 people'],
  ])('%d of %s (%s): "%s"', (n, word, many, text) => {
    expect(plural(n, word, many)).toBe(text);
  });

  it.each([
    [7, '7'],
    [1234567, '1,234,567'],
  ])('groups %d as %s', (n, text) => {
    expect(formatCount(n)).toBe(text);
  });
});
