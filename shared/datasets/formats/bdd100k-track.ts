// BDD100K tracking labels (MOTS and box tracking, the Scalabel frame lists of bdd100k's seg_track_20 and
// box_track_20): one JSON file per video under labels/<split>/, each a list of its frames with videoName and
// frameIndex, each label's id its track's key, stable across the video's frames; masks as RLE with their box2d,
// boxes as box2d. Images go to images/<split>/<video>/. Frames of no sequence are the video "unsequenced",
// numbered in export order. The BDD100K reader reads a video's file back (same ids, same frames).
import { BDD100K_CLASS_NAMES } from '../class-names';
import { SPLITS, type SplitName } from '../split';
import { bdd100k, scalabelFrame } from './bdd100k';
import type { DatasetFormat, ExportEntry } from './format';
import { sequenceFrame, UNSEQUENCED } from './kitti-tracking';

const layout = {
  images: (split: SplitName) => `images/${split}`,
  labels: (split: SplitName, video: string) => `labels/${split}/${video}.json`,
};

/** The video name as the frame names it (kept as written), and its frame number. */
function videoFrame(entry: ExportEntry): { video: string; folder: string; frame: number } {
  const { sequence, frame } = sequenceFrame(entry);
  const kept = entry.attributes?.videoName;
  return {
    video: sequence !== UNSEQUENCED && typeof kept === 'string' ? kept : sequence,
    folder: sequence,
    frame,
  };
}

export const bdd100kTrack = {
  id: 'bdd100k-track' as const,
  writer: {
    name: 'BDD100K tracking (MOTS / box track)',
    classNames: BDD100K_CLASS_NAMES,
    imagePath: (split, name, entry) =>
      `${layout.images(split)}/${entry ? videoFrame(entry).folder : UNSEQUENCED}/${name}`,
    imageFolders: SPLITS.map(layout.images),
    records(entry) {
      const { video, folder, frame } = videoFrame(entry);
      const record = scalabelFrame({
        fileName: entry.name,
        objects: entry.objects,
        attributes: { ...entry.attributes, videoName: video, frameIndex: frame },
        source: entry.source,
      });
      return { records: [{ file: layout.labels(entry.split, folder), kind: 'json', record }], drawn: [] };
    },
  },
  // Its files are bdd100k's, so bdd100k's checks are its own.
  validator: bdd100k.validator,
} satisfies DatasetFormat;
