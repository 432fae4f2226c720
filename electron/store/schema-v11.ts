// Schema v11: asynchronous inference requests in flight. A request sent to a SageMaker async endpoint is
// recorded before it is sent (where its answer will be named) and again once queued (where SageMaker writes its
// answer and failure), so a studio that stopped (quit, crash, kill -9) collects the answer from S3 instead of
// sending the request again. A request is its endpoint and its request object's key (the hash of its bytes).
// Collected rows stay an hour: a job killed between reading an answer and marking the image done reads it again.
import type { Database } from 'better-sqlite3';

export const SCHEMA_V11 = `
CREATE TABLE async_requests (
  endpoint TEXT NOT NULL,
  input_key TEXT NOT NULL,
  inference_id TEXT NOT NULL,
  output_bucket TEXT,
  output_key TEXT,
  failure_bucket TEXT,
  failure_key TEXT,
  sent_at INTEGER NOT NULL,
  collected_at INTEGER,
  PRIMARY KEY (endpoint, input_key),
  CHECK ((output_bucket IS NULL) = (output_key IS NULL)),
  CHECK ((failure_bucket IS NULL) = (failure_key IS NULL))
) STRICT;
CREATE INDEX async_requests_sent ON async_requests (endpoint, sent_at) WHERE output_key IS NOT NULL;
`;

export function migrateToV11(db: Database): void {
  db.exec(SCHEMA_V11);
}
