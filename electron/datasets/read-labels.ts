// Reads a label file (or a folder of txt files, for the formats that take one) into format-neutral records,
// with the format's reader from the registry.
import { constants } from 'node:buffer';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { formatReader, type ImportFormat } from '../../shared/datasets/formats';
import type { IssueList } from '../../shared/datasets/issues';
import type { DatasetImage } from '../../shared/datasets/records';
import { StudioError } from '../../shared/errors';

/**
 * Larger label files are refused before being read: a label file is read as one string, and V8 makes no
 * string longer than this (2^29 - 24 on 64-bit: 512 MiB). A UTF-8 file of n bytes decodes to at most n UTF-16
 * units, so every file up to it can be read.
 */
export const MAX_LABEL_FILE_BYTES = constants.MAX_STRING_LENGTH;
const MAX_LABEL_FILE_TEXT = `${Math.round(MAX_LABEL_FILE_BYTES / 2 ** 20)} MiB`;

async function readText(path: string): Promise<string> {
  const info = await stat(path).catch(() => null);
  if (!info?.isFile()) throw new StudioError('not_found', `No label file at ${path}.`);
  if (info.size > MAX_LABEL_FILE_BYTES)
    throw new StudioError(
      'invalid_input',
      `${path} is ${info.size} bytes; label files up to ${MAX_LABEL_FILE_TEXT} are read.`,
    );
  return readFile(path, 'utf8');
}

/** The .txt files of a label folder in name order, or the one file given. */
async function txtFiles(path: string): Promise<string[]> {
  const info = await stat(path).catch(() => null);
  if (!info) throw new StudioError('not_found', `No label files at ${path}.`);
  if (info.isFile()) return [path];
  const names = (await readdir(path)).filter((n) => n.toLowerCase().endsWith('.txt')).sort();
  return names.map((n) => join(path, n));
}

export async function readLabels(
  format: ImportFormat,
  path: string,
  issues: IssueList,
): Promise<DatasetImage[]> {
  const reader = formatReader(format);
  const files = reader.input === 'file' ? [path] : await txtFiles(path);
  const images: DatasetImage[] = [];
  for (const file of files) images.push(...reader.read(await readText(file), basename(file), issues));
  return images;
}
