// `npx tsx scripts/download-models.ts [model id ...] [--dir <folder>] [--allow-unverified]`: installs models of
// the manifest (default: the default segmenter and detector) into the models folder the studio uses
// (VISPROMPT_MODELS_DIR, else <folder> given here, else ~/.visprompt-studio/models), resuming an interrupted
// download and verifying checksums. Files without a known checksum need --allow-unverified.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { downloadModel } from '../electron/inference/models/download-model';
import { MANIFEST, modelEntry } from '../electron/inference/models/manifest';
import { MODELS_DIR_ENV, MODELS_MIRROR_ENV } from '../electron/settings/models-dir';
import { StudioError } from '../shared/errors';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { dir: { type: 'string' }, 'allow-unverified': { type: 'boolean', default: false } },
});
const dir = resolve(
  process.env[MODELS_DIR_ENV] ?? values.dir ?? join(homedir(), '.visprompt-studio', 'models'),
);
const mirror = process.env[MODELS_MIRROR_ENV]?.replace(/\/+$/, '');
const ids = positionals.length ? positionals : MANIFEST.models.filter((m) => m.default).map((m) => m.id);

const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
let failed = false;
for (const id of ids) {
  try {
    const entry = modelEntry(MANIFEST, id);
    let last = 0;
    const result = await downloadModel(entry, dir, {
      allowUnverified: values['allow-unverified'],
      urlOf: mirror ? (file) => `${mirror}/${entry.id}/${file.file}` : undefined,
      onProgress: ({ file, received, total }) => {
        if (Date.now() - last < 500 && received !== total) return;
        last = Date.now();
        process.stderr.write(`\r${id}: ${file} ${mb(received)}${total ? ` / ${mb(total)}` : ''} MB   `);
      },
    });
    process.stderr.write('\n');
    for (const f of result.files)
      console.log(
        `${id}: ${f.path} ${f.alreadyThere ? 'already there' : 'downloaded'}, sha256 ${f.sha256}${f.verified ? ' (verified)' : ' (no published checksum to verify against)'}`,
      );
  } catch (err) {
    failed = true;
    console.error(`\n${id}: ${err instanceof StudioError ? err.message : String(err)}`);
  }
}
process.exitCode = failed ? 1 : 0;
