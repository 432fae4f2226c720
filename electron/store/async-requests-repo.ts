// The project's ledger of async inference requests (schema v11): what inference/sagemaker/async/ledger.ts asks
// of a ledger, over the async_requests table. Each call is its own small write, so a request is on disk before
// it is sent and once it is queued.
import type { LedgerEntry } from '../../shared/endpoints/async';
import type { Statements } from './statements';

interface Row {
  endpoint: string;
  input_key: string;
  inference_id: string;
  output_bucket: string | null;
  output_key: string | null;
  failure_bucket: string | null;
  failure_key: string | null;
  sent_at: number;
  collected_at: number | null;
}

const entryOf = (r: Row): LedgerEntry => ({
  endpoint: r.endpoint,
  inputKey: r.input_key,
  inferenceId: r.inference_id,
  output: r.output_key === null ? null : { bucket: r.output_bucket!, key: r.output_key },
  failure: r.failure_key === null ? null : { bucket: r.failure_bucket!, key: r.failure_key },
  sentAt: r.sent_at,
  collectedAt: r.collected_at,
});

export class AsyncRequestsRepo {
  constructor(private readonly sql: Statements) {}

  find(endpoint: string, inputKey: string): LedgerEntry | null {
    const row = this.sql
      .get('SELECT * FROM async_requests WHERE endpoint = ? AND input_key = ?')
      .get(endpoint, inputKey) as Row | undefined;
    return row ? entryOf(row) : null;
  }

  put(e: LedgerEntry): void {
    this.sql
      .get(
        `INSERT INTO async_requests (endpoint, input_key, inference_id, output_bucket, output_key, failure_bucket,
           failure_key, sent_at, collected_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (endpoint, input_key) DO UPDATE SET inference_id = excluded.inference_id,
           output_bucket = excluded.output_bucket, output_key = excluded.output_key,
           failure_bucket = excluded.failure_bucket, failure_key = excluded.failure_key,
           sent_at = excluded.sent_at, collected_at = excluded.collected_at`,
      )
      .run(
        e.endpoint,
        e.inputKey,
        e.inferenceId,
        e.output?.bucket ?? null,
        e.output?.key ?? null,
        e.failure?.bucket ?? null,
        e.failure?.key ?? null,
        e.sentAt,
        e.collectedAt,
      );
  }

  remove(endpoint: string, inputKey: string): void {
    this.sql.get('DELETE FROM async_requests WHERE endpoint = ? AND input_key = ?').run(endpoint, inputKey);
  }

  /** The output folder of the endpoint's latest queued request (its answers are all written there). */
  latestOutput(endpoint: string): { bucket: string; key: string } | null {
    const row = this.sql
      .get(
        `SELECT output_bucket AS bucket, output_key AS key FROM async_requests
         WHERE endpoint = ? AND output_key IS NOT NULL ORDER BY sent_at DESC LIMIT 1`,
      )
      .get(endpoint) as { bucket: string; key: string } | undefined;
    return row ?? null;
  }

  /** Requests not yet collected (a stopped studio's, while no job runs), for the jobs screen and tests. */
  pending(): LedgerEntry[] {
    return (this.sql.get('SELECT * FROM async_requests WHERE collected_at IS NULL').all() as Row[]).map(
      entryOf,
    );
  }

  /** Forgets answers collected before `before` (ms since the epoch); returns how many. */
  prune(before: number): number {
    return this.sql.get('DELETE FROM async_requests WHERE collected_at < ?').run(before).changes;
  }
}
