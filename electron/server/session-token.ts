// Browser mode's token, kept in the data dir so that a tab closed (or a browser restarted) finds the same
// studio again: the printed link stays valid across restarts, and the cookie it sets keeps opening the bare
// address. The token is as strong as before (24 random bytes); the file is readable by its owner only, like
// the rest of the data dir's secrets. Delete the file to make every earlier link and cookie useless.
import { randomBytes } from 'node:crypto';
import { chmod, link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export const TOKEN_FILE = 'browser-token';
const TOKEN = /^[A-Za-z0-9_-]{32,128}$/;

export const newToken = () => randomBytes(24).toString('base64url');

/** The data dir's token, made (owner-only) on first use; a damaged file is replaced with a fresh token. */
export async function sessionToken(dataDir: string): Promise<string> {
  const path = join(dataDir, TOKEN_FILE);
  const kept = await readFile(path, 'utf8').then(
    (t) => t.trim(),
    () => null,
  );
  if (kept !== null && TOKEN.test(kept)) {
    // A copy restored with looser rights is tightened again.
    await chmod(path, 0o600).catch(() => undefined);
    return kept;
  }
  await mkdir(dirname(path), { recursive: true });
  if (kept !== null) await rm(path, { force: true });
  const token = newToken();
  // Written whole beside it, then linked into place: link() creates the name only if it is free, with the
  // content already there, so two studios starting on one data dir at once agree on the first one's token.
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temp, `${token}\n`, { mode: 0o600 });
  try {
    await link(temp, path);
    return token;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const other = (await readFile(path, 'utf8')).trim();
    if (!TOKEN.test(other))
      throw new Error(`The browser token file ${path} is damaged: delete it and start again.`, {
        cause: err,
      });
    return other;
  } finally {
    await rm(temp, { force: true });
  }
}
