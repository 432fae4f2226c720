// A process whose studio meets an uncaught error: `node --import tsx crash-studio.ts DATA_DIR`. As the desktop
// app's studio does, it logs the error (logUncaught) and Node then exits as it always does.
import { createStudio } from '../../electron/studio/create-studio';

const [dataDir] = process.argv.slice(2);
createStudio({ dataDir: dataDir!, mode: 'electron', version: 'test', homeDir: dataDir });
setTimeout(() => {
  throw new Error('boom in the main process');
}, 10);
