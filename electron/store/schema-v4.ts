// Schema v4: fields of an imported dataset that the studio does not model but a round trip must keep: per
// annotation its source id (the track id in BDD100K MOTS and KITTI tracking), attributes (occluded, truncated,
// traffic light colour, KITTI's 3D box) and whether it is an ignore region; per image its frame fields (video
// name, frame index, weather). One JSON object per row, removed with its annotation or image. Since issue 13 the
// objects also hold `source` (the source record's other keys, see shared/datasets/source-record.ts) and, beside
// a kept geometry, `shapeKey` (the shape as imported); electron/datasets/kept-fields.ts reads and writes them.
import type { Database } from 'better-sqlite3';

export const SCHEMA_V4 = `
CREATE TABLE annotation_source_fields (
  annotation_id INTEGER PRIMARY KEY REFERENCES annotations (id) ON DELETE CASCADE,
  fields TEXT NOT NULL CHECK (json_valid(fields) AND json_type(fields) = 'object')
) STRICT;

CREATE TABLE image_source_fields (
  image_id INTEGER PRIMARY KEY REFERENCES images (id) ON DELETE CASCADE,
  fields TEXT NOT NULL CHECK (json_valid(fields) AND json_type(fields) = 'object')
) STRICT;
`;

export function migrateToV4(db: Database): void {
  db.exec(SCHEMA_V4);
}
