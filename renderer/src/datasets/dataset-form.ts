// The export form's draft (strings and booleans as the inputs hold them) and its conversion to the API's
// export settings; pure, so it is tested without a browser.
import type { AnnotationSource, ReviewState } from '../../../shared/domain';
import {
  EXPORT_FORMATS,
  formatReader,
  formatWriter,
  IMPORT_FORMATS,
  type ExportFormat,
  type ImportFormat,
} from '../../../shared/datasets/formats';
import type { LlavaTemplate } from '../../../shared/datasets/instructions';

/** The splits an export writes, in the order the form and the counts table show them. */
export const SPLITS = ['train', 'val', 'test'] as const;

/** The formats' names, as the registry gives them. */
export const IMPORT_FORMAT_NAMES = Object.fromEntries(
  IMPORT_FORMATS.map((f) => [f, formatReader(f).name]),
) as Record<ImportFormat, string>;
export const EXPORT_FORMAT_NAMES = Object.fromEntries(
  EXPORT_FORMATS.map((f) => [f, formatWriter(f).name]),
) as Record<ExportFormat, string>;

export const TEMPLATE_NAMES: Record<LlavaTemplate, string> = {
  caption: 'Caption',
  qa: 'Per-image QA',
  region: 'Regions as [x1, y1, x2, y2]',
  'region-drawn': 'Regions drawn on the image',
};

export interface ExportDraft {
  format: ExportFormat;
  target: string;
  overwrite: boolean;
  reviewStates: ReviewState[];
  sources: AnnotationSource[];
  labelIds: number[];
  minScore: string;
  includeEmptyImages: boolean;
  train: string;
  val: string;
  test: string;
  seed: string;
  images: 'copy' | 'hardlink' | 'symlink';
  cocoSegmentation: 'rle' | 'polygon';
  llavaTemplate: LlavaTemplate;
  llavaJsonl: boolean;
  blip2Variant: 'vqa' | 'caption';
  questions: 'counts' | 'bedrock';
}

export const initialDraft = (): ExportDraft => ({
  format: 'llava',
  target: '',
  overwrite: false,
  reviewStates: ['accepted', 'edited'],
  sources: [],
  labelIds: [],
  minScore: '',
  includeEmptyImages: false,
  train: '0.8',
  val: '0.1',
  test: '0.1',
  seed: '0',
  images: 'copy',
  cocoSegmentation: 'rle',
  llavaTemplate: 'caption',
  llavaJsonl: false,
  blip2Variant: 'vqa',
  questions: 'counts',
});

/** The settings the API takes (it validates them again); empty choices mean "all". */
export function draftToSettings(d: ExportDraft) {
  return {
    format: d.format,
    filters: {
      reviewStates: d.reviewStates,
      labelIds: d.labelIds.length ? d.labelIds : undefined,
      sources: d.sources.length ? d.sources : undefined,
      minScore: d.minScore.trim() === '' ? undefined : Number(d.minScore),
      includeEmptyImages: d.includeEmptyImages,
    },
    split: {
      ratios: { train: Number(d.train), val: Number(d.val), test: Number(d.test) },
      seed: Number(d.seed),
    },
    cocoSegmentation: d.cocoSegmentation,
    llavaTemplate: d.llavaTemplate,
    llavaJsonl: d.llavaJsonl,
    blip2Variant: d.blip2Variant,
    questions: d.questions,
  };
}

/** Whether the draft's records hold questions (the counting ones, or Bedrock's), as its format says. */
export const asksQuestions = (d: ExportDraft) => formatWriter(d.format).asksQuestions?.(d) ?? false;

export const toggle = <T>(list: readonly T[], item: T): T[] =>
  list.includes(item) ? list.filter((x) => x !== item) : [...list, item];

/** "car=Car, bus=Bus" as { car: 'Car', bus: 'Bus' }; pairs without both names are ignored. */
export function parseLabelMap(text: string): Record<string, string> {
  const pairs = text.split(',').map((p) => p.split('=').map((s) => s.trim()));
  return Object.fromEntries(pairs.filter((p) => p.length === 2 && p[0] && p[1]) as [string, string][]);
}
