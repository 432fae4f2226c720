// What a dataset format is to the studio: a reader (label text -> format-neutral records) for import, a writer
// (one image's objects -> the records of its output files, and where its image goes) for export, or both.
// Each format is one module beside this one, registered in ./index; the file system work (reading label files,
// streaming output files, placing images) stays in electron/datasets and is the same for every format.
import type { ClassNames } from '../class-names';
import type { DrawnRegion, LlavaTemplate, QaPair } from '../instructions';
import type { IssueList } from '../issues';
import type { DatasetImage, DatasetObject } from '../records';
import type { SourceRecord } from '../source-record';
import type { SplitName } from '../split';
import type { CocoSegmentationMode } from './coco';

export interface LabelReader {
  /** How the studio names the format in its import list. */
  name: string;
  /** What the user points at: one label file, or a folder of .txt label files (or one of them). */
  input: 'file' | 'txt-folder';
  /** The images one label file describes; `fileName` is its base name (for issues, and image names). */
  read(text: string, fileName: string, issues: IssueList): DatasetImage[];
}

/** The export settings that shape records (the API's export settings hold them). */
export interface FormatOptions {
  cocoSegmentation: CocoSegmentationMode;
  llavaTemplate: LlavaTemplate;
  llavaJsonl: boolean;
  blip2Variant: 'vqa' | 'caption';
}

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
  /** The image record's keys an import kept, for its own format's writer (a COCO image's, a Scalabel frame's). */
  source?: SourceRecord;
  /** QA pairs from a generator, when one is configured. */
  qa?: QaPair[];
}

/**
 * One record of one output file (path relative to the export root), by how the file is written: a COCO file's
 * image or annotation list or its videos (each video once, by id, however many frames name it), an item of a JSON list, a JSON line, a CSV row (its keys are the header, in order)
 * or a whole text file.
 */
export type OutputRecord =
  | {
      file: string;
      kind: 'coco-image' | 'coco-annotation' | 'coco-video' | 'json' | 'jsonl';
      record: unknown;
    }
  | { file: string; kind: 'csv'; record: Record<string, string> }
  | { file: string; kind: 'text'; record: string }
  /** Lines appended to a text file that several images share (a KITTI tracking sequence). */
  | { file: string; kind: 'lines'; record: string };

export interface FormatRecords {
  records: OutputRecord[];
  /** Copies of the image with a region drawn on it, for the writer to draw. */
  drawn: DrawnRegion[];
}

/** What the whole export shares while records are built: category ids, and annotation ids handed out in turn. */
export interface RecordContext {
  categoryIds: ReadonlyMap<string, number>;
  nextAnnotationId: () => number;
}

/** What a format may put at the head of its files (COCO's info and categories). */
export interface ExportInfo {
  description: string;
  version: string;
  createdAt: string;
  /** The labels exported, in category id order (from 1). */
  categories: string[];
}

export interface DatasetWriter {
  /** How the studio names the format in its export list. */
  name: string;
  /** Where an image goes, relative to the export root (`entry` for layouts by kept fields, as tracking's). */
  imagePath(split: SplitName, name: string, entry?: ExportEntry): string;
  /**
   * Every folder images (and drawn copies) go to, with its subfolders: what a replaced export may hold besides
   * its listed files.
   */
  imageFolders: readonly string[];
  /** How the format spells labels (its own class list), when it has a convention; the export reports changes. */
  classNames?: ClassNames;
  /** Whether the image itself is placed (yes unless said; LLaVA's region-drawn places only its drawn copies). */
  placesImage?(options: FormatOptions): boolean;
  /** Whether the records hold question/answer pairs, which a QA generator may write instead of the counts. */
  asksQuestions?(options: FormatOptions): boolean;
  records(entry: ExportEntry, options: FormatOptions, context: RecordContext): FormatRecords;
  /** The head of the format's sectioned files (kinds coco-image / coco-annotation / coco-video). */
  header?(info: ExportInfo): Record<string, unknown>;
  /**
   * Whole files written once every image's records are out (a label map, a trainer's dataset registry), from
   * the export's categories and the files written so far.
   */
  finish?(info: ExportInfo, files: readonly string[]): { file: string; kind: 'text'; record: string }[];
}

/** The layout most formats share: every image in images/ under the export root, whatever its split. */
export const IN_IMAGES_FOLDER = {
  imagePath: (_split: SplitName, name: string) => `images/${name}`,
  imageFolders: ['images'],
} satisfies Pick<DatasetWriter, 'imagePath' | 'imageFolders'>;

export interface DatasetFormat {
  /** The id the API, the CLI and the export manifest use. */
  id: string;
  reader?: LabelReader;
  writer?: DatasetWriter;
  validator?: FormatValidator;
}

/** Files to validate by path (relative to the folder validated, or a foreign file's own name), as text. */
export type FormatFiles = ReadonlyMap<string, string>;

/** Checks files against a format, each problem with where it is (file, record index or line, field). */
export interface FormatValidator {
  /** Which files of a folder it reads, by path under the folder ('/' separated). */
  reads(path: string): boolean;
  validate(files: FormatFiles, issues: IssueList): void;
}
