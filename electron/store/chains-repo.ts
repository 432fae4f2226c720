// Saved chains and chain runs. Chain definitions are validated before they get here (shared/chains/validate);
// this repo keeps them, and writes each image of a run in the caller's transaction as it finishes.
import type { Chain } from '../../shared/chains/schema';
import type { ChainRun, ChainRunImage, ChainRunStatus, ImageRun, SavedChain } from '../../shared/chains/runs';
import { StudioError } from '../../shared/errors';
import type { Statements } from './statements';
import { notFound } from './store-errors';

interface ChainRow {
  id: number;
  name: string;
  definition: string;
  request: string | null;
  created_at: string;
  updated_at: string;
}

interface RunRow {
  id: number;
  chain_id: number | null;
  name: string;
  definition: string;
  image_ids: string;
  status: ChainRunStatus;
  replay_of: number | null;
  started_at: string;
  finished_at: string | null;
  error: string | null;
  done: number;
  failed: number;
  region_count: number;
  ms: number;
  model_ms: number;
}

interface RunImageRow {
  run_id: number;
  image_id: number;
  status: 'done' | 'failed';
  steps: string;
  duration_ms: number;
  model_ms: number;
  error: string | null;
  finished_at: string;
}

const toSavedChain = (r: ChainRow): SavedChain => ({
  id: r.id,
  name: r.name,
  chain: JSON.parse(r.definition) as Chain,
  request: r.request,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const toRun = (r: RunRow): ChainRun => ({
  id: r.id,
  chainId: r.chain_id,
  name: r.name,
  chain: JSON.parse(r.definition) as Chain,
  imageIds: JSON.parse(r.image_ids) as number[],
  status: r.status,
  replayOf: r.replay_of,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  error: r.error,
  done: r.done,
  failed: r.failed,
  regionCount: r.region_count,
  ms: r.ms,
  modelMs: r.model_ms,
});

function toRunImage(r: RunImageRow): ChainRunImage {
  const steps = JSON.parse(r.steps) as ImageRun['steps'];
  return {
    runId: r.run_id,
    imageId: r.image_id,
    status: r.status,
    steps,
    regions: steps.at(-1)?.regions ?? [],
    ms: r.duration_ms,
    modelMs: r.model_ms,
    error: r.error,
    finishedAt: r.finished_at,
  };
}

const RUN_SELECT = `
SELECT r.*,
  (SELECT count(*) FROM chain_run_images i WHERE i.run_id = r.id AND i.status = 'done') AS done,
  (SELECT count(*) FROM chain_run_images i WHERE i.run_id = r.id AND i.status = 'failed') AS failed,
  (SELECT coalesce(sum(region_count), 0) FROM chain_run_images i WHERE i.run_id = r.id) AS region_count,
  (SELECT coalesce(sum(duration_ms), 0) FROM chain_run_images i WHERE i.run_id = r.id) AS ms,
  (SELECT coalesce(sum(model_ms), 0) FROM chain_run_images i WHERE i.run_id = r.id) AS model_ms
FROM chain_runs r`;

export interface NewChainRun {
  chainId: number | null;
  name: string;
  chain: Chain;
  imageIds: readonly number[];
  replayOf: number | null;
}

export type RunImageOutcome = { ok: true; run: ImageRun } | { ok: false; error: string; ms: number };

export class ChainsRepo {
  constructor(
    private readonly sql: Statements,
    private readonly timestamp: () => string,
  ) {}

  listChains(): SavedChain[] {
    return (this.sql.get('SELECT * FROM chains ORDER BY name COLLATE NOCASE, id').all() as ChainRow[]).map(
      toSavedChain,
    );
  }

  getChain(id: number): SavedChain {
    const row = this.sql.get('SELECT * FROM chains WHERE id = ?').get(id) as ChainRow | undefined;
    if (!row) throw notFound('chain', [id]);
    return toSavedChain(row);
  }

  /** Creates a chain, or replaces chain `id`; names are unique (ignoring case). */
  saveChain({
    id,
    name,
    chain,
    request,
  }: {
    id?: number;
    name: string;
    chain: Chain;
    request: string | null;
  }) {
    const clash = this.sql
      .get('SELECT id FROM chains WHERE name = ? AND id IS NOT ?')
      .get(name.trim(), id ?? null);
    if (clash) throw new StudioError('conflict', `A chain named "${name.trim()}" already exists.`);
    const now = this.timestamp();
    if (id === undefined) {
      const { lastInsertRowid } = this.sql
        .get('INSERT INTO chains (name, definition, request, created_at, updated_at) VALUES (?, ?, ?, ?, ?)')
        .run(name.trim(), JSON.stringify(chain), request, now, now);
      return this.getChain(Number(lastInsertRowid));
    }
    const { changes } = this.sql
      .get('UPDATE chains SET name = ?, definition = ?, request = ?, updated_at = ? WHERE id = ?')
      .run(name.trim(), JSON.stringify(chain), request, now, id);
    if (changes === 0) throw notFound('chain', [id]);
    return this.getChain(id);
  }

  /** Deletes a saved chain; its runs stay (they keep the chain as it ran). */
  removeChain(id: number): void {
    if (this.sql.get('DELETE FROM chains WHERE id = ?').run(id).changes === 0) throw notFound('chain', [id]);
  }

  createRun(run: NewChainRun): ChainRun {
    if (run.imageIds.length === 0)
      throw new StudioError('invalid_input', 'A chain run needs at least one image.');
    const known = new Set(this.sql.get('SELECT id FROM images').pluck().all() as number[]);
    const unknown = [...new Set(run.imageIds)].filter((id) => !known.has(id));
    if (unknown.length) throw notFound('image', unknown);
    if (run.chainId !== null) this.getChain(run.chainId);
    if (run.replayOf !== null) this.getRun(run.replayOf);
    const { lastInsertRowid } = this.sql
      .get(
        `INSERT INTO chain_runs (chain_id, name, definition, image_ids, status, replay_of, started_at)
         VALUES (?, ?, ?, ?, 'running', ?, ?)`,
      )
      .run(
        run.chainId,
        run.name,
        JSON.stringify(run.chain),
        JSON.stringify([...new Set(run.imageIds)]),
        run.replayOf,
        this.timestamp(),
      );
    return this.getRun(Number(lastInsertRowid));
  }

  getRun(id: number): ChainRun {
    const row = this.sql.get(`${RUN_SELECT} WHERE r.id = ?`).get(id) as RunRow | undefined;
    if (!row) throw notFound('chain run', [id]);
    return toRun(row);
  }

  listRuns(): ChainRun[] {
    return (this.sql.get(`${RUN_SELECT} ORDER BY r.id DESC`).all() as RunRow[]).map(toRun);
  }

  /** Records one image of a run (replacing an earlier failed attempt at it). */
  saveRunImage(runId: number, imageId: number, outcome: RunImageOutcome): void {
    const run = this.getRun(runId);
    if (!run.imageIds.includes(imageId)) {
      throw new StudioError('invalid_input', `Image ${imageId} is not one of chain run ${runId}'s images.`);
    }
    const steps = outcome.ok ? outcome.run.steps : [];
    this.sql
      .get(
        `INSERT OR REPLACE INTO chain_run_images
           (run_id, image_id, status, steps, region_count, duration_ms, model_ms, error, finished_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        runId,
        imageId,
        outcome.ok ? 'done' : 'failed',
        JSON.stringify(steps),
        outcome.ok ? outcome.run.regions.length : 0,
        outcome.ok ? outcome.run.ms : outcome.ms,
        outcome.ok ? outcome.run.modelMs : 0,
        outcome.ok ? null : outcome.error,
        this.timestamp(),
      );
  }

  /** The run's images not yet done (failed ones included), in the run's order. */
  pendingImages(runId: number): number[] {
    const run = this.getRun(runId);
    const done = new Set(
      this.sql
        .get("SELECT image_id FROM chain_run_images WHERE run_id = ? AND status = 'done'")
        .pluck()
        .all(runId) as number[],
    );
    return run.imageIds.filter((id) => !done.has(id));
  }

  setRunStatus(runId: number, status: ChainRunStatus, error: string | null = null): ChainRun {
    const finished = status === 'running' ? null : this.timestamp();
    const { changes } = this.sql
      .get('UPDATE chain_runs SET status = ?, error = ?, finished_at = ? WHERE id = ?')
      .run(status, error, finished, runId);
    if (changes === 0) throw notFound('chain run', [runId]);
    return this.getRun(runId);
  }

  /** The recorded images of a run, in the run's order; only `imageIds` when given. */
  runImages(runId: number, imageIds?: readonly number[]): ChainRunImage[] {
    const run = this.getRun(runId);
    const rows = this.sql.get('SELECT * FROM chain_run_images WHERE run_id = ?').all(runId) as RunImageRow[];
    const byImage = new Map(rows.map((r) => [r.image_id, r]));
    const wanted = imageIds ?? run.imageIds;
    return wanted.flatMap((id) => {
      const row = byImage.get(id);
      return row ? [toRunImage(row)] : [];
    });
  }

  removeRun(id: number): void {
    if (this.sql.get('DELETE FROM chain_runs WHERE id = ?').run(id).changes === 0)
      throw notFound('chain run', [id]);
  }
}
