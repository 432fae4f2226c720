// Schema v8: the review audit trail. One row per annotation per review change (who, when, the action, review
// state and label before -> after, and for a bulk action its filter). No foreign key to annotations: the history
// of a proposal outlives the proposal, as an audit must. An index on review state serves the review queue.
import type { Database } from 'better-sqlite3';
import { AUDIT_ACTIONS } from '../../shared/api/review';

const oneOf = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

export const SCHEMA_V8 = `
CREATE TABLE review_audit (
  id INTEGER PRIMARY KEY,
  annotation_id INTEGER NOT NULL,
  image_id INTEGER NOT NULL,
  at TEXT NOT NULL,
  who TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN (${oneOf(AUDIT_ACTIONS)})),
  before_state TEXT,
  after_state TEXT,
  before_label_id INTEGER,
  after_label_id INTEGER,
  detail TEXT CHECK (detail IS NULL OR json_valid(detail))
) STRICT;
CREATE INDEX review_audit_annotation ON review_audit (annotation_id, id);
CREATE INDEX annotations_review ON annotations (source, review_state, image_id);
`;

export function migrateToV8(db: Database): void {
  db.exec(SCHEMA_V8);
}
