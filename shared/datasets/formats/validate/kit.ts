// What the format validators share: reading JSON, JSON lines and CSV with each record's location, and the small
// field checks every format makes. A problem is an error when a trainer's loader would fail or misread it, a
// warning when the file loads but something is likely wrong.
import type { IssueList } from '../../issues';
import { isFiniteNumber, isRecord, parseJsonFile } from '../../parse-json';

export { isFiniteNumber, isRecord };

/** One record of a file with where it stands: "llava_train.json: [3]" or "odvg_train.jsonl: line 4". */
export interface Located<T = unknown> {
  value: T;
  where: string;
}

/** The parsed document, or undefined with the parse error reported at the file. */
export function jsonDocument(text: string, file: string, issues: IssueList): unknown {
  try {
    return parseJsonFile(text, file);
  } catch (err) {
    issues.error(file, err instanceof Error ? err.message : String(err));
    return undefined;
  }
}

/** Each non-empty line of a JSON lines file, parsed; a line that is not JSON is reported and skipped. */
export function jsonLines(text: string, file: string, issues: IssueList): Located[] {
  const out: Located[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    const where = `${file}: line ${i + 1}`;
    try {
      out.push({ value: JSON.parse(line), where });
    } catch (err) {
      issues.error(where, `Not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
    }
  });
  return out;
}

/** The items of a JSON list file. */
export function jsonListItems(text: string, file: string, issues: IssueList): Located[] {
  const doc = jsonDocument(text, file, issues);
  if (doc === undefined) return [];
  if (!Array.isArray(doc)) {
    issues.error(file, 'The file must hold a JSON list of records.');
    return [];
  }
  return doc.map((value, i) => ({ value, where: `${file}: [${i}]` }));
}

/** Records of a .jsonl file by line, of any other file as the items of a JSON list. */
export const jsonRecords = (text: string, file: string, issues: IssueList): Located[] =>
  file.endsWith('.jsonl') ? jsonLines(text, file, issues) : jsonListItems(text, file, issues);

/** The records that are JSON objects; anything else is reported. */
export function objectRecords(records: Located[], issues: IssueList): Located<Record<string, unknown>>[] {
  return records.filter((r): r is Located<Record<string, unknown>> => {
    if (isRecord(r.value)) return true;
    issues.error(r.where, 'A record must be a JSON object.');
    return false;
  });
}

export const isText = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

/** Reports `field` of `record` at `where` unless it is a non-empty string. */
export function needText(record: Record<string, unknown>, field: string, where: string, issues: IssueList) {
  if (isText(record[field])) return true;
  issues.error(`${where}: ${field}`, `"${field}" must be a non-empty string.`);
  return false;
}

/** Reports `field` unless it is a list; returns it (or null). */
export function needList(
  record: Record<string, unknown>,
  field: string,
  where: string,
  issues: IssueList,
): unknown[] | null {
  const v = record[field];
  if (Array.isArray(v)) return v;
  issues.error(`${where}: ${field}`, `"${field}" must be a list.`);
  return null;
}

/** A box [x1, y1, x2, y2] of numbers with x1 <= x2 and y1 <= y2 (or strictly, for boxes that need an area). */
export function checkCornerBox(
  box: unknown,
  where: string,
  issues: IssueList,
  size?: { width: number; height: number },
): box is [number, number, number, number] {
  if (!Array.isArray(box) || box.length !== 4 || !box.every(isFiniteNumber)) {
    issues.error(where, 'A box is [x1, y1, x2, y2], four numbers.');
    return false;
  }
  const [x1, y1, x2, y2] = box as number[];
  if (x2! <= x1! || y2! <= y1!) {
    issues.error(where, `The box [${box.join(', ')}] has no area (x2 must exceed x1, y2 exceed y1).`);
    return false;
  }
  if (size && (x1! < 0 || y1! < 0 || x2! > size.width || y2! > size.height))
    issues.warning(
      where,
      `The box [${box.join(', ')}] reaches outside the ${size.width}x${size.height} image.`,
    );
  return true;
}

/**
 * The rows of a CSV file (RFC 4180: quoted fields may hold commas, quotes doubled, line breaks), each with the
 * line it starts on. An unclosed quote is reported.
 */
export function csvRows(text: string, file: string, issues: IssueList): { fields: string[]; line: number }[] {
  const rows: { fields: string[]; line: number }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let i = 0;
  const endRow = () => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === '')) rows.push({ fields, line: rowLine });
    fields = [];
    field = '';
  };
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        field += c;
      }
      i++;
      continue;
    }
    if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      fields.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRow();
      line++;
      rowLine = line;
    } else field += c;
    i++;
  }
  if (quoted) issues.error(`${file}: line ${rowLine}`, 'A quoted field is never closed.');
  if (field !== '' || fields.length > 0) endRow();
  return rows;
}

/** Conversation turns alternate between the asking and the answering role, starting with the asking one. */
export function checkTurns(
  turns: unknown[],
  where: string,
  issues: IssueList,
  keys: { role: string; content: string; ask: string; answer: string; system?: string },
): Record<string, unknown>[] {
  const ok: Record<string, unknown>[] = [];
  let k = 0;
  turns.forEach((turn, i) => {
    const at = `${where}[${i}]`;
    if (!isRecord(turn)) return issues.error(at, 'A turn must be a JSON object.');
    const role = turn[keys.role];
    if (i === 0 && keys.system && role === keys.system) return;
    const expected = k % 2 === 0 ? keys.ask : keys.answer;
    if (role !== expected)
      issues.error(
        `${at}.${keys.role}`,
        `Turn ${k + 1} must be "${expected}"; it is ${JSON.stringify(role)}.`,
      );
    if (typeof turn[keys.content] !== 'string')
      issues.error(`${at}.${keys.content}`, `"${keys.content}" must be a string.`);
    k++;
    ok.push(turn);
  });
  if (k === 0) issues.error(where, 'A conversation needs at least one turn.');
  else if (k % 2 === 1)
    issues.error(where, `The last turn must be "${keys.answer}" (the answer trained on).`);
  return ok;
}

/** How often `needle` occurs in `text`. */
export const occurrences = (text: string, needle: string) => text.split(needle).length - 1;
