import type { Prompt, PromptInput } from '../../shared/domain';
import { StudioError } from '../../shared/errors';
import { requireBox, requireInside, type ImageSize } from './annotation-geometry';
import type { ImagesRepo } from './images-repo';
import { toPrompt, type PromptRow } from './rows';
import type { Statements } from './statements';
import { notFound } from './store-errors';

const isEmpty = (p: PromptInput) => p.points.length === 0 && p.box === null;

/** Points inside the image and a box with some area inside it: the canvas clips clicks, this refuses the rest. */
function checkPrompt(prompt: PromptInput, size: ImageSize): void {
  requireInside(
    prompt.points.map((p) => p.point),
    size,
    'prompt point',
  );
  if (prompt.box) requireBox(prompt.box, size, 'prompt box');
}

export class PromptsRepo {
  constructor(
    private readonly sql: Statements,
    private readonly images: ImagesRepo,
    private readonly now: () => string,
  ) {}

  /** Records a finished (closed) prompt, e.g. the one a batch job sent to a model. */
  add(imageId: number, prompt: PromptInput): Prompt {
    checkPrompt(prompt, this.images.size(imageId));
    if (isEmpty(prompt)) throw new StudioError('invalid_input', 'A prompt needs a point or a box.');
    return this.insert(imageId, prompt, true);
  }

  list(imageId: number): Prompt[] {
    this.images.requireExists(imageId);
    const rows = this.sql
      .get('SELECT * FROM prompts WHERE image_id = ? ORDER BY id')
      .all(imageId) as PromptRow[];
    return rows.map(toPrompt);
  }

  /** The prompt the user is editing on this image, or null. */
  current(imageId: number): Prompt | null {
    this.images.requireExists(imageId);
    const row = this.sql.get('SELECT * FROM prompts WHERE image_id = ? AND closed = 0').get(imageId) as
      PromptRow | undefined;
    return row ? toPrompt(row) : null;
  }

  /**
   * Replaces the open prompt of the image (creating it when there is none); an empty prompt removes it, so an
   * image whose points were all taken back has no prompt left. Returns the open prompt or null.
   */
  setCurrent(imageId: number, prompt: PromptInput): Prompt | null {
    checkPrompt(prompt, this.images.size(imageId));
    const open = this.current(imageId);
    if (isEmpty(prompt)) {
      if (open) this.sql.get('DELETE FROM prompts WHERE id = ?').run(open.id);
      return null;
    }
    if (!open) return this.insert(imageId, prompt, false);
    const at = this.now();
    this.sql
      .get('UPDATE prompts SET points = ?, box = ?, updated_at = ? WHERE id = ?')
      .run(JSON.stringify(prompt.points), prompt.box && JSON.stringify(prompt.box), at, open.id);
    return { ...open, ...prompt, updatedAt: at };
  }

  /** Freezes a prompt (a mask made from it was accepted); the image's next prompt starts afresh. */
  close(id: number): void {
    const changes = this.sql
      .get('UPDATE prompts SET closed = 1, updated_at = ? WHERE id = ?')
      .run(this.now(), id).changes;
    if (changes === 0) throw notFound('prompt', [id]);
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

  private insert(imageId: number, { points, box }: PromptInput, closed: boolean): Prompt {
    const at = this.now();
    const { lastInsertRowid } = this.sql
      .get(
        'INSERT INTO prompts (image_id, points, box, closed, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(imageId, JSON.stringify(points), box && JSON.stringify(box), closed ? 1 : 0, at, at);
    return { id: Number(lastInsertRowid), imageId, points, box, closed, createdAt: at, updatedAt: at };
  }
}
