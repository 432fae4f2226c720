import { readFile, rename } from 'node:fs/promises';
import type { z } from 'zod';
import { writeFileAtomic } from './atomic-write';

/**
 * A small JSON document on disk, validated on read. A missing file gives the fallback; a corrupt one is moved
 * aside (kept for the user, never silently overwritten) and the fallback is used.
 */
export class JsonFile<S extends z.ZodType> {
  // Only this process writes the file, so the last value read or written stays true (media requests read
  // the settings for every thumbnail).
  private cached: z.output<S> | undefined;

  constructor(
    readonly path: string,
    private readonly schema: S,
    private readonly fallback: () => z.output<S>,
  ) {}

  async read(): Promise<z.output<S>> {
    this.cached ??= await this.load();
    return this.cached;
  }

  async write(value: z.output<S>): Promise<void> {
    await writeFileAtomic(this.path, JSON.stringify(value, null, 2) + '\n');
    this.cached = value;
  }

  private async load(): Promise<z.output<S>> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return this.fallback();
      throw err;
    }
    try {
      return this.schema.parse(JSON.parse(text));
    } catch {
      await rename(this.path, `${this.path}.corrupt-${Date.now()}`);
      return this.fallback();
    }
  }
}
