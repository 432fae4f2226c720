// BLIP-2 / VQA rows: per split, the same (image, question, answer) rows as JSON lines and as CSV (the caption
// variant writes {image, caption} lines). The question text is shared with LLaVA (../instructions). Export only.
import { instructionImageOf, vqaRows } from '../instructions';
import type { SplitName } from '../split';
import type { DatasetFormat, OutputRecord } from './format';

const layout = {
  image: (name: string) => `images/${name}`,
  rows: (split: SplitName, ext: 'jsonl' | 'csv') => `blip2_${split}.${ext}`,
};

export const blip2 = {
  id: 'blip2' as const,
  writer: {
    name: 'BLIP-2 / VQA (CSV + JSONL)',
    imagePath: (_split, name) => layout.image(name),
    imageFolders: ['images'],
    asksQuestions: (options) => options.blip2Variant === 'vqa',
    records(entry, options) {
      const image = instructionImageOf(entry, layout.image(entry.name));
      const caption = options.blip2Variant === 'caption';
      return {
        records: vqaRows(image, options.blip2Variant, entry.qa).flatMap((row): OutputRecord[] => [
          {
            file: layout.rows(entry.split, 'jsonl'),
            kind: 'jsonl',
            record: caption ? { image: row.image, caption: row.answer } : row,
          },
          {
            file: layout.rows(entry.split, 'csv'),
            kind: 'csv',
            record: { image: row.image, question: row.question, answer: row.answer },
          },
        ]),
        drawn: [],
      };
    },
  },
} satisfies DatasetFormat;
