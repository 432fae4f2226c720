// Decoded images by content hash, least recently used first out, bounded by their pixel bytes.
import type { Pixels } from './cut';

export class PixelCache {
  private readonly entries = new Map<string, Pixels>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  get(key: string): Pixels | undefined {
    const hit = this.entries.get(key);
    if (hit) {
      // Re-inserting moves the key to the end: Map keeps insertion order, so the first key is the oldest.
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  set(key: string, pixels: Pixels): void {
    this.delete(key);
    this.entries.set(key, pixels);
    this.bytes += pixels.data.byteLength;
    for (const [oldest] of this.entries) {
      // The newest image always stays, even when it alone is over the bound: it is the one being worked on.
      if (this.bytes <= this.maxBytes || oldest === key) break;
      this.delete(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  get totalBytes(): number {
    return this.bytes;
  }

  private delete(key: string): void {
    const old = this.entries.get(key);
    if (!old) return;
    this.bytes -= old.data.byteLength;
    this.entries.delete(key);
  }
}
