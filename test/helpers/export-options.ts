import { DEFAULT_FILTERS, type DatasetExportOptions } from '../../electron/datasets/export-dataset';

/**
 * Dataset export options for tests: LLaVA captions, every image in train (seed 1), images copied, no overwrite,
 * and a fixed studio version and clock so manifests are reproducible; `extra` overrides any of them.
 */
export function exportOptions(
  target: string,
  extra: Partial<DatasetExportOptions> = {},
): DatasetExportOptions {
  return {
    format: 'llava',
    target,
    overwrite: false,
    filters: DEFAULT_FILTERS,
    split: { ratios: { train: 1, val: 0, test: 0 }, seed: 1 },
    images: 'copy',
    cocoSegmentation: 'rle',
    llavaTemplate: 'caption',
    llavaJsonl: false,
    blip2Variant: 'vqa',
    studioVersion: '0.0.0-test',
    now: () => new Date('2026-01-02T03:04:05Z'),
    ...extra,
  };
}
