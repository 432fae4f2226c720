// The export form's draft (strings and booleans as the inputs hold them) and its conversion to the API's
// export settings; pure, so it is tested without a browser.
import type { ExportFormat, ImportFormat } from '../../../shared/api/datasets';
import type { AnnotationSource, ReviewState } from '../../../shared/domain';
import type { LlavaTemplate } from '../../../shared/datasets/instructions';

/** The splits an export writes, in the order the form and the counts table show them. */
export const SPLITS = ['train', 'val', 'test'] as const;

export const IMPORT_FORMAT_NAMES: Record<ImportFormat, string> = {
  coco: 'COCO instances JSON',
  bdd100k: 'BDD100K / Scalabel JSON',
  kitti: 'KITTI object (label_2 txt)',
  'kitti-tracking': 'KITTI tracking (label_02 txt)',
};

export const EXPORT_FORMAT_NAMES: Record<ExportFormat, string> = {
  llava: 'LLaVA instructions',
  blip2: 'BLIP-2 / VQA (CSV + JSONL)',
  coco: 'COCO instances',
  bdd100k: 'BDD100K labels',
  kitti: 'KITTI object',
};

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

/** Whether the draft's records hold questions (the counting ones, or Bedrock's). */
export const asksQuestions = (d: ExportDraft) =>
  (d.format === 'llava' && d.llavaTemplate === 'qa') || (d.format === 'blip2' && d.blip2Variant === 'vqa');

export const toggle = <T>(list: readonly T[], item: T): T[] =>
  list.includes(item) ? list.filter((x) => x !== item) : [...list, item];
