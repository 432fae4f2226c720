import type { Statements } from './statements';

/** A JSON object of fields from an imported dataset (see schema-v4.ts). */
export type SourceFields = Record<string, unknown>;

/** An image's kept fields and those of its annotations, by annotation id. */
export interface ImageSourceFields {
  image: SourceFields | null;
  annotations: Map<number, SourceFields>;
}

export class SourceFieldsRepo {
  constructor(private readonly sql: Statements) {}

  /** Sets (replacing) the fields of each annotation; an empty object removes them. */
  setForAnnotations(rows: readonly { annotationId: number; fields: SourceFields }[]): void {
    this.set(
      'annotation_source_fields',
      'annotation_id',
      rows.map((r) => [r.annotationId, r.fields]),
    );
  }

  setForImages(rows: readonly { imageId: number; fields: SourceFields }[]): void {
    this.set(
      'image_source_fields',
      'image_id',
      rows.map((r) => [r.imageId, r.fields]),
    );
  }

  /** The kept fields of several images (a page) and of their annotations, by image id: two queries for them all. */
  ofImages(imageIds: readonly number[]): Map<number, ImageSourceFields> {
    const out = new Map<number, ImageSourceFields>(
      imageIds.map((id) => [id, { image: null, annotations: new Map() }]),
    );
    const ids = JSON.stringify(imageIds);
    const images = this.sql
      .get(
        'SELECT image_id AS id, fields FROM image_source_fields WHERE image_id IN (SELECT value FROM json_each(?))',
      )
      .all(ids) as { id: number; fields: string }[];
    for (const r of images) out.get(r.id)!.image = JSON.parse(r.fields) as SourceFields;
    const annotations = this.sql
      .get(
        `SELECT a.image_id, f.annotation_id AS id, f.fields FROM annotation_source_fields f
         JOIN annotations a ON a.id = f.annotation_id WHERE a.image_id IN (SELECT value FROM json_each(?))`,
      )
      .all(ids) as { image_id: number; id: number; fields: string }[];
    for (const r of annotations)
      out.get(r.image_id)!.annotations.set(r.id, JSON.parse(r.fields) as SourceFields);
    return out;
  }

  private set(table: string, key: string, rows: readonly [number, SourceFields][]): void {
    const upsert = this.sql.get(
      `INSERT INTO ${table} (${key}, fields) VALUES (?, ?) ON CONFLICT (${key}) DO UPDATE SET fields = excluded.fields`,
    );
    const remove = this.sql.get(`DELETE FROM ${table} WHERE ${key} = ?`);
    for (const [id, fields] of rows) {
      if (Object.keys(fields).length === 0) remove.run(id);
      else upsert.run(id, JSON.stringify(fields));
    }
  }
}
