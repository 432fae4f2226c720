// A process writing to a data dir's studio.log as the studio does: `node --import tsx log-writer.ts DIR N MAXBYTES
// FILES`. Used to show that two processes sharing one data dir never tear or lose each other's lines.
import { createFileLogger } from '../../electron/logs/logger';

const [dataDir, count, maxBytes, files] = process.argv.slice(2);
const log = createFileLogger({ dataDir: dataDir!, maxBytes: Number(maxBytes), files: Number(files) });
const pad = 'x'.repeat(300);
for (let i = 0; i < Number(count); i++) log.info('line', { i, pad });
if (log.file.dropped) {
  console.error(`${log.file.dropped} lines could not be written`);
  process.exitCode = 1;
}
