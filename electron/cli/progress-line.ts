// A job's progress on stderr: rewritten in place on a terminal, one line a second otherwise (logs, CI), so
// stdout stays for the JSON result.
import type { BatchJob } from '../../shared/api/batch';
import { formatDuration, formatRate } from '../../shared/batch/format';

export function progressText(job: BatchJob, rate: number | null, etaSec: number | null): string {
  const { done, failed, skipped } = job.counts;
  const problems = failed + skipped ? `, ${failed} failed, ${skipped} skipped` : '';
  return `job ${job.id} "${job.name}": ${done + failed + skipped}/${job.total} images${problems} · ${formatRate(rate)} · ETA ${formatDuration(etaSec)}`;
}

export function progressLine(stream: NodeJS.WriteStream = process.stderr, everyMs = 1000) {
  let last = 0;
  let shown = false;
  return {
    update(text: string, force = false) {
      const now = Date.now();
      if (stream.isTTY) {
        stream.write(`\r\x1b[2K${text}`);
        shown = true;
      } else if (force || now - last >= everyMs) {
        stream.write(`${text}\n`);
        last = now;
      }
    },
    end() {
      if (shown) stream.write('\n');
      shown = false;
    },
  };
}
