// Frame order of a sequence: from the frame numbers a dataset gives (BDD100K frameIndex, KITTI tracking's frame
// column), or from the file names of a folder of frames in natural order (frame2 before frame10). Pure, so
// the store, the import and the renderer's timeline agree on it.

/** Natural order of names: runs of digits compare as numbers ("f2.jpg" < "f10.jpg"), the rest as text. */
export function naturalCompare(a: string, b: string): number {
  const pa = a.match(/\d+|\D+/g) ?? [];
  const pb = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i]!;
    const y = pb[i]!;
    const bothDigits = /^\d/.test(x) && /^\d/.test(y);
    const c = bothDigits ? Number(x) - Number(y) || x.length - y.length : x < y ? -1 : x > y ? 1 : 0;
    if (c !== 0) return c;
  }
  return pa.length - pb.length;
}

/** The base name of a path, either separator. */
const baseName = (path: string) => path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);

/** Items in natural file-name order, numbered from 0: a folder of frames as a sequence. */
export function framesByFileName<T extends { path: string }>(
  items: readonly T[],
): { item: T; frame: number }[] {
  return [...items]
    .sort((a, b) => naturalCompare(baseName(a.path), baseName(b.path)) || naturalCompare(a.path, b.path))
    .map((item, frame) => ({ item, frame }));
}

/** Frame numbers between the first and the last that no frame has, as inclusive ranges ([3, 5] = 3, 4, 5). */
export function missingFrames(frames: readonly number[]): [number, number][] {
  const sorted = [...new Set(frames)].sort((a, b) => a - b);
  const gaps: [number, number][] = [];
  for (let i = 1; i < sorted.length; i++)
    if (sorted[i]! - sorted[i - 1]! > 1) gaps.push([sorted[i - 1]! + 1, sorted[i]! - 1]);
  return gaps;
}

/** "frames 3-5 and 9 are missing" for the gaps of missingFrames; '' when there are none. */
export function describeGaps(gaps: readonly [number, number][]): string {
  if (gaps.length === 0) return '';
  const parts = gaps.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`));
  const list = parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
  const one = gaps.length === 1 && gaps[0]![0] === gaps[0]![1];
  return `frame${one ? '' : 's'} ${list} ${one ? 'is' : 'are'} missing`;
}

/**
 * Frames whose size differs from the sequence's most common one: a sequence is one camera, so a frame of
 * another size is another video or a resized copy. Returns the expected size and the odd frames.
 */
export function oddSizedFrames<T extends { width: number; height: number }>(
  frames: readonly T[],
): { width: number; height: number; odd: T[] } | null {
  if (frames.length === 0) return null;
  const counts = new Map<string, number>();
  for (const f of frames)
    counts.set(`${f.width}x${f.height}`, (counts.get(`${f.width}x${f.height}`) ?? 0) + 1);
  const [common] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]!;
  const [width, height] = common.split('x').map(Number) as [number, number];
  return { width, height, odd: frames.filter((f) => f.width !== width || f.height !== height) };
}
