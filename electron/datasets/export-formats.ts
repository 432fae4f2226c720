// What each export format writes for one image: pure record building over the shared format code, so the
// preview shows exactly what the writer will put in the files.
import type { ExportFormat, ExportSettings } from '../../shared/api/datasets';
import { cocoAnnotation, cocoImage } from '../../shared/datasets/coco';
import {
  llavaRecords,
  vqaRows,
  type DrawnRegion,
  type InstructionImage,
  type QaPair,
} from '../../shared/datasets/instructions';
import { kittiObjectLine } from '../../shared/datasets/kitti';
import { stemOf } from '../../shared/datasets/names';
import type { DatasetObject } from '../../shared/datasets/records';
import { scalabelFrame } from '../../shared/datasets/scalabel';
import type { SplitName } from '../../shared/datasets/split';
import { shapeBox } from '../../shared/datasets/shapes';

export type FormatOptions = Pick<
  ExportSettings,
  'cocoSegmentation' | 'llavaTemplate' | 'llavaJsonl' | 'blip2Variant'
>;

/** One image as the export sees it: its name under the export root, its size and kept objects. */
export interface ExportEntry {
  split: SplitName;
  /** Sequential from 1 in export order (COCO image ids). */
  index: number;
  /** File name under the images folder (safe and unique). */
  name: string;
  width: number;
  height: number;
  objects: DatasetObject[];
  /** Frame fields kept from an import (BDD100K video name, frame index, weather). */
  attributes?: Record<string, unknown>;
  /** QA pairs from a generator, when one is configured. */
  qa?: QaPair[];
}

/** Where things go, relative to the export root. */
export const layout = {
  image: (format: ExportFormat, split: SplitName, name: string) =>
    format === 'kitti' ? `${split}/image_2/${name}` : `images/${name}`,
  coco: (split: SplitName) => `annotations/instances_${split}.json`,
  bdd100k: (split: SplitName) => `labels/det_${split}.json`,
  kitti: (split: SplitName, name: string) => `${split}/label_2/${stemOf(name)}.txt`,
  llava: (split: SplitName, jsonl: boolean) => `llava_${split}.${jsonl ? 'jsonl' : 'json'}`,
  blip2: (split: SplitName, ext: 'jsonl' | 'csv') => `blip2_${split}.${ext}`,
};

/** The records of one image, by output file; COCO's carry which list they join. */
export type OutputRecord =
  | { file: string; kind: 'coco-image' | 'coco-annotation' | 'json' | 'jsonl'; record: unknown }
  | { file: string; kind: 'csv'; record: { image: string; question: string; answer: string } }
  | { file: string; kind: 'text'; record: string };

export function recordsOf(
  format: ExportFormat,
  entry: ExportEntry,
  options: FormatOptions,
  categoryIds: ReadonlyMap<string, number>,
  nextAnnotationId: () => number,
): { records: OutputRecord[]; drawn: DrawnRegion[] } {
  const imagePath = layout.image(format, entry.split, entry.name);
  switch (format) {
    case 'coco': {
      const file = layout.coco(entry.split);
      return {
        records: [
          {
            file,
            kind: 'coco-image',
            record: cocoImage(entry.index, imagePath.slice('images/'.length), entry.width, entry.height),
          },
          ...entry.objects.map((o) => ({
            file,
            kind: 'coco-annotation' as const,
            record: cocoAnnotation(
              nextAnnotationId(),
              entry.index,
              categoryIds.get(o.category)!,
              o,
              options.cocoSegmentation,
            ),
          })),
        ],
        drawn: [],
      };
    }
    case 'bdd100k':
      return {
        records: [
          {
            file: layout.bdd100k(entry.split),
            kind: 'json',
            record: scalabelFrame({
              fileName: entry.name,
              objects: entry.objects,
              attributes: entry.attributes,
            }),
          },
        ],
        drawn: [],
      };
    case 'kitti':
      return {
        records: [
          {
            file: layout.kitti(entry.split, entry.name),
            kind: 'text',
            record: entry.objects.map((o) => `${kittiObjectLine(o)}\n`).join(''),
          },
        ],
        drawn: [],
      };
    case 'llava': {
      const { records, drawn } = llavaRecords(
        instructionImage(entry, imagePath),
        options.llavaTemplate,
        entry.qa,
      );
      const file = layout.llava(entry.split, options.llavaJsonl);
      const kind = options.llavaJsonl ? ('jsonl' as const) : ('json' as const);
      return { records: records.map((record) => ({ file, kind, record })), drawn };
    }
    case 'blip2': {
      const rows = vqaRows(instructionImage(entry, imagePath), options.blip2Variant, entry.qa);
      const caption = options.blip2Variant === 'caption';
      return {
        records: rows.flatMap((row) => [
          {
            file: layout.blip2(entry.split, 'jsonl'),
            kind: 'jsonl' as const,
            record: caption ? { image: row.image, caption: row.answer } : row,
          },
          { file: layout.blip2(entry.split, 'csv'), kind: 'csv' as const, record: row },
        ]),
        drawn: [],
      };
    }
  }
}

function instructionImage(entry: ExportEntry, imagePath: string): InstructionImage {
  return {
    id: stemOf(entry.name),
    image: imagePath,
    width: entry.width,
    height: entry.height,
    // Ignore regions are for detectors' losses; an instruction about "DontCare" would teach nonsense.
    objects: entry.objects
      .filter((o) => !o.ignore)
      .map((o) => ({ category: o.category, box: shapeBox(o.shape) })),
  };
}
