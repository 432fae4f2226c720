// The dataset exports this studio made, newest first, so the Datasets screen can list them after the tab (or
// the studio) was closed: kept in <data dir>/exports.json. Only where and when; what an export holds is read
// from its own manifest, so a moved or deleted export shows as such instead of as a stale copy.
import { join } from 'node:path';
import { z } from 'zod';
import { EXPORT_FORMATS } from '../../shared/datasets/formats';
import { JsonFile } from '../fs/json-file';

const entrySchema = z.object({
  project: z.string(),
  target: z.string(),
  format: z.enum(EXPORT_FORMATS),
  finishedAt: z.string(),
});
export type ExportHistoryEntry = z.output<typeof entrySchema>;

export const EXPORT_HISTORY_LIMIT = 200;

export class ExportHistory {
  private readonly file: JsonFile<z.ZodArray<typeof entrySchema>>;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(dataDir: string) {
    this.file = new JsonFile(join(dataDir, 'exports.json'), z.array(entrySchema), () => []);
  }

  /** Adds an export; one to the same folder (replaced) takes the old entry's place at the top. */
  record(entry: ExportHistoryEntry): Promise<void> {
    // One write at a time: two exports ending together must both be kept.
    const next = this.queue.then(async () => {
      const all = await this.file.read();
      await this.file.write(
        [entry, ...all.filter((e) => e.target !== entry.target)].slice(0, EXPORT_HISTORY_LIMIT),
      );
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  async forProject(project: string): Promise<ExportHistoryEntry[]> {
    return (await this.file.read()).filter((e) => e.project === project);
  }
}
