import { StudioError } from '../../shared/errors';
import { SCHEMA_VERSION } from './migrations';
import type { Statements } from './statements';

export interface ProjectRow {
  name: string;
  created_at: string;
}

/** The single project row and the totals shown with it. */
export class ProjectRepo {
  constructor(private readonly sql: Statements) {}

  insert(name: string, createdAt: string): void {
    if (name.trim() === '') throw new StudioError('invalid_input', 'A project needs a name.');
    this.sql
      .get('INSERT INTO project (id, name, created_at, created_schema) VALUES (1, ?, ?, ?)')
      .run(name.trim(), createdAt, SCHEMA_VERSION);
  }

  read(path: string): ProjectRow {
    const row = this.sql.get('SELECT name, created_at FROM project WHERE id = 1').get() as
      ProjectRow | undefined;
    if (!row)
      throw new StudioError(
        'io_error',
        `The project file ${path} has lost its project record; open a backup.`,
      );
    return row;
  }

  /** Each count reads an index or the table's b-tree size, not the rows. */
  counts(): { images: number; annotations: number; labels: number; missing: number } {
    return this.sql
      .get(
        `SELECT (SELECT count(*) FROM images) AS images,
                (SELECT count(*) FROM annotations) AS annotations,
                (SELECT count(*) FROM labels) AS labels,
                (SELECT count(*) FROM images WHERE missing = 1) AS missing`,
      )
      .get() as { images: number; annotations: number; labels: number; missing: number };
  }
}
