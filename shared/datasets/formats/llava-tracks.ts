// LLaVA region turns that name tracks: per frame of a sequence, one conversation asking which track the object
// in each region is ("Which tracked object is in the region [0.338, 0.451, 0.541, 0.815] of frame 165 of video
// 00091078-875c1f73?" -> "Track 609, a car."), so the same id answers across the video's frames. Objects in no
// track and ignore regions are left out; a frame without tracked objects writes no record.
import { normalisedBox, turns } from '../instructions';
import { shapeBox } from '../shapes';
import { stemOf } from '../names';
import type { SplitName } from '../split';
import { llava } from './llava';
import { IN_IMAGES_FOLDER, type DatasetFormat } from './format';
import { sequenceFrame } from './kitti-tracking';

const recordsFile = (split: SplitName, jsonl: boolean) => `llava_tracks_${split}.${jsonl ? 'jsonl' : 'json'}`;

export const llavaTracks = {
  id: 'llava-tracks' as const,
  writer: {
    name: 'LLaVA track regions',
    ...IN_IMAGES_FOLDER,
    records(entry, options) {
      const { sequence, frame } = sequenceFrame(entry);
      const video = typeof entry.attributes?.videoName === 'string' ? entry.attributes.videoName : sequence;
      const pairs = entry.objects
        .filter((o) => o.track !== undefined && !o.ignore)
        .map((o) => ({
          question: `Which tracked object is in the region ${normalisedBox(shapeBox(o.shape), entry.width, entry.height)} of frame ${frame} of video ${video}?`,
          answer: `Track ${o.track}, a ${o.category}.`,
        }));
      if (pairs.length === 0) return { records: [], drawn: [] };
      const record = {
        id: `${video}-${frame}-${stemOf(entry.name)}`,
        image: IN_IMAGES_FOLDER.imagePath(entry.split, entry.name),
        conversations: turns(pairs),
      };
      const file = recordsFile(entry.split, options.llavaJsonl);
      return { records: [{ file, kind: options.llavaJsonl ? 'jsonl' : 'json', record }], drawn: [] };
    },
  },
  // Its files are llava's, so llava's checks are its own.
  validator: llava.validator,
} satisfies DatasetFormat;
