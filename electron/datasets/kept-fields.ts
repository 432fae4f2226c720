// What an import keeps beside an annotation and an image (the store's source fields, schema v4) and how an
// export turns it back into the parts of a dataset object: one place for both directions.
import {
  isIgnoreLabel,
  type DatasetImage,
  type DatasetObject,
  type ObjectShape,
} from '../../shared/datasets/records';
import { shapeKey } from '../../shared/datasets/shapes';
import type { SourceRecord } from '../../shared/datasets/source-record';
import type { SourceFields } from '../store/source-fields-repo';

/**
 * What of an object the annotation itself cannot hold: its source id (a number stays one), attributes, ignore,
 * and its source record with the key of the shape as stored, so an export knows whether the shape was edited.
 * A shape the import changed (a box clipped to the image, a polygon kept as its pixels) keeps no source geometry.
 */
export function keptOfObject(object: DatasetObject, stored: ObjectShape): SourceFields {
  const fields: SourceFields = {};
  if (object.sourceId !== undefined) fields.sourceId = object.sourceId;
  if (object.attributes) fields.attributes = object.attributes;
  if (object.ignore) fields.ignore = true;
  if (object.source) {
    const { geometry, ...rest } = object.source;
    const key = shapeKey(stored);
    const unchanged = geometry && key === shapeKey(object.shape);
    fields.source = unchanged ? object.source : rest;
    if (unchanged) fields.shapeKey = key;
  }
  return fields;
}

/** An image's frame fields and, under `source`, its source record. */
export const keptOfImage = (image: DatasetImage): SourceFields =>
  image.source ? { ...image.attributes, source: image.source } : { ...image.attributes };

const isSourceRecord = (v: unknown): v is SourceRecord =>
  typeof v === 'object' && v !== null && typeof (v as SourceRecord).format === 'string';

/**
 * The kept parts of an exported object; the source record's geometry only while the shape is the imported
 * one (`currentShapeKey`), as an edited shape has its own box and outline.
 */
export function objectFromKept(
  kept: SourceFields,
  category: string,
  currentShapeKey: () => string,
): Pick<DatasetObject, 'sourceId' | 'attributes' | 'ignore' | 'source'> {
  const parts: Pick<DatasetObject, 'sourceId' | 'attributes' | 'ignore' | 'source'> = {};
  if (typeof kept.sourceId === 'string' || typeof kept.sourceId === 'number') parts.sourceId = kept.sourceId;
  if (kept.attributes && typeof kept.attributes === 'object')
    parts.attributes = kept.attributes as Record<string, unknown>;
  if (kept.ignore === true || isIgnoreLabel(category)) parts.ignore = true;
  if (isSourceRecord(kept.source)) {
    const { geometry, ...rest } = kept.source;
    parts.source = geometry && kept.shapeKey === currentShapeKey() ? kept.source : rest;
  }
  return parts;
}

/** An image's kept frame fields and source record. */
export function imageFromKept(kept: SourceFields | null): Pick<DatasetImage, 'attributes' | 'source'> {
  if (!kept) return {};
  const { source, ...attributes } = kept;
  const parts: Pick<DatasetImage, 'attributes' | 'source'> = {};
  if (Object.keys(attributes).length > 0) parts.attributes = attributes;
  if (isSourceRecord(source)) parts.source = source;
  return parts;
}
