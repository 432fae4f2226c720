import { describe, expect, it } from 'vitest';
import { jsonTextTooDeep, valueTooDeep } from '../../../shared/json-depth';

const nest = (depth: number, inner = '1') => '['.repeat(depth) + inner + ']'.repeat(depth);

describe('JSON depth', () => {
  it.each([
    ['a scalar', '1', 0, false],
    ['an empty object at its depth', '{}', 1, false],
    ['an empty object over it', '{}', 0, true],
    ['arrays exactly at the limit', nest(64), 64, false],
    ['arrays one over', nest(65), 64, true],
    ['objects and arrays mixed', '{"a":[{"b":[1]}]}', 4, false],
    ['objects and arrays mixed, one over', '{"a":[{"b":[1]}]}', 3, true],
    ['brackets inside a string', `{"name":"${'['.repeat(500)}"}`, 1, false],
    ['an escaped quote inside a string', `{"name":"\\"[[[[\\""}`, 1, false],
    ['an escaped backslash before the closing quote', `{"a":"\\\\","b":[[1]]}`, 2, true],
    ['a million unclosed brackets', '['.repeat(1_000_000), 64, true],
    ['siblings do not add up', `[${Array.from({ length: 100 }, () => '[1]').join(',')}]`, 2, false],
  ])('text: %s', (_name, text, max, tooDeep) => {
    expect(jsonTextTooDeep(text, max)).toBe(tooDeep);
    if (!text.startsWith('['.repeat(1000))) expect(valueTooDeep(JSON.parse(text), max)).toBe(tooDeep);
  });

  it('values: a hundred thousand levels are judged without overflowing the stack, cycles end', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(valueTooDeep(deep, 64)).toBe(true);
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(valueTooDeep(cyclic, 64)).toBe(false);
  });
});
