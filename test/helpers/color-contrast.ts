// How far apart two colours look (CIE76 Delta E in CIELAB, D65), and how much of a picture lies near a colour:
// the measure behind the label palette and the canvas's mask contrast checks.
import sharp from 'sharp';

export type Lab = [number, number, number];

export function labOf(r: number, g: number, b: number): Lab {
  const lin = (c: number) => ((c /= 255) <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  const [R, G, B] = [lin(r), lin(g), lin(b)];
  const f = (t: number) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116);
  const x = f((R * 0.4124 + G * 0.3576 + B * 0.1805) / 0.95047);
  const y = f(R * 0.2126 + G * 0.7152 + B * 0.0722);
  const z = f((R * 0.0193 + G * 0.1192 + B * 0.9505) / 1.08883);
  return [116 * y - 16, 500 * (x - y), 200 * (y - z)];
}

export const hexLab = (hex: string): Lab =>
  labOf(parseInt(hex.slice(1, 3), 16), parseInt(hex.slice(3, 5), 16), parseInt(hex.slice(5, 7), 16));

export const deltaE = (a: Lab, b: Lab) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

/** The pixels of an image file as CIELAB, downscaled to `width` (a sample is enough for colour statistics). */
export async function labPixels(path: string, width = 160): Promise<Lab[]> {
  const { data } = await sharp(path).resize(width).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const out: Lab[] = [];
  for (let i = 0; i < data.length; i += 3) out.push(labOf(data[i]!, data[i + 1]!, data[i + 2]!));
  return out;
}
