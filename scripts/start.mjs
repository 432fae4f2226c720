// `npm start`: builds what is stale, then opens the studio in Electron when its binary is installed, or in
// browser mode (a local server on 127.0.0.1 and the link to open) when it is not (--browser forces it).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const forceBrowser = args.includes('--browser');
const passThrough = args.filter((a) => a !== '--browser');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

const built = join(root, 'out/main/server.js');
const sources = ['electron', 'renderer', 'shared'].map((d) => newestMtime(join(root, d)));
if (!existsSync(built) || Math.max(...sources) > statSync(built).mtimeMs) {
  console.log('Building the studio…');
  const result = spawnSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function electronBinary() {
  try {
    // The electron package exports the binary's path, and throws when the binary was never downloaded.
    const path = createRequire(import.meta.url)('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

const electron = forceBrowser ? null : electronBinary();
if (electron) {
  spawn(electron, [root, ...passThrough], { stdio: 'inherit' }).on('exit', (code) => process.exit(code ?? 0));
} else {
  if (!forceBrowser) {
    console.log(
      'No Electron binary is installed (it is skipped with ELECTRON_SKIP_BINARY_DOWNLOAD=1), so the studio ' +
        'starts in browser mode: open the link below in Chrome, Edge or Firefox.',
    );
  }
  const child = spawn(process.execPath, [built, ...passThrough], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
}
