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
} satisfies DatasetFormat;
