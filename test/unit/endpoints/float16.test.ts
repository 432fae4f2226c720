import { describe, expect, it } from 'vitest';
import {
  float16ToFloat32,
  float32ToFloat16,
  fromHalfBits,
  toHalfBits,
} from '../../../shared/endpoints/float16';

describe('float16', () => {
  // Bits as numpy 2.4 gives them: np.array([v], np.float32).astype(np.float16).view(np.uint16).
  it.each<[number, number]>([
    [0, 0x0000],
    [-0, 0x8000],
    [1, 0x3c00],
    [-2, 0xc000],
    [0.1, 0x2e66],
    [1 / 3, 0x3555],
    [65504, 0x7bff],
    [65519, 0x7bff],
    [65520, 0x7c00], // rounds up past the largest half: infinity
    [1e9, 0x7c00],
    [2 ** -14, 0x0400], // smallest normal
    [2 ** -24, 0x0001], // smallest subnormal
    [2 ** -25, 0x0000], // tie between 0 and 2^-24: to even
    [1.5 * 2 ** -25, 0x0001],
    [2 ** -26, 0x0000],
    [1 + 2 ** -11, 0x3c00], // tie: to even
    [1 + 3 * 2 ** -11, 0x3c02], // tie: to even, upwards
    [Infinity, 0x7c00],
    [-Infinity, 0xfc00],
    [3.14159, 0x4248],
    [-1234.5678, 0xe4d3],
    [Number.NaN, 0x7e00],
  ])('%d -> 0x%s', (value, bits) => {
    expect(toHalfBits(value).toString(16)).toBe(bits.toString(16));
  });

  it('every half survives half -> float -> half (NaNs stay NaN)', () => {
    const all = new Uint16Array(65536).map((_, i) => i);
    const floats = float16ToFloat32(all);
    const back = float32ToFloat16(floats);
    for (let h = 0; h < 65536; h++) {
      if (Number.isNaN(floats[h])) expect(Number.isNaN(fromHalfBits(back[h]!))).toBe(true);
      else if (back[h] !== h)
        throw new Error(`half 0x${h.toString(16)} came back as 0x${back[h]!.toString(16)}`);
    }
  });

  it('keeps embedding-like values within half precision (relative error <= 2^-11)', () => {
    const values = Float32Array.from({ length: 4096 }, (_, i) => Math.sin(i * 0.37) * (1 + (i % 7)));
    const back = float16ToFloat32(float32ToFloat16(values));
    for (let i = 0; i < values.length; i++) {
      expect(Math.abs(back[i]! - values[i]!)).toBeLessThanOrEqual(Math.abs(values[i]!) * 2 ** -11 + 2 ** -25);
    }
  });

  it('refuses an output buffer of another length', () => {
    expect(() => float16ToFloat32(new Uint16Array(4), new Float32Array(3))).toThrow(/length/);
  });
});
