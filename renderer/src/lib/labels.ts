import type { Label } from '../../../shared/domain';

/** Distinct colours that read well on dark and light backgrounds (Tableau 10, the COCO-tools favourite). */
export const LABEL_PALETTE = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
] as const;

export function nextLabelColor(labels: readonly Pick<Label, 'color'>[]): string {
  const used = new Set(labels.map((l) => l.color.toLowerCase()));
  return LABEL_PALETTE.find((c) => !used.has(c)) ?? LABEL_PALETTE[labels.length % LABEL_PALETTE.length]!;
}

export function nextFreeHotkey(labels: readonly Pick<Label, 'hotkey'>[]): number | null {
  const used = new Set(labels.map((l) => l.hotkey));
  for (let k = 1; k <= 9; k++) if (!used.has(k)) return k;
  return null;
}
