// Deterministic train/val/test split by image, stratified by label: images are grouped by their rarest label
// (so rare classes reach every split), each group is shuffled by a seeded hash of the image key, and handed out
// so each split's share of the group stays as close to its ratio as whole images allow. The splits' sizes are
// set for the whole set first (every split with a ratio above 0 gets an image when there are enough), and no
// group hands a split more than its size: many small groups would otherwise all start with train.
export const SPLITS = ['train', 'val', 'test'] as const;
export type SplitName = (typeof SPLITS)[number];

export type SplitRatios = Record<SplitName, number>;

export interface SplitItem {
  /** Stable across runs and machines: the image's content hash or file name, not its row id. */
  key: string;
  labels: readonly string[];
}

/** FNV-1a then a murmur3 finaliser: cheap, well spread, the same on every platform. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export function checkRatios(ratios: SplitRatios): string | null {
  const values = SPLITS.map((s) => ratios[s]);
  if (values.some((v) => !Number.isFinite(v) || v < 0)) return 'Split ratios must be numbers of 0 or more.';
  if (values.reduce((a, b) => a + b, 0) <= 0) return 'At least one split needs a ratio above 0.';
  return null;
}

/**
 * How many of `n` images each split gets: the largest remainders of the ratios, then one moved from the largest
 * split to each requested split left empty, while there are images to move.
 */
export function splitSizes(n: number, ratios: SplitRatios): number[] {
  const total = SPLITS.reduce((a, s) => a + ratios[s], 0);
  const exact = SPLITS.map((s) => (n * ratios[s]) / total);
  const sizes = exact.map(Math.floor);
  const byRemainder = SPLITS.map((_, i) => i).sort(
    (a, b) => exact[b]! - sizes[b]! - (exact[a]! - sizes[a]!) || a - b,
  );
  for (let k = 0, left = n - sizes.reduce((a, b) => a + b, 0); k < left; k++) sizes[byRemainder[k]!]!++;
  SPLITS.forEach((s, i) => {
    if (ratios[s] <= 0 || sizes[i]! > 0) return;
    const largest = sizes.indexOf(Math.max(...sizes));
    if (sizes[largest]! > 1) [sizes[largest], sizes[i]] = [sizes[largest]! - 1, 1];
  });
  return sizes;
}

/** The splits asked for (ratio above 0) that got no image: there were fewer images than such splits. */
export function emptySplits(splits: readonly SplitName[], ratios: SplitRatios): SplitName[] {
  const used = new Set(splits);
  return SPLITS.filter((s) => ratios[s] > 0 && !used.has(s));
}

/** The split of each item, in input order. */
export function assignSplits(items: readonly SplitItem[], ratios: SplitRatios, seed: number): SplitName[] {
  const problem = checkRatios(ratios);
  if (problem) throw new RangeError(problem);
  const total = SPLITS.reduce((a, s) => a + ratios[s], 0);
  const share = SPLITS.map((s) => ratios[s] / total);
  const room = splitSizes(items.length, ratios);
  const frequency = new Map<string, number>();
  for (const item of items)
    for (const l of new Set(item.labels)) frequency.set(l, (frequency.get(l) ?? 0) + 1);
  const stratum = (item: SplitItem) =>
    [...new Set(item.labels)].sort(
      (a, b) => frequency.get(a)! - frequency.get(b)! || a.localeCompare(b),
    )[0] ?? '';

  const groups = new Map<string, { index: number; order: number }[]>();
  items.forEach((item, index) => {
    const key = stratum(item);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = []));
    group.push({ index, order: hash32(`${seed}:${item.key}`) });
  });
  const out: SplitName[] = new Array<SplitName>(items.length);
  // Largest groups last, so the splits' sizes bind where a group has images to spare.
  const ordered = [...groups].sort(([ka, a], [kb, b]) => a.length - b.length || ka.localeCompare(kb));
  for (const [, group] of ordered) {
    group.sort((a, b) => a.order - b.order || a.index - b.index);
    const given = [0, 0, 0];
    group.forEach(({ index }, k) => {
      // The split with room furthest below its target after k + 1 images; ties go to the earlier split.
      let best = -1;
      let bestGap = -Infinity;
      share.forEach((s, i) => {
        const gap = s * (k + 1) - given[i]!;
        if (s > 0 && room[i]! > 0 && gap > bestGap + 1e-9) [best, bestGap] = [i, gap];
      });
      given[best]!++;
      room[best]!--;
      out[index] = SPLITS[best]!;
    });
  }
  return out;
}
