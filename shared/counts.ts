// Counts in the studio's sentences, one definition for every screen, toast and report: numbers grouped the
// English way, and the noun that goes with them.

const numberFormat = new Intl.NumberFormat('en-US');

/** "2,345". */
export function formatCount(n: number): string {
  return numberFormat.format(n);
}

/** "1 image", "2,345 images"; `many` for a noun whose plural is not the noun plus s. */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${formatCount(n)} ${n === 1 ? word : many}`;
}
