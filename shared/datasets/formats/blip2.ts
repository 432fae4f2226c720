// BLIP-2 / VQA rows: per split, the same rows three ways: the Id | Question | Answer CSV table BLIP-2 LoRA
// recipes read (with the image's path as a last column), a JSON list of {image, question, answer} and JSON
// lines of the same. The caption variant writes Id | Caption | Image and {image, caption}. Each row's id is
// the image's (its unique file stem) and the row's number in it. The question text is shared with LLaVA
// (../instructions). Export only.
import { instructionImageOf, vqaRows } from '../instructions';
import type { SplitName } from '../split';
import { IN_IMAGES_FOLDER, type DatasetFormat, type OutputRecord } from './format';

const rowsFile = (split: SplitName, ext: 'json' | 'jsonl' | 'csv') => `blip2_${split}.${ext}`;

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
        records: vqaRows(image, options.blip2Variant, entry.qa).flatMap((row, k): OutputRecord[] => {
          const record = caption ? { image: row.image, caption: row.answer } : row;
          const id = `${image.id}-${k + 1}`;
          return [
            { file: rowsFile(entry.split, 'jsonl'), kind: 'jsonl', record },
            { file: rowsFile(entry.split, 'json'), kind: 'json', record },
            {
              file: rowsFile(entry.split, 'csv'),
              kind: 'csv',
              record: caption
                ? { Id: id, Caption: row.answer, Image: row.image }
                : { Id: id, Question: row.question, Answer: row.answer, Image: row.image },
            },
          ];
        }),
        drawn: [],
      };
    },
  },
} satisfies DatasetFormat;
