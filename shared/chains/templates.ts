// Deterministic answers from labelled regions, for when no language model can run: the studio's offline path
// and the Bedrock emulator both use them, and both say so. Captions and counting questions are the dataset
// export's own (shared/datasets/instructions), so offline answers read like the exported data.
import { captionOf, countCategories, countingQa, plural, type QaPair } from '../datasets/instructions';
import { classIndex } from '../coco-classes';
import type { Region } from './regions';

const objects = (regions: readonly Pick<Region, 'label' | 'box'>[]) =>
  regions.map((r) => ({ category: r.label, box: r.box }));

export function templateCaption(regions: readonly Pick<Region, 'label' | 'box'>[]): string {
  return captionOf(objects(regions));
}

/** Counting questions per label, then where the largest object of each label is. */
export function templateQa(regions: readonly Pick<Region, 'label' | 'box'>[], width: number): QaPair[] {
  const pairs = countingQa(objects(regions));
  for (const [label] of countCategories(objects(regions))) {
    const largest = regions
      .filter((r) => r.label === label)
      .reduce((a, b) =>
        (b.box[2] - b.box[0]) * (b.box[3] - b.box[1]) > (a.box[2] - a.box[0]) * (a.box[3] - a.box[1]) ? b : a,
      );
    const centre = (largest.box[0] + largest.box[2]) / 2;
    const side =
      centre < width / 3 ? 'on the left' : centre > (2 * width) / 3 ? 'on the right' : 'in the middle';
    pairs.push({ question: `Where is the largest ${label}?`, answer: `It is ${side} of the image.` });
  }
  return pairs;
}

/**
 * An answer to a question from the regions alone: 'how many X' is counted, 'is there a X' checked, anything
 * else gets the caption.
 */
export function templateAnswer(question: string, regions: readonly Pick<Region, 'label' | 'box'>[]): string {
  const q = question.toLowerCase();
  const labels = [...new Set(regions.map((r) => r.label))];
  const count = (name: string) => {
    const canonical = labels[classIndex(labels, name)];
    return canonical ? regions.filter((r) => r.label === canonical).length : 0;
  };
  const howMany = /how many ([a-z ]+?)(?: are| is| can| do|\?|$)/.exec(q);
  if (howMany) {
    const name = howMany[1]!.trim();
    const n = count(name);
    return `${n} ${plural(name.replace(/s$/, ''), n)}.`;
  }
  const isThere = /(?:is|are) there (?:a |an |any )?([a-z ]+?)(?:\?|$| in| on)/.exec(q);
  if (isThere) {
    const name = isThere[1]!.trim();
    const n = count(name);
    return n > 0 ? `Yes: ${n} ${plural(name.replace(/s$/, ''), n)}.` : `No ${name} found.`;
  }
  return templateCaption(regions);
}
