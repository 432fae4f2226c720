import type { Database, Statement } from 'better-sqlite3';

/**
 * Prepared statements by SQL text, prepared on first use: repeated calls skip SQLite's parser and planner, and
 * the handful of image-filter combinations each get their own plan.
 */
export class Statements {
  private readonly cache = new Map<string, Statement>();

  constructor(readonly db: Database) {}

  get(sql: string): Statement {
    let statement = this.cache.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.cache.set(sql, statement);
    }
    return statement;
  }
}
