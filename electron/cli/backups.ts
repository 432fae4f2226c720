// `visprompt backups list|create|restore <id>`: a project's backups from a shell, through the same studio
// calls as the UI (headless-studio.ts). JSON on stdout; a refused restore says why on stderr and changes nothing.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { BackupInfo, BackupList, RestoreResult } from '../../shared/api/backups';
import { StudioError } from '../../shared/errors';
import { backupsDirOf } from '../store/backups';
import { EXIT } from './exit-codes';
import { openHeadlessStudio } from './headless-studio';

export const BACKUP_COMMANDS = ['list', 'create', 'restore'] as const;

export const BACKUPS_HELP = `  backups list    --project P              the project's backups, newest first (id, reason, time, size, schema)
  backups create  --project P              a backup now (reason 'manual')
  backups restore --project P <id>         back up the current state, then put backup <id> in its place`;

export async function runBackups(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { project: { type: 'string' }, 'data-dir': { type: 'string' }, help: { type: 'boolean' } },
  });
  if (values.help || command === '--help') {
    console.log(BACKUPS_HELP);
    return EXIT.ok;
  }
  if (!BACKUP_COMMANDS.includes(command as never))
    throw new StudioError(
      'invalid_input',
      `No backups command '${command ?? ''}': ${BACKUP_COMMANDS.join(', ')}.`,
    );
  if (!values.project)
    throw new StudioError('invalid_input', `backups ${command} needs --project P.vpstudio.`);
  const project = resolve(values.project);
  if (!existsSync(project) && !existsSync(backupsDirOf(project)))
    throw new StudioError('not_found', `No project file at ${project}.`);
  const id = positionals[0];
  if (command === 'restore' && !id)
    throw new StudioError('invalid_input', 'backups restore needs the backup id (backups list shows them).');
  if (positionals.length > (command === 'restore' ? 1 : 0))
    throw new StudioError('invalid_input', `Unexpected argument '${positionals.at(-1)}'.`);

  const studio = openHeadlessStudio(values['data-dir']);
  try {
    let out: BackupList | BackupInfo | RestoreResult;
    if (command === 'list') out = await studio.call<BackupList>('backups.list', { project });
    else if (command === 'create') out = await studio.call<BackupInfo>('backups.create', { project });
    else out = await studio.call<RestoreResult>('backups.restore', { project, id });
    console.log(JSON.stringify(out, null, 2));
    return EXIT.ok;
  } finally {
    await studio.close();
  }
}
