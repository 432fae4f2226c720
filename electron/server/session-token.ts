// Browser mode's token, kept in the data dir so that a tab closed (or a browser restarted) finds the same
// studio again: the printed link stays valid across restarts, and the cookie it sets keeps opening the bare
// address. The token is as strong as before (24 random bytes); the file is readable by its owner only, like
// the rest of the data dir's secrets. A file others could have read (group or world rights, another owner, a
// symlink) is no secret any more: it is replaced, which makes every earlier link and cookie useless, as
// deleting the file does.
import { randomBytes } from 'node:crypto';
import { link, lstat, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { BROWSER_TOKEN_FILE } from '../../shared/transport';

const TOKEN = /^[A-Za-z0-9_-]{32,128}$/;

export const newToken = () => randomBytes(24).toString('base64url');

/** Whether the file at `path` can only have been read by us: a regular file of ours with no group/other rights. */
async function private_(path: string): Promise<boolean> {
  const info = await lstat(path).catch(() => null);
  if (!info?.isFile()) return false;
  // Windows has no POSIX rights (every file reads as 0o666); the data dir's ACL is what protects it there.
  if (process.platform === 'win32') return true;
  return (info.mode & 0o077) === 0 && (process.getuid === undefined || info.uid === process.getuid());
}

/**
 * The data dir's token, made (owner-only) on first use; a damaged file, or one others could read, is replaced
 * with a fresh token.
 */
export async function sessionToken(dataDir: string): Promise<string> {
  const path = join(dataDir, BROWSER_TOKEN_FILE);
  const kept = await readFile(path, 'utf8').then(
    (t) => t.trim(),
    () => null,
  );
  if (kept !== null && TOKEN.test(kept) && (await private_(path))) return kept;
  await mkdir(dirname(path), { recursive: true });
  // Not when there was no file to read: another studio starting at once may have just linked its token there.
  const present = await lstat(path).catch(() => null);
  if (kept !== null || (present && !present.isFile())) await rm(path, { force: true });
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
    if (!TOKEN.test(other) || !(await private_(path)))
      throw new Error(
        `The browser token file ${path} is damaged or readable by others: delete it and start again.`,
        {
          cause: err,
        },
      );
    return other;
  } finally {
    await rm(temp, { force: true });
  }
}
