// The rules of a label, one definition for the store that enforces them and the renderer that proposes new
// labels: the palette new labels take their colours from, how a colour and a hotkey are written, and when two
// names are the same label.
import type { Label } from './domain';

/**
 * Vivid, far from the greys, browns, sky blues and foliage of road scenes (Tableau 10's steel blue, brown and
 * grey each matched 13-21 % of the pixels of the shared driving frames within Delta E 25; each of these under
 * 2 %, test/unit/shared/labels.test.ts), and far from each other (Delta E 30 at least between any two).
 */
export const LABEL_PALETTE = [
  '#ff2d6f',
  '#00d5ff',
  '#ffd400',
  '#6bff3a',
  '#ff7b00',
  '#b45cff',
  '#00ffb3',
  '#ff47ee',
  '#3d6bff',
  '#ff1f1f',
] as const;

/** The keys that pick labels: 1 to 9. */
export const HOTKEYS: readonly number[] = [1, 2, 3, 4, 5, 6, 7, 8, 9];

const HEX_COLOR = /^#[0-9a-fA-F]{6}$/;

export const isHexColor = (color: string): boolean => HEX_COLOR.test(color);

export const isHotkey = (key: number): boolean => HOTKEYS.includes(key);

/** What is wrong with a label's fields, in a sentence for the user, or null; absent fields are not checked. */
export function labelFieldProblem({
  name,
  color,
  hotkey,
}: {
  name?: string;
  color?: string;
  hotkey?: number | null;
}): string | null {
  if (name !== undefined && name.trim() === '') return 'A label needs a name.';
  if (color !== undefined && !isHexColor(color))
    return `Label colours are written like #1f77b4; got "${color}".`;
  if (hotkey != null && !isHotkey(hotkey)) return `Label hotkeys are the keys 1 to 9; got ${hotkey}.`;
  return null;
}

/** Names are one label only as written (schema v6): KITTI's "Car" and BDD100K's "car" are two labels. */
export const sameLabelName = (a: string, b: string): boolean => a === b;

/** The first palette colour no label has yet; once all are taken, the palette again from the start. */
export function nextLabelColor(labels: readonly Pick<Label, 'color'>[]): string {
  const used = new Set(labels.map((l) => l.color.toLowerCase()));
  return LABEL_PALETTE.find((c) => !used.has(c)) ?? LABEL_PALETTE[labels.length % LABEL_PALETTE.length]!;
}

/** The lowest hotkey no label has, or null when all nine are taken. */
export function nextFreeHotkey(labels: readonly Pick<Label, 'hotkey'>[]): number | null {
  const used = new Set(labels.map((l) => l.hotkey));
  return HOTKEYS.find((k) => !used.has(k)) ?? null;
}
