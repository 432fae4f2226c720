// IEEE 754 half precision <-> single precision, for image embeddings sent as float16 (half the bytes of float32:
// a 1x256x64x64 SAM embedding is 2 MiB instead of 4 MiB, 2.8 MB instead of 5.6 MB once base64-encoded).
// Rounds to nearest even like numpy's astype(float16); overflow becomes infinity, NaN stays NaN.

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** One float32 value as float16 bits. */
export function toHalfBits(value: number): number {
  f32[0] = value;
  const x = u32[0]!;
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0); // infinity, or a quiet NaN
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00; // too large: infinity
  if (e <= 0) {
    // Subnormal half (or zero): shift the mantissa with its implicit 1 into place, rounding to nearest even.
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    const half = 1 << (shift - 1);
    const rest = mant & ((1 << shift) - 1);
    let m = mant >>> shift;
    if (rest > half || (rest === half && m & 1)) m++;
    return sign | m;
  }
  const rest = mant & 0x1fff;
  let h = sign | (e << 10) | (mant >>> 13);
  // Rounding can carry into the exponent (and up to infinity), which is exactly what the bit layout gives.
  if (rest > 0x1000 || (rest === 0x1000 && h & 1)) h++;
  return h;
}

/** float16 bits as a number. */
export function fromHalfBits(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >>> 10) & 0x1f;
  const mant = h & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 0x1f) return mant ? Number.NaN : sign * Infinity;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}

export function float32ToFloat16(values: Float32Array): Uint16Array {
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = toHalfBits(values[i]!);
  return out;
}

/** Table-driven: 65,536 float32 values cover every half, so decoding a 1M-value embedding is one lookup each. */
let table: Float32Array | undefined;
export function float16ToFloat32(halves: Uint16Array, into = new Float32Array(halves.length)): Float32Array {
  if (into.length !== halves.length) throw new RangeError('float16ToFloat32: output length differs');
  if (!table) {
    table = new Float32Array(65536);
    for (let h = 0; h < 65536; h++) table[h] = fromHalfBits(h);
  }
  for (let i = 0; i < halves.length; i++) into[i] = table[halves[i]!]!;
  return into;
}
