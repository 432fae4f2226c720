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

  /** The image's fields and those of its annotations, by annotation id. */
  ofImage(imageId: number): ImageSourceFields {
    const image = this.sql
      .get('SELECT fields FROM image_source_fields WHERE image_id = ?')
      .pluck()
      .get(imageId) as string | undefined;
    const rows = this.sql
      .get(
        `SELECT f.annotation_id AS id, f.fields FROM annotation_source_fields f
         JOIN annotations a ON a.id = f.annotation_id WHERE a.image_id = ?`,
      )
      .all(imageId) as { id: number; fields: string }[];
    return {
      image: image === undefined ? null : (JSON.parse(image) as SourceFields),
      annotations: new Map(rows.map((r) => [r.id, JSON.parse(r.fields) as SourceFields])),
    };
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
