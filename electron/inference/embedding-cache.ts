// Image embeddings computed once per image and model: an LRU in memory bounded in MB, backed by files in a
// folder the caller gives, also bounded (least recently used files go first), so reopening an image or the
// studio never re-runs an encoder, and a 4 MB embedding per image never fills the disk.
// Engine-neutral: the local SAM encoder stores float32, an endpoint's embedding mode may store float16 bits.
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { StudioError } from '../../shared/errors';
import { writeFileAtomic } from '../fs/atomic-write';
import { DiskBudget } from '../media/disk-cache';

export type Embedding =
  | { dtype: 'float32'; data: Float32Array; shape: number[]; inputSize: [number, number] }
  /** IEEE half floats as their 16-bit patterns, as endpoints send them. */
  | { dtype: 'float16'; data: Uint16Array; shape: number[]; inputSize: [number, number] };
// inputSize: [height, width] of the resized image inside the encoder's input frame (SAM's `input_size`).

export interface EmbeddingKey {
  /** Content hash of the image (EngineImage.sha256). */
  imageSha256: string;
  /** The encoder's model id: the same image embedded by two models is two entries. */
  modelId: string;
}

export interface EmbeddingCacheOptions {
  /** Memory budget; an embedding larger than it is kept on disk only. */
  maxMemoryMB: number;
  /** Folder for the on-disk copies; null keeps embeddings in memory only. */
  dir: string | null;
  /** Disk budget (default 2048 MB, about 500 SAM embeddings); the least recently used files are removed. */
  maxDiskMB?: number;
}

export const DEFAULT_MAX_DISK_MB = 2048;

export interface EmbeddingCacheStats {
  memoryHits: number;
  diskHits: number;
  misses: number;
  /** Bytes of embedding data held in memory now. */
  memoryBytes: number;
}

const MAGIC = 'VPEMB1';
const HEADER_BYTES = 512;

interface FileHeader {
  magic: typeof MAGIC;
  dtype: Embedding['dtype'];
  shape: number[];
  inputSize: [number, number];
}

function checkKey({ imageSha256, modelId }: EmbeddingKey): void {
  // Both become path parts: refuse anything that could leave the folder.
  if (!/^[0-9a-f]{64}$/.test(imageSha256))
    throw new StudioError('invalid_input', `'${imageSha256}' is not a sha256 (64 lower-case hex digits).`);
  if (!/^[a-z0-9][a-z0-9-]*$/.test(modelId))
    throw new StudioError(
      'invalid_input',
      `'${modelId}' is not a model id (lower-case letters, digits, dashes).`,
    );
}

function checkEmbedding(e: Embedding): void {
  const count = e.shape.reduce((a, b) => a * b, 1);
  if (!e.shape.every((d) => Number.isInteger(d) && d > 0) || count !== e.data.length)
    throw new StudioError(
      'invalid_input',
      `Embedding of shape [${e.shape.join(', ')}] has ${e.data.length} values.`,
    );
}

const byteLength = (e: Embedding) => e.data.byteLength;

export class EmbeddingCache {
  private readonly memory = new Map<string, Embedding>();
  private bytes = 0;
  private readonly counts = { memoryHits: 0, diskHits: 0, misses: 0 };
  /** The files on disk, least recently used first (one folder per model). */
  private readonly disk: DiskBudget | null;

  constructor(private readonly options: EmbeddingCacheOptions) {
    const maxBytes = (options.maxDiskMB ?? DEFAULT_MAX_DISK_MB) * 1024 * 1024;
    this.disk = options.dir ? new DiskBudget(options.dir, maxBytes, '.emb') : null;
  }

  /** The embedding if it is in memory (marks it recently used); no disk access. */
  peek(key: EmbeddingKey): Embedding | null {
    checkKey(key);
    const id = memoryId(key);
    const hit = this.memory.get(id);
    if (!hit) return null;
    this.memory.delete(id);
    this.memory.set(id, hit);
    this.counts.memoryHits++;
    void this.disk?.used(this.filePath(key));
    return hit;
  }

  /** From memory, else from disk (then kept in memory); null when neither has it or the file is unreadable. */
  async get(key: EmbeddingKey): Promise<Embedding | null> {
    const hit = this.peek(key);
    if (hit) return hit;
    const fromDisk = this.options.dir ? await this.readFile(this.filePath(key)) : null;
    if (!fromDisk) {
      this.counts.misses++;
      return null;
    }
    this.counts.diskHits++;
    this.remember(memoryId(key), fromDisk);
    await this.disk?.used(this.filePath(key));
    return fromDisk;
  }

  /** Keeps the embedding in memory and writes it to disk atomically (readers never see half a file). */
  async put(key: EmbeddingKey, embedding: Embedding): Promise<void> {
    checkKey(key);
    checkEmbedding(embedding);
    this.remember(memoryId(key), embedding);
    if (!this.disk) return;
    const header: FileHeader = {
      magic: MAGIC,
      dtype: embedding.dtype,
      shape: embedding.shape,
      inputSize: embedding.inputSize,
    };
    const head = Buffer.alloc(HEADER_BYTES, 0x20);
    head.write(JSON.stringify(header), 'utf8');
    const { buffer, byteOffset, byteLength } = embedding.data;
    const file = Buffer.concat([head, Buffer.from(buffer, byteOffset, byteLength)]);
    const path = this.filePath(key);
    await mkdir(join(this.disk.dir, key.modelId), { recursive: true });
    await writeFileAtomic(path, file);
    await this.disk.added(path, file.byteLength);
  }

  stats(): EmbeddingCacheStats {
    return { ...this.counts, memoryBytes: this.bytes };
  }

  /** Drops the memory copies (the files stay). */
  clearMemory(): void {
    this.memory.clear();
    this.bytes = 0;
  }

  private remember(id: string, embedding: Embedding): void {
    const old = this.memory.get(id);
    if (old) {
      this.memory.delete(id);
      this.bytes -= byteLength(old);
    }
    const limit = this.options.maxMemoryMB * 1024 * 1024;
    if (byteLength(embedding) > limit) return;
    this.memory.set(id, embedding);
    this.bytes += byteLength(embedding);
    // Map iteration is insertion order and every use re-inserts: the first entries are the least recent.
    for (const [oldest, e] of this.memory) {
      if (this.bytes <= limit) break;
      this.memory.delete(oldest);
      this.bytes -= byteLength(e);
    }
  }

  private filePath(key: EmbeddingKey): string {
    return join(this.options.dir!, key.modelId, `${key.imageSha256}.emb`);
  }

  /** A stored embedding, or null when missing; a damaged file is removed so it is recomputed once. */
  private async readFile(path: string): Promise<Embedding | null> {
    let file: Buffer;
    try {
      file = await readFile(path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new StudioError(
        'io_error',
        `Cannot read the cached embedding ${path}: ${(err as Error).message}`,
      );
    }
    const embedding = parseFile(file);
    if (!embedding) {
      await rm(path, { force: true });
      await this.disk?.removed(path);
    }
    return embedding;
  }
}

function memoryId({ imageSha256, modelId }: EmbeddingKey): string {
  return `${modelId}/${imageSha256}`;
}

function parseFile(file: Buffer): Embedding | null {
  let header: FileHeader;
  try {
    header = JSON.parse(file.subarray(0, HEADER_BYTES).toString('utf8')) as FileHeader;
  } catch {
    return null;
  }
  const { magic, dtype, shape, inputSize } = header;
  const whole = (v: unknown) => Array.isArray(v) && v.every((d) => Number.isInteger(d) && d > 0);
  if (magic !== MAGIC || !whole(shape) || !whole(inputSize) || inputSize.length !== 2) return null;
  const count = shape.reduce((a, b) => a * b, 1);
  const payload = file.subarray(HEADER_BYTES);
  // Copied into a fresh, aligned buffer: a Buffer's offset need not be a multiple of 4.
  const bytes = new Uint8Array(payload).buffer;
  if (dtype === 'float32' && payload.byteLength === count * 4)
    return { dtype, data: new Float32Array(bytes), shape, inputSize };
  if (dtype === 'float16' && payload.byteLength === count * 2)
    return { dtype, data: new Uint16Array(bytes), shape, inputSize };
  return null;
}
