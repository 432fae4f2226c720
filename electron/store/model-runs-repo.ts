import { StudioError } from '../../shared/errors';
import type { ImagesRepo } from './images-repo';
import type { PromptsRepo } from './prompts-repo';
import { toModelRun, type ModelRunRow } from './rows';
import type { Statements } from './statements';
import { notFound } from './store-errors';
import type { ModelRun, NewModelRun } from './types';

/** Each call of a model on an image: what ran where, with which parameters, how long it took, how it ended. */
export class ModelRunsRepo {
  constructor(
    private readonly sql: Statements,
    private readonly images: ImagesRepo,
    private readonly prompts: PromptsRepo,
  ) {}

  record(run: NewModelRun): ModelRun {
    this.images.requireExists(run.imageId);
    if (run.promptId !== null && this.prompts.unknownIds([run.promptId]).length > 0) {
      throw notFound('prompt', [run.promptId]);
    }
    if (!(run.durationMs >= 0)) {
      throw new StudioError(
        'invalid_input',
        `A model run's duration must be 0 ms or more; got ${run.durationMs}.`,
      );
    }
    const { lastInsertRowid } = this.sql
      .get(
        `INSERT INTO model_runs (image_id, model_id, engine, params, prompt_id, started_at, duration_ms, status, error)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        run.imageId,
        run.modelId,
        run.engine,
        JSON.stringify(run.params ?? null),
        run.promptId,
        run.startedAt,
        run.durationMs,
        run.status,
        run.error,
      );
    return { id: Number(lastInsertRowid), ...run };
  }

  list(imageId: number): ModelRun[] {
    this.images.requireExists(imageId);
    const rows = this.sql
      .get('SELECT * FROM model_runs WHERE image_id = ? ORDER BY id')
      .all(imageId) as ModelRunRow[];
    return rows.map(toModelRun);
  }
}
