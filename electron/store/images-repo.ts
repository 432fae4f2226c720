import { isAbsolute } from 'node:path';
import type { ImageFilter, ImagePage } from '../../shared/api';
import type { ImageRecord, ImageStatus } from '../../shared/domain';
import { StudioError } from '../../shared/errors';
import { imageFilterConditions, whereClause } from './image-filter';
import { toImage, toImageLocation, type ImageLocationRow, type ImageRow } from './rows';
import type { Statements } from './statements';
import { changeEach, notFound } from './store-errors';
import type { ImageLocation, NewImage } from './types';

// Counts by correlated subqueries over annotation indexes: computed only for the rows of the page returned.
const IMAGE_COLUMNS = `i.*,
  (SELECT count(*) FROM annotations a WHERE a.image_id = i.id) AS annotation_count,
  (SELECT count(*) FROM annotations a
    WHERE a.image_id = i.id AND a.source = 'model' AND a.review_state = 'proposed') AS proposal_count`;

function requireAbsolute(path: string): void {
  if (!isAbsolute(path)) {
    throw new StudioError('invalid_input', `Image paths must be absolute; got "${path}".`);
  }
}

export class ImagesRepo {
  constructor(
    private readonly sql: Statements,
    private readonly now: () => string,
  ) {}

  /** Adds images by path; a path already in the project (or twice in `rows`) is skipped and counted. */
  insert(rows: readonly NewImage[]): { added: number; alreadyPresent: number } {
    const insert = this.sql.get(
      `INSERT INTO images (path, sha256, size_bytes, width, height, orientation, format, added_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (path) DO NOTHING`,
    );
    const at = this.now();
    let added = 0;
    for (const r of rows) {
      requireAbsolute(r.path);
      added += insert.run(
        r.path,
        r.sha256,
        r.sizeBytes,
        r.width,
        r.height,
        r.orientation,
        r.format,
        at,
        at,
      ).changes;
    }
    return { added, alreadyPresent: rows.length - added };
  }

  knownPaths(): Set<string> {
    return new Set(this.sql.get('SELECT path FROM images').pluck().all() as string[]);
  }

  list(filter: ImageFilter, offset: number, limit: number): ImagePage {
    const { clauses, params } = imageFilterConditions(filter);
    const where = whereClause(clauses);
    const total = this.sql
      .get(`SELECT count(*) FROM images i ${where}`)
      .pluck()
      .get(...params) as number;
    const rows = this.sql
      .get(`SELECT ${IMAGE_COLUMNS} FROM images i ${where} ORDER BY i.id LIMIT ? OFFSET ?`)
      .all(...params, limit, offset) as ImageRow[];
    return { items: rows.map(toImage), total };
  }

  idsMatching(filter: ImageFilter): number[] {
    const { clauses, params } = imageFilterConditions(filter);
    return this.sql
      .get(`SELECT i.id FROM images i ${whereClause(clauses)} ORDER BY i.id`)
      .pluck()
      .all(...params) as number[];
  }

  get(id: number): ImageRecord {
    const row = this.sql.get(`SELECT ${IMAGE_COLUMNS} FROM images i WHERE i.id = ?`).get(id) as
      ImageRow | undefined;
    if (!row) throw notFound('image', [id]);
    return toImage(row);
  }

  /** The displayed size, for checking masks against it; throws not_found for an unknown id. */
  size(id: number): [height: number, width: number] {
    const row = this.sql.get('SELECT height, width FROM images WHERE id = ?').get(id) as
      { height: number; width: number } | undefined;
    if (!row) throw notFound('image', [id]);
    return [row.height, row.width];
  }

  requireExists(id: number): void {
    this.size(id);
  }

  /** The image before or after `id` among those matching `filter`, in list order; `id` itself need not match. */
  neighbor(id: number, direction: 'prev' | 'next', filter: ImageFilter): number | null {
    const { clauses, params } = imageFilterConditions(filter);
    const [op, order] = direction === 'next' ? ['>', 'ASC'] : ['<', 'DESC'];
    const sql = `SELECT i.id FROM images i ${whereClause([...clauses, `i.id ${op} ?`])} ORDER BY i.id ${order} LIMIT 1`;
    return (
      (this.sql
        .get(sql)
        .pluck()
        .get(...params, id) as number | undefined) ?? null
    );
  }

  setStatus(ids: readonly number[], status: ImageStatus): void {
    const update = this.sql.get('UPDATE images SET status = ?, updated_at = ? WHERE id = ?');
    const at = this.now();
    changeEach(ids, 'image', (id) => update.run(status, at, id).changes);
  }

  setMissing(ids: readonly number[], missing: boolean): void {
    const update = this.sql.get('UPDATE images SET missing = ?, updated_at = ? WHERE id = ?');
    const at = this.now();
    changeEach(ids, 'image', (id) => update.run(missing ? 1 : 0, at, id).changes);
  }

  /** Deletes the images with their annotations, prompts and model runs (ON DELETE CASCADE). */
  remove(ids: readonly number[]): void {
    const remove = this.sql.get('DELETE FROM images WHERE id = ?');
    changeEach(ids, 'image', (id) => remove.run(id).changes);
  }

  all(): ImageLocation[] {
    const rows = this.sql
      .get('SELECT id, path, sha256, missing FROM images ORDER BY id')
      .all() as ImageLocationRow[];
    return rows.map(toImageLocation);
  }

  /** Points an image at its new location (found again by content hash) and clears its missing flag. */
  relink(id: number, path: string): void {
    requireAbsolute(path);
    const owner = this.sql.get('SELECT id FROM images WHERE path = ?').pluck().get(path) as
      number | undefined;
    if (owner !== undefined && owner !== id) {
      throw new StudioError('conflict', `Another image of this project (id ${owner}) is already at ${path}.`);
    }
    const update = this.sql.get('UPDATE images SET path = ?, missing = 0, updated_at = ? WHERE id = ?');
    changeEach([id], 'image', (target) => update.run(path, this.now(), target).changes);
  }
}
