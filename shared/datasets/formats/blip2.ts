// BLIP-2 / VQA rows: per split, the same (image, question, answer) rows as JSON lines and as CSV (the caption
// variant writes {image, caption} lines). The question text is shared with LLaVA (../instructions). Export only.
import { instructionImageOf, vqaRows } from '../instructions';
import type { SplitName } from '../split';
import { IN_IMAGES_FOLDER, type DatasetFormat, type OutputRecord } from './format';

const rowsFile = (split: SplitName, ext: 'jsonl' | 'csv') => `blip2_${split}.${ext}`;

export const blip2 = {
  id: 'blip2' as const,
  writer: {
    name: 'BLIP-2 / VQA (CSV + JSONL)',
    ...IN_IMAGES_FOLDER,
    asksQuestions: (options) => options.blip2Variant === 'vqa',
    records(entry, options) {
      const image = instructionImageOf(entry, IN_IMAGES_FOLDER.imagePath(entry.split, entry.name));
      const caption = options.blip2Variant === 'caption';
      return {
        records: vqaRows(image, options.blip2Variant, entry.qa).flatMap((row): OutputRecord[] => [
          {
            file: rowsFile(entry.split, 'jsonl'),
            kind: 'jsonl',
            record: caption ? { image: row.image, caption: row.answer } : row,
          },
          {
            file: rowsFile(entry.split, 'csv'),
            kind: 'csv',
            record: { image: row.image, question: row.question, answer: row.answer },
          },
        ]),
        drawn: [],
      };
    },
  },
} satisfies DatasetFormat;
