import type { Geometry } from '../../shared/domain';
import type { ImagesRepo } from './images-repo';
import { toPrompt, type PromptRow } from './rows';
import type { Statements } from './statements';
import { notFound } from './store-errors';
import type { Prompt } from './types';

export class PromptsRepo {
  constructor(
    private readonly sql: Statements,
    private readonly images: ImagesRepo,
    private readonly now: () => string,
  ) {}

  add(imageId: number, geometry: Geometry): Prompt {
    this.images.requireExists(imageId);
    const createdAt = this.now();
    const { lastInsertRowid } = this.sql
      .get('INSERT INTO prompts (image_id, kind, geometry, created_at) VALUES (?, ?, ?, ?)')
      .run(imageId, geometry.kind, JSON.stringify(geometry), createdAt);
    return { id: Number(lastInsertRowid), imageId, kind: geometry.kind, geometry, createdAt };
  }

  list(imageId: number): Prompt[] {
    this.images.requireExists(imageId);
    const rows = this.sql
      .get('SELECT * FROM prompts WHERE image_id = ? ORDER BY id')
      .all(imageId) as PromptRow[];
    return rows.map(toPrompt);
  }

  /** Deletes the prompt; annotations and model runs it produced keep existing without it (ON DELETE SET NULL). */
  remove(id: number): void {
    if (this.sql.get('DELETE FROM prompts WHERE id = ?').run(id).changes === 0)
      throw notFound('prompt', [id]);
  }

  /** Every id in `ids` that is not a prompt of this project. */
  unknownIds(ids: Iterable<number>): number[] {
    const exists = this.sql.get('SELECT 1 FROM prompts WHERE id = ?').pluck();
    return [...new Set(ids)].filter((id) => exists.get(id) === undefined);
  }
}
