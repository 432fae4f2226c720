// ShareGPT conversations as LLaMA-Factory reads them for vision-language fine-tuning: per split a JSON list of
// {messages: [{role: 'user' | 'assistant', content}], images: [path]}, one <image> tag per image, and the
// dataset_info.json entries that register each file (formatting 'sharegpt', its columns and role tags). The
// conversations and images are the LLaVA export's (./llava), in LLaMA-Factory's layout. Export only.
import type { LlavaRecord } from '../instructions';
import type { IssueList } from '../issues';
import { stemOf } from '../names';
import type { SplitName } from '../split';
import type { DatasetFormat, FormatFiles } from './format';
import { llava } from './llava';
import {
  checkTurns,
  isRecord,
  isText,
  jsonDocument,
  jsonRecords,
  needList,
  objectRecords,
  occurrences,
} from './validate/kit';

export const DATASET_INFO_FILE = 'dataset_info.json';
const IMAGE_TAG = '<image>';

/** LLaMA-Factory's tags for the messages layout (its mllm_demo entry). */
export const SHAREGPT_TAGS = {
  role_tag: 'role',
  content_tag: 'content',
  user_tag: 'user',
  assistant_tag: 'assistant',
} as const;

export interface ShareGptRecord {
  messages: { role: 'user' | 'assistant'; content: string }[];
  images: string[];
}

/** A LLaVA record in LLaMA-Factory's layout: human -> user, gpt -> assistant; its <image> tag stays. */
export const shareGptRecord = (r: LlavaRecord): ShareGptRecord => ({
  messages: r.conversations.map((t) => ({
    role: t.from === 'human' ? 'user' : 'assistant',
    content: t.value,
  })),
  images: [r.image],
});

const recordsFile = (split: SplitName) => `sharegpt_${split}.json`;

/** LLaVA's image layout and template switches: the same images, drawn copies and questions. */
const { name: _name, records: _records, ...llavaLayout } = llava.writer;

/** One dataset_info.json entry per conversations file, named by its stem (sharegpt_train, ...). */
export function datasetInfo(files: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(
    files
      .filter((f) => /^sharegpt_[a-z]+\.json$/.test(f))
      .map((file) => [
        stemOf(file),
        {
          file_name: file,
          formatting: 'sharegpt',
          columns: { messages: 'messages', images: 'images' },
          tags: { ...SHAREGPT_TAGS },
        },
      ]),
  );
}

// Validation

function validateDatasetInfo(text: string, file: string, files: FormatFiles, issues: IssueList) {
  const doc = jsonDocument(text, file, issues);
  if (doc === undefined) return;
  if (!isRecord(doc)) return issues.error(file, 'dataset_info.json is an object of dataset entries by name.');
  for (const [name, entry] of Object.entries(doc)) {
    const where = `${file}: ${name}`;
    if (!isRecord(entry)) {
      issues.error(where, 'A dataset entry must be an object.');
      continue;
    }
    if (!isText(entry.file_name)) issues.error(`${where}: file_name`, '"file_name" must name the data file.');
    else if (!files.has(entry.file_name))
      issues.warning(`${where}: file_name`, `${entry.file_name} is not among the files validated.`);
    if (entry.formatting !== 'sharegpt')
      issues.error(`${where}: formatting`, `"formatting" must be "sharegpt" for the messages layout.`);
    const columns = isRecord(entry.columns) ? entry.columns : {};
    for (const column of ['messages', 'images'])
      if (!isText(columns[column]))
        issues.error(`${where}: columns.${column}`, `"columns" must map "${column}" to its field.`);
    const tags = isRecord(entry.tags) ? entry.tags : {};
    for (const tag of Object.keys(SHAREGPT_TAGS))
      if (!isText(tags[tag]))
        issues.error(
          `${where}: tags.${tag}`,
          `"tags" must say the "${tag}" (LLaMA-Factory's default is ShareGPT's from/value).`,
        );
  }
}

function validateRecords(text: string, file: string, issues: IssueList) {
  for (const { value, where } of objectRecords(jsonRecords(text, file, issues), issues)) {
    const messages = needList(value, 'messages', where, issues);
    const images = needList(value, 'images', where, issues);
    if (!messages || !images) continue;
    const turns = checkTurns(messages, `${where}: messages`, issues, {
      role: 'role',
      content: 'content',
      ask: 'user',
      answer: 'assistant',
      system: 'system',
    });
    images.forEach((image, i) => {
      if (!isText(image)) issues.error(`${where}: images[${i}]`, 'An image is a path (a non-empty string).');
    });
    const tags = turns.reduce(
      (n, t) => n + (typeof t.content === 'string' ? occurrences(t.content, IMAGE_TAG) : 0),
      0,
    );
    if (tags !== images.length)
      issues.error(
        `${where}: messages`,
        `The messages hold ${tags} ${IMAGE_TAG} tag${tags === 1 ? '' : 's'} for ${images.length} image${images.length === 1 ? '' : 's'}; LLaMA-Factory needs one per image.`,
      );
  }
}

export const sharegpt = {
  id: 'sharegpt' as const,
  writer: {
    ...llavaLayout,
    name: 'ShareGPT (LLaMA-Factory)',
    records(entry, options) {
      const file = recordsFile(entry.split);
      const { records, drawn } = llava.writer.records(entry, { ...options, llavaJsonl: false });
      return {
        records: records.map((r) => ({
          file,
          kind: 'json' as const,
          record: shareGptRecord(r.record as LlavaRecord),
        })),
        drawn,
      };
    },
    finish: (_info, files) => [
      { file: DATASET_INFO_FILE, kind: 'text', record: `${JSON.stringify(datasetInfo(files), null, 2)}\n` },
    ],
  },
  validator: {
    reads: (path) => /\.jsonl?$/.test(path),
    validate(files, issues) {
      for (const [file, text] of files)
        if (file.split('/').pop() === DATASET_INFO_FILE) validateDatasetInfo(text, file, files, issues);
        else validateRecords(text, file, issues);
    },
  },
} satisfies DatasetFormat;
