// Qwen-VL grounding conversations, as its finetune.py reads them: per split a JSON list of {id, conversations:
// [{from: 'user' | 'assistant', value}]}. The first question shows the image ("Picture 1: <img>path</img>"),
// then per label one question and an answer naming every box of it: <ref>car</ref><box>(x1,y1),(x2,y2)</box>,
// corners on Qwen-VL's 0-1000 integer grid. Ignore regions are left out. Export only.
import type { Box } from '../../domain';
import { countCategories, instructionImageOf, type InstructionImage } from '../instructions';
import type { IssueList } from '../issues';
import type { SplitName } from '../split';
import { IN_IMAGES_FOLDER, type DatasetFormat } from './format';
import {
  checkTurns,
  isRecord,
  isText,
  jsonRecords,
  needList,
  needText,
  objectRecords,
  occurrences,
} from './validate/kit';

/** Qwen-VL's grid: a coordinate divided by the image side, times 1000, rounded into 0..1000. */
export const QWEN_GRID = 1000;
const onGrid = (v: number, side: number) =>
  Math.min(QWEN_GRID, Math.max(0, Math.round((v / side) * QWEN_GRID)));

export function qwenBox([x1, y1, x2, y2]: Box, width: number, height: number): string {
  return `<box>(${onGrid(x1, width)},${onGrid(y1, height)}),(${onGrid(x2, width)},${onGrid(y2, height)})</box>`;
}

export interface QwenVlRecord {
  id: string;
  conversations: { from: 'user' | 'assistant'; value: string }[];
}

export const groundingQuestion = (category: string) => `Box every ${category} in the image.`;

/** One conversation per image with labelled objects: a turn per label, most frequent first. */
export function qwenVlRecord(image: InstructionImage): QwenVlRecord | null {
  const labels = countCategories(image.objects).map(([c]) => c);
  if (labels.length === 0) return null;
  return {
    id: image.id,
    conversations: labels.flatMap((category, k) => [
      {
        from: 'user' as const,
        value: `${k === 0 ? `Picture 1: <img>${image.image}</img>\n` : ''}${groundingQuestion(category)}`,
      },
      {
        from: 'assistant' as const,
        value: `<ref>${category}</ref>${image.objects
          .filter((o) => o.category === category)
          .map((o) => qwenBox(o.box, image.width, image.height))
          .join('')}`,
      },
    ]),
  };
}

const recordsFile = (split: SplitName) => `qwen_vl_${split}.json`;

// Validation

const BOX = /<box>(.*?)<\/box>/g;
const BOX_CORNERS = /^\((\d+),(\d+)\),\((\d+),(\d+)\)$/;

/** The grounding tags of one turn's text: balanced, and every box two corners on the grid. */
function checkGroundingText(text: string, where: string, issues: IssueList) {
  for (const tag of ['img', 'ref', 'box'])
    if (occurrences(text, `<${tag}>`) !== occurrences(text, `</${tag}>`))
      issues.error(where, `<${tag}> and </${tag}> do not pair up.`);
  for (const [, inner] of text.matchAll(BOX)) {
    const m = BOX_CORNERS.exec(inner!);
    if (!m) {
      issues.error(where, `<box>${inner}</box> is not (x1,y1),(x2,y2) in integers.`);
      continue;
    }
    const [x1, y1, x2, y2] = m.slice(1).map(Number) as [number, number, number, number];
    if ([x1, y1, x2, y2].some((v) => v > QWEN_GRID))
      issues.error(where, `<box>${inner}</box> leaves the 0-${QWEN_GRID} grid.`);
    else if (x2 < x1 || y2 < y1)
      issues.error(where, `<box>${inner}</box>: the second corner must be right of and below the first.`);
  }
}

export const qwenVl = {
  id: 'qwen-vl' as const,
  writer: {
    name: 'Qwen-VL grounding',
    ...IN_IMAGES_FOLDER,
    records(entry) {
      const record = qwenVlRecord(
        instructionImageOf(entry, IN_IMAGES_FOLDER.imagePath(entry.split, entry.name)),
      );
      const file = recordsFile(entry.split);
      return { records: record ? [{ file, kind: 'json' as const, record }] : [], drawn: [] };
    },
  },
  validator: {
    reads: (path) => /\.jsonl?$/.test(path),
    validate(files, issues) {
      for (const [file, text] of files)
        for (const { value, where } of objectRecords(jsonRecords(text, file, issues), issues)) {
          if (value.id !== undefined) needText(value, 'id', where, issues);
          const turns = needList(value, 'conversations', where, issues);
          if (!turns) continue;
          checkTurns(turns, `${where}: conversations`, issues, {
            role: 'from',
            content: 'value',
            ask: 'user',
            answer: 'assistant',
          });
          turns.forEach((t, i) => {
            if (isRecord(t) && isText(t.value))
              checkGroundingText(t.value, `${where}: conversations[${i}].value`, issues);
          });
        }
    },
  },
} satisfies DatasetFormat;
