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
  validator: { reads: readsBlip2, validate: validateBlip2 },
} satisfies DatasetFormat;

import type { IssueList } from '../issues';
import type { FormatFiles } from './format';
import { csvRows, jsonRecords, needText, objectRecords } from './validate/kit';

// Validation: CSV rows by line (a header naming the image or id, the question and the answer), JSON(L) records
// by index or line ({image, question, answer} or {image, caption}).

function readsBlip2(path: string): boolean {
  return /\.(csv|jsonl?)$/.test(path);
}

function validateBlip2(files: FormatFiles, issues: IssueList): void {
  for (const [file, text] of files) {
    if (file.endsWith('.csv')) {
      validateBlip2Csv(text, file, issues);
      continue;
    }
    for (const { value, where } of objectRecords(jsonRecords(text, file, issues), issues)) {
      needText(value, 'image', where, issues);
      if (value.caption !== undefined) needText(value, 'caption', where, issues);
      else {
        if (typeof value.question !== 'string')
          issues.error(`${where}: question`, '"question" must be a string.');
        needText(value, 'answer', where, issues);
      }
    }
  }
}

function validateBlip2Csv(text: string, file: string, issues: IssueList): void {
  const [header, ...rows] = csvRows(text, file, issues);
  if (!header) return issues.error(file, 'The CSV file is empty; it needs a header row.');
  const columns = header.fields.map((f) => f.trim().toLowerCase());
  const answer = columns.indexOf('answer') >= 0 ? columns.indexOf('answer') : columns.indexOf('caption');
  if (!columns.includes('image') && !columns.includes('id'))
    issues.error(`${file}: line ${header.line}`, 'The header needs an "image" or "id" column.');
  if (answer < 0)
    issues.error(`${file}: line ${header.line}`, 'The header needs an "answer" (or "caption") column.');
  for (const row of rows) {
    const where = `${file}: line ${row.line}`;
    if (row.fields.length !== columns.length)
      issues.error(where, `${row.fields.length} fields under a header of ${columns.length}.`);
    else if (answer >= 0 && row.fields[answer]!.trim() === '')
      issues.error(`${where}: ${columns[answer]}`, `The ${columns[answer]} is empty.`);
  }
}
