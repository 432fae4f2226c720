import { describe, expect, it } from 'vitest';
import {
  asksQuestions,
  draftToSettings,
  EXPORT_FORMAT_NAMES,
  initialDraft,
  parseLabelMap,
  toggle,
} from '../../../renderer/src/datasets/dataset-form';
import { formatRoute, parseRoute, routeProject } from '../../../renderer/src/routing/routes';
import { exportSettingsSchema } from '../../../shared/api/datasets';

describe('export form', () => {
  it.each([
    [{ format: 'llava', llavaTemplate: 'qa' }, true],
    [{ format: 'llava', llavaTemplate: 'region' }, false],
    [{ format: 'blip2', blip2Variant: 'vqa' }, true],
    [{ format: 'blip2', blip2Variant: 'caption' }, false],
    [{ format: 'kitti' }, false],
  ] as const)('asks where questions come from for %j: %s', (patch, asks) => {
    expect(asksQuestions({ ...initialDraft(), ...patch })).toBe(asks);
  });

  it('names every export format', () => {
    expect(EXPORT_FORMAT_NAMES).toEqual({
      coco: 'COCO instances',
      bdd100k: 'BDD100K labels',
      kitti: 'KITTI object',
      'kitti-tracking': 'KITTI tracking',
      'bdd100k-track': 'BDD100K tracking (MOTS / box track)',
      'coco-video': 'COCO with track ids (video)',
      llava: 'LLaVA instructions',
      'llava-tracks': 'LLaVA track regions',
      blip2: 'BLIP-2 / VQA (CSV + JSONL)',
      sharegpt: 'ShareGPT (LLaMA-Factory)',
      'qwen-vl': 'Qwen-VL grounding',
      odvg: 'ODVG detection (Grounding DINO)',
      'odvg-grounding': 'ODVG grounding (Grounding DINO)',
    });
  });

  it('turns the initial draft into settings the API accepts, empty choices meaning all', () => {
    const settings = exportSettingsSchema.parse(draftToSettings(initialDraft()));
    expect(settings.filters).toEqual({ reviewStates: ['accepted', 'edited'], includeEmptyImages: false });
    expect(settings.split).toEqual({ ratios: { train: 0.8, val: 0.1, test: 0.1 }, seed: 0 });
  });

  it.each([
    [
      { minScore: '0.5', labelIds: [3], sources: ['model' as const] },
      { minScore: 0.5, labelIds: [3], sources: ['model'] },
    ],
    [{ minScore: '  ' }, { minScore: undefined, labelIds: undefined, sources: undefined }],
  ])('filters %j', (patch, expected) => {
    expect(draftToSettings({ ...initialDraft(), ...patch }).filters).toMatchObject(expected);
  });

  it('refuses what the API refuses', () => {
    const bad = draftToSettings({ ...initialDraft(), train: 'x', minScore: '2' });
    expect(exportSettingsSchema.safeParse(bad).success).toBe(false);
  });

  it('toggles choices', () => {
    expect(toggle([1, 2], 2)).toEqual([1]);
    expect(toggle([1], 2)).toEqual([1, 2]);
  });

  it('has a route of its own inside the project', () => {
    const route = { name: 'datasets' as const, path: '/p/Drive.vpstudio' };
    expect(formatRoute(route)).toBe('#/project/datasets?path=%2Fp%2FDrive.vpstudio');
    expect(parseRoute(formatRoute(route))).toEqual(route);
    expect(routeProject(route)).toBe('/p/Drive.vpstudio');
    expect(parseRoute('#/project/datasets')).toEqual({ name: 'home' });
  });
});

describe('import label map field', () => {
  it.each<[string, Record<string, string>]>([
    ['', {}],
    ['car=Car', { car: 'Car' }],
    [' car = Car , bus=Bus ', { car: 'Car', bus: 'Bus' }],
    ['car=, =Bus, truck', {}],
    ['a=b=c, Pedestrian=person', { Pedestrian: 'person' }],
  ])('%j maps %j', (text, map) => {
    expect(parseLabelMap(text)).toEqual(map);
  });
});
