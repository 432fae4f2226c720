// Streaming writers for an export: every record goes to disk as it is made, with backpressure, so memory stays
// flat however many images are exported.
import { once } from 'node:events';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { OutputRecord } from '../../shared/datasets/formats/format';
import { csvLine } from '../../shared/datasets/instructions';
import { joinInside } from '../fs/inside';
import { DiskQueue } from './disk-queue';

/** Text gathered before a write to the stream: one write per record cost more than the records' JSON. */
const FLUSH_AT = 1 << 16;

export class OutFile {
  private readonly stream: WriteStream;
  private failure: Error | null = null;
  private pending: string[] = [];
  private pendingLength = 0;

  constructor(readonly path: string) {
    this.stream = createWriteStream(path);
    this.stream.on('error', (err) => (this.failure = err));
  }

  static async open(path: string): Promise<OutFile> {
    await mkdir(dirname(path), { recursive: true });
    return new OutFile(path);
  }

  async write(text: string): Promise<void> {
    if (this.failure) throw this.failure;
    this.pending.push(text);
    this.pendingLength += text.length;
    if (this.pendingLength >= FLUSH_AT) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.pendingLength === 0) return;
    const chunk = this.pending.join('');
    this.pending = [];
    this.pendingLength = 0;
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }

  /** Appends a whole file (a part written earlier), streamed. */
  async append(path: string): Promise<void> {
    await this.flush();
    await pipeline(createReadStream(path), this.stream, { end: false });
  }

  async close(): Promise<void> {
    await this.flush();
    if (this.failure) throw this.failure;
    this.stream.end();
    await once(this.stream, 'finish');
  }
}

/** A JSON list written item by item: "[\n" item ",\n" item "\n]\n". */
export class JsonArrayFile {
  private count = 0;

  private constructor(private readonly file: OutFile) {}

  static async open(path: string): Promise<JsonArrayFile> {
    const file = await OutFile.open(path);
    await file.write('[');
    return new JsonArrayFile(file);
  }

  get length(): number {
    return this.count;
  }

  async add(item: unknown): Promise<void> {
    await this.file.write(`${this.count++ === 0 ? '\n' : ',\n'}${JSON.stringify(item)}`);
  }

  async close(): Promise<void> {
    await this.file.write(this.count ? '\n]\n' : ']\n');
    await this.file.close();
  }
}

/**
 * A COCO file: its lists of images and annotations grow side by side, so each goes to a part file and the two
 * are joined under the header when the export ends. Video-COCO's videos (one per sequence, few) are kept in
 * memory by id, the first record of each, and written before the images.
 */
export class CocoFile {
  private readonly videos = new Map<unknown, unknown>();

  private constructor(
    private readonly path: string,
    private readonly header: Record<string, unknown>,
    readonly images: JsonArrayFile,
    readonly annotations: JsonArrayFile,
  ) {}

  static async open(path: string, header: Record<string, unknown>): Promise<CocoFile> {
    return new CocoFile(
      path,
      header,
      await JsonArrayFile.open(`${path}.images.part`),
      await JsonArrayFile.open(`${path}.annotations.part`),
    );
  }

  addVideo(record: unknown): void {
    const id = (record as { id?: unknown }).id;
    if (!this.videos.has(id)) this.videos.set(id, record);
  }

  async close(): Promise<void> {
    await this.images.close();
    await this.annotations.close();
    const out = await OutFile.open(this.path);
    const head = JSON.stringify(
      this.videos.size > 0 ? { ...this.header, videos: [...this.videos.values()] } : this.header,
    );
    await out.write(`${head.slice(0, -1)}${head.length > 2 ? ',' : ''}\n"images": `);
    await out.append(`${this.path}.images.part`);
    await out.write(',\n"annotations": ');
    await out.append(`${this.path}.annotations.part`);
    await out.write('}\n');
    await out.close();
    await rm(`${this.path}.images.part`);
    await rm(`${this.path}.annotations.part`);
  }
}

/** The open output files of an export, by path under the root; whole text files are written a few at a time. */
export class OutputFiles {
  private readonly open = new Map<string, JsonArrayFile | CocoFile | OutFile>();
  private readonly written: string[] = [];
  private readonly whole = new DiskQueue();

  constructor(
    private readonly root: string,
    /** The head of sectioned (COCO) files. */
    private readonly header: Record<string, unknown>,
  ) {}

  files(): string[] {
    return [...this.written].sort();
  }

  async add(r: OutputRecord): Promise<void> {
    const path = joinInside(this.root, r.file, 'An export file');
    if (r.kind === 'text') {
      const text = r.record;
      await this.whole.add(path, () => writeFile(path, text));
      this.written.push(r.file);
      return;
    }
    let file = this.open.get(r.file);
    if (!file) {
      file =
        r.kind === 'coco-image' || r.kind === 'coco-annotation' || r.kind === 'coco-video'
          ? await CocoFile.open(path, this.header)
          : r.kind === 'json'
            ? await JsonArrayFile.open(path)
            : await OutFile.open(path);
      if (r.kind === 'csv') await (file as OutFile).write(csvLine(Object.keys(r.record)));
      this.open.set(r.file, file);
      this.written.push(r.file);
    }
    if (r.kind === 'coco-image') await (file as CocoFile).images.add(r.record);
    else if (r.kind === 'coco-annotation') await (file as CocoFile).annotations.add(r.record);
    else if (r.kind === 'coco-video') (file as CocoFile).addVideo(r.record);
    else if (r.kind === 'json') await (file as JsonArrayFile).add(r.record);
    else if (r.kind === 'jsonl') await (file as OutFile).write(`${JSON.stringify(r.record)}\n`);
    else if (r.kind === 'lines') await (file as OutFile).write(r.record);
    else if (r.kind === 'csv') await (file as OutFile).write(csvLine(Object.values(r.record)));
  }

  async closeAll(): Promise<void> {
    await this.whole.settle();
    for (const file of this.open.values()) await file.close();
    this.open.clear();
    await this.whole.finish();
  }
}
