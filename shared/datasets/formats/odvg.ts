// ODVG, the JSON lines Open-GroundingDino trains Grounding DINO on, in its two kinds: detection (odvg: per image
// {filename, height, width, detection: {instances: [{bbox: [x1, y1, x2, y2], label, category}]}}, labels from 0,
// and label_map.json {"0": name, ...} from which it samples the caption) and grounding (odvg-grounding: per
// image {filename, height, width, grounding: {caption, regions: [{bbox, phrase}]}}, each phrase found in the
// caption). filename is relative to the images folder (the dataset's "root"). Ignore regions are left out: a
// DontCare box would teach the detector a class. Export only.
import { countCategories, instructionImageOf } from '../instructions';
import type { IssueList } from '../issues';
import { isIgnoreLabel } from '../records';
import type { SplitName } from '../split';
import { IN_IMAGES_FOLDER, type DatasetFormat, type ExportEntry, type FormatFiles } from './format';
import {
  checkCornerBox,
  isRecord,
  isText,
  jsonDocument,
  jsonLines,
  needList,
  needText,
  objectRecords,
} from './validate/kit';

export const LABEL_MAP_FILE = 'label_map.json';
const linesFile = (split: SplitName) => `odvg_${split}.jsonl`;

const imageOf = (entry: ExportEntry) => instructionImageOf(entry, entry.name);
const head = (entry: ExportEntry) => ({ filename: entry.name, height: entry.height, width: entry.width });

/** Label ids from 0 in category order (the export's category id minus one); ignore labels are not classes. */
export function labelMap(categories: readonly string[]): Record<string, string> {
  return Object.fromEntries(
    categories.flatMap((name, i) => (isIgnoreLabel(name) ? [] : [[String(i), name] as const])),
  );
}

/** The grounding caption of an image's labels, as Open-GroundingDino joins phrases: "car . person ." */
export const groundingCaption = (phrases: readonly string[]) => `${phrases.join(' . ')} .`;

// Validation

type Kind = 'detection' | 'grounding';

function readLabelMap(files: FormatFiles, issues: IssueList): Map<string, string> | null {
  const entry = [...files].find(([file]) => file.split('/').pop() === LABEL_MAP_FILE);
  if (!entry) return null;
  const [file, text] = entry;
  const doc = jsonDocument(text, file, issues);
  if (!isRecord(doc)) {
    if (doc !== undefined) issues.error(file, 'A label map is an object {"0": "name", ...}.');
    return new Map();
  }
  const map = new Map<string, string>();
  for (const [key, name] of Object.entries(doc)) {
    if (!/^\d+$/.test(key)) issues.error(`${file}: ${key}`, 'Label map keys are label ids (0, 1, ...).');
    else if (!isText(name))
      issues.error(`${file}: ${key}`, 'A label id maps to its name (a non-empty string).');
    else map.set(key, name);
  }
  return map;
}

function validateOdvg(kind: Kind, files: FormatFiles, issues: IssueList) {
  const labels = kind === 'detection' ? readLabelMap(files, issues) : null;
  for (const [file, text] of files) {
    if (!file.endsWith('.jsonl')) continue;
    for (const { value, where } of objectRecords(jsonLines(text, file, issues), issues)) {
      needText(value, 'filename', where, issues);
      const { width, height } = value;
      const sized = [width, height].every((v) => Number.isInteger(v) && (v as number) > 0);
      if (!sized) issues.error(`${where}: width/height`, '"width" and "height" must be positive integers.');
      const size = sized ? { width: width as number, height: height as number } : undefined;
      const other = kind === 'detection' ? 'grounding' : 'detection';
      const body = value[kind];
      if (!isRecord(body)) {
        issues.error(
          `${where}: ${kind}`,
          value[other] !== undefined
            ? `This is an ODVG ${other} record; validate it as ${other === 'detection' ? 'odvg' : 'odvg-grounding'}.`
            : `An ODVG ${kind} record needs a "${kind}" object.`,
        );
        continue;
      }
      if (kind === 'detection') checkInstances(body, `${where}: detection`, issues, labels, size);
      else checkRegions(body, `${where}: grounding`, issues, size);
    }
  }
}

function checkInstances(
  body: Record<string, unknown>,
  where: string,
  issues: IssueList,
  labels: Map<string, string> | null,
  size?: { width: number; height: number },
) {
  needList(body, 'instances', where, issues)?.forEach((instance, i) => {
    const at = `${where}.instances[${i}]`;
    if (!isRecord(instance)) return issues.error(at, 'An instance must be an object.');
    checkCornerBox(instance.bbox, `${at}.bbox`, issues, size);
    needText(instance, 'category', at, issues);
    const label = instance.label;
    if (!Number.isInteger(label) || (label as number) < 0)
      return issues.error(`${at}.label`, '"label" must be a label id (an integer from 0).');
    if (!labels) return;
    const name = labels.get(String(label));
    if (name === undefined) issues.error(`${at}.label`, `Label ${label} is not in ${LABEL_MAP_FILE}.`);
    else if (isText(instance.category) && name !== instance.category)
      issues.warning(
        `${at}.category`,
        `Label ${label} is "${name}" in ${LABEL_MAP_FILE}, not "${instance.category}".`,
      );
  });
}

function checkRegions(
  body: Record<string, unknown>,
  where: string,
  issues: IssueList,
  size?: { width: number; height: number },
) {
  const captioned = needText(body, 'caption', where, issues);
  const regions = needList(body, 'regions', where, issues);
  if (regions?.length === 0)
    issues.error(
      `${where}.regions`,
      'A grounding record needs at least one region (Open-GroundingDino fails on none).',
    );
  regions?.forEach((region, i) => {
    const at = `${where}.regions[${i}]`;
    if (!isRecord(region)) return issues.error(at, 'A region must be an object.');
    checkCornerBox(region.bbox, `${at}.bbox`, issues, size);
    if (
      needText(region, 'phrase', at, issues) &&
      captioned &&
      !(body.caption as string).includes(region.phrase as string)
    )
      issues.warning(`${at}.phrase`, `The phrase "${region.phrase}" is not in the caption.`);
  });
}

// The formats

export const odvg = {
  id: 'odvg' as const,
  writer: {
    name: 'ODVG detection (Grounding DINO)',
    ...IN_IMAGES_FOLDER,
    records(entry, _options, { categoryIds }) {
      const instances = imageOf(entry).objects.map((o) => ({
        bbox: o.box,
        label: categoryIds.get(o.category)! - 1,
        category: o.category,
      }));
      const record = { ...head(entry), detection: { instances } };
      return { records: [{ file: linesFile(entry.split), kind: 'jsonl' as const, record }], drawn: [] };
    },
    finish: (info) => [
      {
        file: LABEL_MAP_FILE,
        kind: 'text',
        record: `${JSON.stringify(labelMap(info.categories), null, 2)}\n`,
      },
    ],
  },
  validator: {
    reads: (path) => path.endsWith('.jsonl') || path.split('/').pop() === LABEL_MAP_FILE,
    validate: (files, issues) => validateOdvg('detection', files, issues),
  },
} satisfies DatasetFormat;

export const odvgGrounding = {
  id: 'odvg-grounding' as const,
  writer: {
    name: 'ODVG grounding (Grounding DINO)',
    ...IN_IMAGES_FOLDER,
    records(entry) {
      const { objects } = imageOf(entry);
      if (objects.length === 0) return { records: [], drawn: [] };
      const caption = groundingCaption(countCategories(objects).map(([c]) => c));
      const regions = objects.map((o) => ({ bbox: o.box, phrase: o.category }));
      const record = { ...head(entry), grounding: { caption, regions } };
      return { records: [{ file: linesFile(entry.split), kind: 'jsonl' as const, record }], drawn: [] };
    },
  },
  validator: {
    reads: (path) => path.endsWith('.jsonl'),
    validate: (files, issues) => validateOdvg('grounding', files, issues),
  },
} satisfies DatasetFormat;
