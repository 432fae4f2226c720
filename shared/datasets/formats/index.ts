// The one list of dataset formats: import, export, the API's format lists, the CLI and the screen all read it.
// A new format is a module beside this one (see ./format) and one line in DATASET_FORMATS; its position sets
// where it stands in the lists.
import { bdd100k } from './bdd100k';
import { bdd100kTrack } from './bdd100k-track';
import { blip2 } from './blip2';
import { coco } from './coco';
import { cocoVideo } from './coco-video';
import type { DatasetWriter, FormatValidator, LabelReader } from './format';
import { kitti } from './kitti';
import { kittiTracking } from './kitti-tracking';
import { llava } from './llava';
import { llavaTracks } from './llava-tracks';
import { odvg, odvgGrounding } from './odvg';
import { qwenVl } from './qwen-vl';
import { sharegpt } from './sharegpt';

export const DATASET_FORMATS = [
  coco,
  bdd100k,
  kitti,
  kittiTracking,
  bdd100kTrack,
  cocoVideo,
  llava,
  llavaTracks,
  blip2,
  sharegpt,
  qwenVl,
  odvg,
  odvgGrounding,
] as const;

type Registered = (typeof DATASET_FORMATS)[number];
export type ImportFormat = Extract<Registered, { reader: LabelReader }>['id'];
export type ExportFormat = Extract<Registered, { writer: DatasetWriter }>['id'];
export type ValidateFormat = Extract<Registered, { validator: FormatValidator }>['id'];

const readers = new Map<string, LabelReader>();
const writers = new Map<string, DatasetWriter>();
const validators = new Map<string, FormatValidator>();
for (const f of DATASET_FORMATS as readonly {
  id: string;
  reader?: LabelReader;
  writer?: DatasetWriter;
  validator?: FormatValidator;
}[]) {
  if (f.reader) readers.set(f.id, f.reader);
  if (f.writer) writers.set(f.id, f.writer);
  if (f.validator) validators.set(f.id, f.validator);
}

// Tuples, as zod's enums take them; every registered format reads or writes, so neither list is empty.
export const IMPORT_FORMATS = [...readers.keys()] as [ImportFormat, ...ImportFormat[]];
export const EXPORT_FORMATS = [...writers.keys()] as [ExportFormat, ...ExportFormat[]];
export const VALIDATE_FORMATS = [...validators.keys()] as [ValidateFormat, ...ValidateFormat[]];

export const formatReader = (id: ImportFormat): LabelReader => readers.get(id)!;
export const formatWriter = (id: ExportFormat): DatasetWriter => writers.get(id)!;
export const formatValidator = (id: ValidateFormat): FormatValidator => validators.get(id)!;
