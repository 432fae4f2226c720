// LLaVA instruction data: a JSON list (or JSON lines) of conversations per split, with the images beside it.
// The templates' text is shared with BLIP-2 (../instructions). Export only.
import { DRAWN_FOLDER, instructionImageOf, llavaRecords } from '../instructions';
import type { SplitName } from '../split';
import { IN_IMAGES_FOLDER, type DatasetFormat } from './format';

const recordsFile = (split: SplitName, jsonl: boolean) => `llava_${split}.${jsonl ? 'jsonl' : 'json'}`;

export const llava = {
  id: 'llava' as const,
  writer: {
    name: 'LLaVA instructions',
    ...IN_IMAGES_FOLDER,
    imageFolders: [...IN_IMAGES_FOLDER.imageFolders, DRAWN_FOLDER],
    placesImage: (options) => options.llavaTemplate !== 'region-drawn',
    asksQuestions: (options) => options.llavaTemplate === 'qa',
    records(entry, options) {
      const image = instructionImageOf(entry, IN_IMAGES_FOLDER.imagePath(entry.split, entry.name));
      const { records, drawn } = llavaRecords(image, options.llavaTemplate, entry.qa);
      const file = recordsFile(entry.split, options.llavaJsonl);
      const kind = options.llavaJsonl ? ('jsonl' as const) : ('json' as const);
      return { records: records.map((record) => ({ file, kind, record })), drawn };
    },
  },
  validator: { reads: readsLlava, validate: validateLlava },
} satisfies DatasetFormat;

import type { IssueList } from '../issues';
import type { FormatFiles } from './format';
import { checkTurns, jsonRecords, needList, needText, objectRecords, occurrences } from './validate/kit';

// Validation: LLaVA's records, by index (or line): an image path, human/gpt turns, one <image> tag per image.

function readsLlava(path: string): boolean {
  return /\.jsonl?$/.test(path);
}

function validateLlava(files: FormatFiles, issues: IssueList): void {
  for (const [file, text] of files)
    for (const { value, where } of objectRecords(jsonRecords(text, file, issues), issues)) {
      const hasImage = value.image !== undefined;
      if (hasImage) needText(value, 'image', where, issues);
      const turns = needList(value, 'conversations', where, issues);
      if (!turns) continue;
      const checked = checkTurns(turns, `${where}: conversations`, issues, {
        role: 'from',
        content: 'value',
        ask: 'human',
        answer: 'gpt',
      });
      const tags = checked.reduce(
        (n, t) => n + (typeof t.value === 'string' ? occurrences(t.value, '<image>') : 0),
        0,
      );
      if (tags !== (hasImage ? 1 : 0))
        issues.error(
          `${where}: conversations`,
          `${tags} <image> tags for ${hasImage ? 'one image' : 'no image'}; LLaVA needs ${hasImage ? 'exactly one' : 'none'}.`,
        );
    }
}
