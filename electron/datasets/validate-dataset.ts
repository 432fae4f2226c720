// Validates a dataset on disk against a format: one file (a foreign label file, checked whatever its name), or a
// folder (an export: every file the format reads, by path under it, the studio's manifest aside). Reading is
// here; the checks are the format's own (shared/datasets/formats/<id>.ts).
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import { formatValidator, type ValidateFormat } from '../../shared/datasets/formats';
import type { DatasetValidationReport } from '../../shared/api/datasets';
import { IssueList } from '../../shared/datasets/issues';
import { StudioError } from '../../shared/errors';
import { MANIFEST_FILE } from './export-target';

async function filesToRead(path: string, reads: (path: string) => boolean): Promise<Map<string, string>> {
  const info = await stat(path).catch(() => {
    throw new StudioError('not_found', `${path} does not exist.`);
  });
  if (info.isFile()) return new Map([[basename(path), await readFile(path, 'utf8')]]);
  const names = (await readdir(path, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => relative(path, join(e.parentPath, e.name)).split(sep).join('/'))
    .filter((p) => p !== MANIFEST_FILE && reads(p))
    .sort();
  const files = new Map<string, string>();
  for (const name of names) files.set(name, await readFile(join(path, name), 'utf8'));
  return files;
}

export async function validateDataset(
  format: ValidateFormat,
  path: string,
): Promise<DatasetValidationReport> {
  const validator = formatValidator(format);
  const files = await filesToRead(path, validator.reads);
  const issues = new IssueList();
  if (files.size === 0) issues.error(path, `The folder holds no file the ${format} format reads.`);
  validator.validate(files, issues);
  return { format, files: [...files.keys()], valid: issues.errors === 0, issues: issues.toReport() };
}
