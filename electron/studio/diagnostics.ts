// The facts of a diagnostics report, gathered from this machine and data dir (shared/diagnostics/report.ts builds
// and redacts the report). Nothing here opens a project (that could upgrade it): a recent project's schema
// version is read from its file header. Model files are checked against the manifest's sha256 when they are
// small enough to hash in a moment.
import { readFile } from 'node:fs/promises';
import { arch, cpus, freemem, release, totalmem } from 'node:os';
import { join } from 'node:path';
import type { EndpointSettings } from '../../shared/domain';
import { StudioError } from '../../shared/errors';
import { BROWSER_TOKEN_FILE } from '../../shared/transport';
import {
  buildDiagnostics,
  type DiagnosticsFacts,
  type DiagnosticsModelFile,
  type DiagnosticsReport,
} from '../../shared/diagnostics/report';
import { locateModel } from '../inference/models/locate';
import { MANIFEST } from '../inference/models/manifest';
import { readLogTail } from '../logs/log-tail';
import { logsDir } from '../logs/logger';
import { hashFile } from '../media/hash-file';
import { bedrockSettingsFile } from '../settings/bedrock-settings';
import { SCHEMA_VERSION } from '../store/migrations';
import { checkProjectHeader } from '../store/open-database';
import type { StudioContext } from './context';

/** Files above this are not hashed for the report (a SAM ViT-H encoder is 2.5 GB: seconds of reading). */
const HASH_LIMIT_BYTES = 256 * 1024 * 1024;
export const DIAGNOSTICS_LOG_LINES = 200;

const ENDPOINT_ROLES: [string, keyof EndpointSettings][] = [
  ['SAM', 'samEndpoint'],
  ['Grounded-SAM', 'groundedSamEndpoint'],
  ['async SAM', 'asyncSamEndpoint'],
  ['async Grounded-SAM', 'asyncGroundedSamEndpoint'],
  ['S3 bucket', 's3Bucket'],
];

/** A recent project's schema version from its file header (nothing opened, nothing upgraded), or why not. */
function projectVersion(path: string): { schemaVersion: number | null; problem: string | null } {
  try {
    return { schemaVersion: checkProjectHeader(path), problem: null };
  } catch (err) {
    const code = err instanceof StudioError ? err.code : 'io_error';
    const problem =
      code === 'not_found'
        ? 'gone'
        : code === 'schema_too_new'
          ? 'newer than this studio'
          : code === 'io_error'
            ? 'unreadable'
            : 'not a project';
    return { schemaVersion: null, problem };
  }
}

async function modelFacts(modelsDir: string): Promise<DiagnosticsFacts['models']> {
  return Promise.all(
    MANIFEST.models.map(async (entry) => {
      const located = locateModel(entry, modelsDir);
      const files = await Promise.all(
        located.files.map(async (f, i): Promise<DiagnosticsModelFile> => {
          const spec = entry.files[i]!;
          const base = { file: f.file, sizeBytes: f.sizeBytes, expectedBytes: spec.sizeBytes };
          if (f.sizeBytes === null) return { ...base, checksum: 'missing' };
          if (f.problem) return { ...base, checksum: 'wrong size' };
          if (spec.sha256 === null) return { ...base, checksum: 'no checksum' };
          if (f.sizeBytes > HASH_LIMIT_BYTES) return { ...base, checksum: 'not checked (large)' };
          const digest = await hashFile(f.path).catch(() => null);
          return { ...base, checksum: digest === spec.sha256 ? 'ok' : 'mismatch' };
        }),
      );
      return { id: entry.id, name: entry.name, installed: located.complete, files };
    }),
  );
}

export async function diagnostics(ctx: StudioContext): Promise<DiagnosticsReport> {
  const { dataDir, homeDir } = ctx.system;
  const settings = await ctx.settings.read();
  const bedrock = await bedrockSettingsFile(dataDir)
    .read()
    .catch(() => null);
  const { dir: modelsDir } = await ctx.modelsDir.resolve();
  const recent = await ctx.recent.read().catch(() => []);
  const token = await readFile(join(dataDir, BROWSER_TOKEN_FILE), 'utf8').then(
    (t) => t.trim(),
    () => '',
  );
  const cpuList = cpus();
  const facts: DiagnosticsFacts = {
    generatedAt: ctx.now().toISOString(),
    version: ctx.system.version,
    mode: ctx.system.mode,
    os: { platform: process.platform, release: release(), arch: arch() },
    versions: {
      node: process.versions.node,
      electron: process.versions.electron ?? null,
      chrome: process.versions.chrome ?? null,
    },
    cpus: { count: cpuList.length, model: cpuList[0]?.model.trim() ?? 'unknown' },
    memory: { totalBytes: totalmem(), freeBytes: freemem(), processRssBytes: process.memoryUsage.rss() },
    dataDir,
    modelsDir,
    models: await modelFacts(modelsDir),
    settings,
    bedrock,
    endpoints: ENDPOINT_ROLES.filter(([, key]) => settings.endpoints[key]).map(([role, key]) => ({
      role,
      name: String(settings.endpoints[key]),
    })),
    projects: recent.map((p) => projectVersion(p.path)),
    schemaVersion: SCHEMA_VERSION,
    logLines: readLogTail(logsDir(dataDir), DIAGNOSTICS_LOG_LINES),
  };
  return buildDiagnostics(facts, { homeDir, secrets: token ? [token] : [] });
}
