import { describe, expect, it } from 'vitest';
import { revealBidiControls } from '../../../shared/display-text';

describe('revealBidiControls', () => {
  it.each([
    ['car\u202Egpj.exe', 'car⟨RLO⟩gpj.exe'],
    ['\u202Dabc\u202C', '⟨LRO⟩abc⟨PDF⟩'],
    ['a\u2066b\u2067c\u2068d\u2069', 'a⟨LRI⟩b⟨RLI⟩c⟨FSI⟩d⟨PDI⟩'],
    ['x\u200Ey\u200Fz\u061C', 'x⟨LRM⟩y⟨RLM⟩z⟨ALM⟩'],
    ['\u202A\u202B', '⟨LRE⟩⟨RLE⟩'],
    ['plain <b>text</b> 🚗 café', 'plain <b>text</b> 🚗 café'],
    ['עברית and العربية', 'עברית and العربية'],
    ['', ''],
  ])('%j is shown as %j', (text, shown) => {
    expect(revealBidiControls(text)).toBe(shown);
  });
});
