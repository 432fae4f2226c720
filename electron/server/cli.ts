// Browser mode: `node out/main/server.js [--port N] [--data-dir DIR]`. Plain Node, no Electron needed.
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createFileLogger } from '../logs/logger';
import { createStudio } from '../studio/create-studio';
import { STUDIO_VERSION } from '../studio/version';
import { startServer } from './http-server';
import { sessionToken } from './session-token';

const here = dirname(fileURLToPath(import.meta.url));

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: process.env.VPS_PORT ?? '5178' },
      'data-dir': {
        type: 'string',
        default: process.env.VPS_DATA_DIR ?? join(homedir(), '.visprompt-studio'),
      },
      static: { type: 'string', default: resolve(here, '../renderer') },
      token: { type: 'string', default: process.env.VPS_TOKEN },
      /** Request-body memory over all requests at once; beyond it requests get 503. */
      'body-budget-mib': { type: 'string', default: process.env.VPS_BODY_BUDGET_MIB ?? '256' },
    },
  });
  const budgetMib = Number(values['body-budget-mib']);
  if (!Number.isInteger(budgetMib) || budgetMib < 1)
    throw new Error(
      `--body-budget-mib must be a whole number of MiB (1 or more), not '${values['body-budget-mib']}'.`,
    );
  const bodyBudgetBytes = budgetMib * 1024 * 1024;
  const dataDir = resolve(values['data-dir']!);
  // A data dir chosen on purpose (a demo, a test, a second studio) keeps its projects beside it, not in the
  // home folder's projects folder shared with every other studio.
  const chosenDataDir = process.argv.some((a) => a === '--data-dir' || a.startsWith('--data-dir='));
  const log = createFileLogger({ dataDir });
  // Before Node's own handling (which still prints and exits): what crashed the server is in the log.
  process.on('uncaughtExceptionMonitor', (error, origin) =>
    log.child('server').error('uncaught', { origin, error }),
  );
  const studio = createStudio({
    dataDir,
    mode: 'browser',
    version: STUDIO_VERSION,
    log,
    ...((chosenDataDir || process.env.VPS_DATA_DIR) && { projectsDir: join(dataDir, 'projects') }),
  });
  // The same token every run (kept in the data dir): reopening the printed link or the bare address after
  // closing the tab, the browser or the studio finds the same studio.
  const token = values.token ?? (await sessionToken(dataDir));
  log.addSecret(token);
  const requested = Number(values.port);
  const server = await startServer({
    studio,
    staticDir: resolve(values.static!),
    port: requested,
    token,
    bodyBudgetBytes,
  }).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'EADDRINUSE') throw err;
    console.log(`Port ${requested} is busy; using a free one.`);
    return startServer({
      studio,
      staticDir: resolve(values.static!),
      port: 0,
      token,
      bodyBudgetBytes,
    });
  });
  log.child('server').info('listening', { port: server.port });
  console.log(`VisPrompt Studio (browser mode) is running.\nOpen: ${server.loginUrl}`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await server.close();
    await studio.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(`VisPrompt Studio could not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
