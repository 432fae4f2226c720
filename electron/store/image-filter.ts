import type { ImageFilter } from '../../shared/api';

export interface SqlCondition {
  clauses: string[];
  params: unknown[];
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The filter as SQL conditions on `images i`. Annotation-based filters are `IN (subquery)` over an index, so
 * SQLite reads only the matching annotations once instead of probing per image.
 */
export function imageFilterConditions(filter: ImageFilter): SqlCondition {
  const clauses: string[] = [];
  const params: unknown[] = [];
  if (filter.status !== undefined) {
    clauses.push('i.status = ?');
    params.push(filter.status);
  }
  if (filter.missing !== undefined) {
    clauses.push('i.missing = ?');
    params.push(filter.missing ? 1 : 0);
  }
  if (filter.labelId !== undefined) {
    clauses.push('i.id IN (SELECT image_id FROM annotations WHERE label_id = ?)');
    params.push(filter.labelId);
  }
  if (filter.hasPredictions !== undefined) {
    const not = filter.hasPredictions ? '' : 'NOT ';
    clauses.push(
      `i.id ${not}IN (SELECT image_id FROM annotations WHERE source = 'model' AND review_state = 'proposed')`,
    );
  }
  if (filter.search) {
    // LIKE: case-insensitive (for ASCII), with the user's % and _ taken literally.
    clauses.push("i.path LIKE ? ESCAPE '\\'");
    params.push(`%${escapeLike(filter.search)}%`);
  }
  return { clauses, params };
}

export const whereClause = (clauses: readonly string[]) =>
  clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '';
