// Instruction data for vision-language fine-tuning, built from an image's labelled objects: LLaVA conversations
// and BLIP-2 / VQA (image, question, answer) rows. Everything here is deterministic text from the labels; a
// QA generator (Bedrock, when configured) can supply richer pairs through the same QaPair shape.
import type { Box } from '../domain';
import { stemOf } from './names';
import type { DatasetObject } from './records';
import { shapeBox } from './shapes';

export const LLAVA_TEMPLATES = ['caption', 'qa', 'region', 'region-drawn'] as const;
export type LlavaTemplate = (typeof LLAVA_TEMPLATES)[number];

export interface InstructionObject {
  category: string;
  box: Box;
}

export interface InstructionImage {
  /** Stable id of the image in the export (its file stem, made unique). */
  id: string;
  /** Path of the image relative to the export root, as the trainer opens it. */
  image: string;
  width: number;
  height: number;
  objects: InstructionObject[];
}

export interface QaPair {
  question: string;
  answer: string;
}

/** Question/answer pairs for an image from elsewhere (Bedrock, when configured); the counting QA otherwise. */
export type QaGenerator = (image: {
  path: string;
  width: number;
  height: number;
  objects: readonly DatasetObject[];
}) => Promise<QaPair[]>;

export interface LlavaTurn {
  from: 'human' | 'gpt';
  value: string;
}

export interface LlavaRecord {
  id: string;
  image: string;
  conversations: LlavaTurn[];
}

/** A copy of an image with one region drawn on it, for the region-drawn template. */
export interface DrawnRegion {
  /** Where the copy goes, relative to the export root. */
  image: string;
  box: Box;
}

/**
 * An exported image as instruction data sees it: `image` is its path under the export root. Ignore regions are
 * left out: they are for detectors' losses, and an instruction about "DontCare" would teach nonsense.
 */
export function instructionImageOf(
  entry: { name: string; width: number; height: number; objects: readonly DatasetObject[] },
  image: string,
): InstructionImage {
  return {
    id: stemOf(entry.name),
    image,
    width: entry.width,
    height: entry.height,
    objects: entry.objects
      .filter((o) => !o.ignore)
      .map((o) => ({ category: o.category, box: shapeBox(o.shape) })),
  };
}

export const CAPTION_QUESTION = 'Describe the image briefly.';
export const DRAWN_REGION_QUESTION = 'What is the object inside the red box?';

export function plural(noun: string, n: number): string {
  if (n === 1) return noun;
  if (/person$/i.test(noun)) return noun.replace(/person$/i, (m) => (m[0] === 'P' ? 'People' : 'people'));
  if (/[^aeiou]y$/i.test(noun)) return `${noun.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/i.test(noun)) return `${noun}es`;
  return `${noun}s`;
}

/** Objects counted per category, most frequent first, ties by name: the order every text uses. */
export function countCategories(objects: readonly InstructionObject[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const o of objects) counts.set(o.category, (counts.get(o.category) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

function listing(parts: string[]): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/** "The image shows 2 cars, 1 person and 1 traffic light." */
export function captionOf(objects: readonly InstructionObject[]): string {
  const counts = countCategories(objects);
  if (counts.length === 0) return 'The image shows no labelled objects.';
  return `The image shows ${listing(counts.map(([c, n]) => `${n} ${plural(c, n)}`))}.`;
}

/** Per category present: how many there are. */
export function countingQa(objects: readonly InstructionObject[]): QaPair[] {
  return countCategories(objects).map(([c, n]) => ({
    question: `How many ${plural(c, 2)} are in the image?`,
    answer: String(n),
  }));
}

/** [x1, y1, x2, y2] divided by the image size, 3 decimals, as LLaVA's grounding data writes regions. */
export function normalisedBox([x1, y1, x2, y2]: Box, width: number, height: number): string {
  const r = (v: number, d: number) => Math.min(1, Math.max(0, v / d)).toFixed(3);
  return `[${r(x1, width)}, ${r(y1, height)}, ${r(x2, width)}, ${r(y2, height)}]`;
}

/** Question/answer pairs as LLaVA turns, the image tag in the first question. */
export const turns = (pairs: readonly QaPair[]): LlavaTurn[] =>
  pairs.flatMap((p, i) => [
    { from: 'human' as const, value: i === 0 ? `<image>\n${p.question}` : p.question },
    { from: 'gpt' as const, value: p.answer },
  ]);

/**
 * The LLaVA records of one image. caption: one turn. qa: the given pairs (counting QA when none), one multi-turn
 * conversation. region: one turn per object naming its normalised box. region-drawn: one record per object on
 * a copy of the image with the box drawn (the copies are returned for the writer to draw).
 */
export function llavaRecords(
  image: InstructionImage,
  template: LlavaTemplate,
  qa?: readonly QaPair[],
): { records: LlavaRecord[]; drawn: DrawnRegion[] } {
  const { id, objects } = image;
  switch (template) {
    case 'caption':
      return {
        records: [
          {
            id,
            image: image.image,
            conversations: turns([{ question: CAPTION_QUESTION, answer: captionOf(objects) }]),
          },
        ],
        drawn: [],
      };
    case 'qa': {
      const pairs = qa ?? countingQa(objects);
      return {
        records: pairs.length ? [{ id, image: image.image, conversations: turns(pairs) }] : [],
        drawn: [],
      };
    }
    case 'region': {
      const pairs = objects.map((o) => ({
        question: `What is the object in the region ${normalisedBox(o.box, image.width, image.height)}?`,
        answer: o.category,
      }));
      return {
        records: pairs.length ? [{ id, image: image.image, conversations: turns(pairs) }] : [],
        drawn: [],
      };
    }
    case 'region-drawn': {
      const drawn = objects.map((o, k) => ({ image: drawnName(image.image, k), box: o.box }));
      const records = objects.map((o, k) => ({
        id: `${id}-${k}`,
        image: drawn[k]!.image,
        conversations: turns([{ question: DRAWN_REGION_QUESTION, answer: o.category }]),
      }));
      return { records, drawn };
    }
  }
}

/** Where the region-drawn template's copies go. */
export const DRAWN_FOLDER = 'regions';

/** images/a.jpg -> regions/a-3.jpg */
function drawnName(image: string, k: number): string {
  const base = image.slice(image.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [base.slice(0, dot), base.slice(dot)] : [base, ''];
  return `${DRAWN_FOLDER}/${stem}-${k}${ext}`;
}

// BLIP-2 / VQA

export interface VqaRow {
  image: string;
  question: string;
  answer: string;
}

/** Caption-only rows have an empty question; the writer leaves the column out for that variant. */
export function vqaRows(
  image: InstructionImage,
  variant: 'vqa' | 'caption',
  qa?: readonly QaPair[],
): VqaRow[] {
  if (variant === 'caption') return [{ image: image.image, question: '', answer: captionOf(image.objects) }];
  return (qa ?? countingQa(image.objects)).map((p) => ({ image: image.image, ...p }));
}

/** RFC 4180: quoted when it holds a comma, quote or line break; quotes doubled. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export const csvLine = (fields: readonly string[]) => `${fields.map(csvField).join(',')}\r\n`;
