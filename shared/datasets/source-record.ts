// What a source record (a COCO annotation or image, a Scalabel label or frame) holds that the studio does not
// model: kept with the imported object or image and written back by the same format's writer only, so a round
// trip through one format loses nothing and other formats get no foreign keys.

export interface SourceRecord {
  /** The format that read it (and the only one that writes it back). */
  format: string;
  /** The record's other keys, as they were (null values too). */
  fields: Record<string, unknown>;
  /**
   * The record's own geometry (Scalabel box2d and poly2d, COCO bbox and area), written back instead of the one
   * derived from the shape while the shape is still the one imported; an edited shape drops it.
   */
  geometry?: Record<string, unknown>;
}

/**
 * The keys of `raw` a reader does not model: those in `geometryKeys` as its geometry, the others but `modeled`
 * as its fields; undefined when there are none.
 */
export function sourceRecordOf(
  format: string,
  raw: Record<string, unknown>,
  modeled: ReadonlySet<string>,
  geometryKeys: readonly string[] = [],
): SourceRecord | undefined {
  const fields: Record<string, unknown> = {};
  const geometry: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    if (geometryKeys.includes(key)) geometry[key] = value;
    else if (!modeled.has(key)) fields[key] = value;
  }
  const hasGeometry = Object.keys(geometry).length > 0;
  if (!hasGeometry && Object.keys(fields).length === 0) return undefined;
  return hasGeometry ? { format, fields, geometry } : { format, fields };
}

/**
 * A written record with what its source kept, when the source is the writer's format: the kept fields first,
 * then the record, with the kept geometry in place of the derived one.
 */
export function withSourceRecord<T extends object>(
  record: T,
  source: SourceRecord | undefined,
  format: string,
): T {
  if (source?.format !== format) return record;
  return { ...source.fields, ...record, ...source.geometry };
}
