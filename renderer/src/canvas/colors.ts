// Colours on the canvas: each annotation takes its label's colour; unlabelled ones a neutral grey.
import type { Label } from '../../../shared/domain';

export const UNLABELLED = '#a0a7b4';
export const POSITIVE = '#3fd37a';
export const NEGATIVE = '#ff5a5f';
export const SELECTION = '#ffffff';
export const PROMPT = '#ffd166';

export function labelColor(labels: readonly Label[], labelId: number | null): string {
  return (labelId !== null && labels.find((l) => l.id === labelId)?.color) || UNLABELLED;
}
