// `npm run bench`: runs every benchmark in this folder in turn (tsx) and prints one JSON object keyed by name.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';

const here = new URL('.', import.meta.url).pathname;
const only = process.argv.slice(2);
const results = {};
for (const file of readdirSync(here)
  .filter((f) => f.endsWith('.ts'))
  .sort()) {
  const name = basename(file, '.ts');
  if (only.length && !only.includes(name)) continue;
  console.error(`▶ bench ${name}`);
  const run = spawnSync('npx', ['tsx', join(here, file)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    // Each benchmark prints exactly one JSON object as its last output.
    results[name] = JSON.parse(run.stdout.slice(run.stdout.indexOf('{')));
  } catch {
    results[name] = { error: `exit ${run.status}`, output: run.stdout.slice(-2000) };
  }
}
console.log(JSON.stringify(results, null, 2));
