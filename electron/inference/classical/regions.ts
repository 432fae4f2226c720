// Small binary-mask operations the classical engine runs on its working-size masks (a few thousand pixels):
// connected components, hole filling and the measures that tell a good cut from a collapsed one.

/** 4-connected component labels (0 = background, 1..n) and each component's pixel count (index = label). */
export function labelComponents(mask: Uint8Array, width: number): { labels: Int32Array; sizes: number[] } {
  const labels = new Int32Array(mask.length);
  const sizes = [0];
  const stack: number[] = [];
  for (let start = 0; start < mask.length; start++) {
    if (!mask[start] || labels[start]) continue;
    const label = sizes.length;
    let size = 0;
    labels[start] = label;
    stack.push(start);
    while (stack.length) {
      const i = stack.pop()!;
      size++;
      const x = i % width;
      const visit = (n: number) => {
        if (mask[n] && !labels[n]) {
          labels[n] = label;
          stack.push(n);
        }
      };
      if (x > 0) visit(i - 1);
      if (x < width - 1) visit(i + 1);
      if (i >= width) visit(i - width);
      if (i + width < mask.length) visit(i + width);
    }
    sizes.push(size);
  }
  return { labels, sizes };
}

/**
 * Keeps the components holding a seed pixel, or the largest one when no seed lands on the mask; returns the
 * kept pixel count and the share of the foreground the kept part holds (low = a fragmented cut).
 */
export function keepComponents(
  mask: Uint8Array,
  width: number,
  seeds: readonly number[],
): { area: number; keptShare: number } {
  const { labels, sizes } = labelComponents(mask, width);
  const total = sizes.reduce((a, b) => a + b, 0);
  if (total === 0) return { area: 0, keptShare: 0 };
  const keep = new Set(seeds.map((i) => labels[i]!).filter((l) => l > 0));
  if (keep.size === 0) {
    let best = 1;
    for (let l = 2; l < sizes.length; l++) if (sizes[l]! > sizes[best]!) best = l;
    keep.add(best);
  }
  let area = 0;
  for (let i = 0; i < mask.length; i++) {
    if (mask[i] && !keep.has(labels[i]!)) mask[i] = 0;
    else if (mask[i]) area++;
  }
  return { area, keptShare: area / total };
}

/** Fills the holes of a mask: background regions that do not reach the border become foreground. */
export function fillHoles(mask: Uint8Array, width: number, height: number): void {
  const inverse = new Uint8Array(mask.length);
  for (let i = 0; i < mask.length; i++) inverse[i] = mask[i] ? 0 : 1;
  const { labels } = labelComponents(inverse, width);
  const outside = new Set<number>();
  for (let x = 0; x < width; x++) {
    outside.add(labels[x]!);
    outside.add(labels[(height - 1) * width + x]!);
  }
  for (let y = 0; y < height; y++) {
    outside.add(labels[y * width]!);
    outside.add(labels[y * width + width - 1]!);
  }
  for (let i = 0; i < mask.length; i++) if (!mask[i] && !outside.has(labels[i]!)) mask[i] = 1;
}

/**
 * Removes the foreground pixels nearer (walking inside the mask, 4-connected) to a background click than to
 * any foreground click: how a background click splits off a part GrabCut cannot, because it has the same
 * colours as the rest. Ties stay foreground.
 */
export function splitAway(
  mask: Uint8Array,
  width: number,
  keepSeeds: readonly number[],
  dropSeeds: readonly number[],
): void {
  // 1 = reached from a foreground click, 2 = from a background click; one breadth-first wave from all.
  const owner = new Uint8Array(mask.length);
  let frontier: number[] = [];
  const seed = (i: number, who: number) => {
    if (mask[i] && !owner[i]) {
      owner[i] = who;
      frontier.push(i);
    }
  };
  keepSeeds.forEach((i) => seed(i, 1));
  dropSeeds.forEach((i) => seed(i, 2));
  while (frontier.length) {
    const next: number[] = [];
    for (const i of frontier) {
      const x = i % width;
      for (const n of [x > 0 ? i - 1 : -1, x < width - 1 ? i + 1 : -1, i - width, i + width]) {
        if (n >= 0 && n < mask.length && mask[n] && !owner[n]) {
          owner[n] = owner[i]!;
          next.push(n);
        }
      }
    }
    frontier = next;
  }
  for (let i = 0; i < mask.length; i++) if (owner[i] === 2) mask[i] = 0;
}
