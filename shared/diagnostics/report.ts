// A diagnostics report: what a person asking for help pastes into an issue. Built from facts the studio gathers
// (electron/studio/diagnostics.ts), every one of them passed through the log's redaction first: settings lose
// their credentials, paths their home folder (~), log lines (already redacted when written) are redacted again
// with today's secrets, so even a line an older version wrote cannot carry the token. Pure: tested as a table.
import { redactText, redactValue, type RedactOptions } from '../logs/redact';

export interface DiagnosticsModelFile {
  file: string;
  sizeBytes: number | null;
  expectedBytes: number | null;
  /** 'ok': the sha256 matches the manifest; 'no checksum' when the manifest has none. */
  checksum: 'ok' | 'mismatch' | 'missing' | 'wrong size' | 'not checked (large)' | 'no checksum';
}

export interface DiagnosticsFacts {
  generatedAt: string;
  version: string;
  mode: string;
  os: { platform: string; release: string; arch: string };
  versions: { node: string; electron: string | null; chrome: string | null };
  cpus: { count: number; model: string };
  memory: { totalBytes: number; freeBytes: number; processRssBytes: number };
  dataDir: string;
  modelsDir: string;
  models: { id: string; name: string; installed: boolean; files: DiagnosticsModelFile[] }[];
  /** The settings as the studio reads them (credentials are removed here). */
  settings: unknown;
  bedrock: unknown;
  endpoints: { role: string; name: string }[];
  /** Recent projects: how many, and which schema version each file is at (or why it cannot be read). */
  projects: { schemaVersion: number | null; problem: string | null }[];
  schemaVersion: number;
  logLines: string[];
}

export interface DiagnosticsReport {
  /** Plain text for an issue or an e-mail. */
  text: string;
  /** The same as JSON (`visprompt diagnostics --json`). */
  report: Record<string, unknown>;
}

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const size = (bytes: number | null) =>
  bytes === null
    ? 'absent'
    : bytes >= GiB
      ? `${(bytes / GiB).toFixed(1)} GiB`
      : bytes >= MiB
        ? `${(bytes / MiB).toFixed(1)} MiB`
        : `${bytes} B`;

/** Schema versions of the recent projects as 'v12 x3, v11 x1, unreadable x1'. */
export function projectVersions(projects: DiagnosticsFacts['projects']): string {
  const counts = new Map<string, number>();
  for (const p of projects) {
    const key = p.schemaVersion === null ? (p.problem ?? 'unreadable') : `v${p.schemaVersion}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([k, n]) => `${k} x${n}`).join(', ') || 'none';
}

export function buildDiagnostics(facts: DiagnosticsFacts, options: RedactOptions = {}): DiagnosticsReport {
  const redact = { ...options, maxString: 4000 };
  const clean = <T>(v: T) => redactValue(v, redact) as T;
  const logLines = facts.logLines.map((l) => redactText(l, redact));
  const report = clean({
    generatedAt: facts.generatedAt,
    version: facts.version,
    mode: facts.mode,
    os: facts.os,
    versions: facts.versions,
    cpus: facts.cpus,
    memory: facts.memory,
    dataDir: facts.dataDir,
    modelsDir: facts.modelsDir,
    models: facts.models,
    settings: facts.settings,
    bedrock: facts.bedrock,
    endpoints: facts.endpoints,
    projects: { count: facts.projects.length, schemaVersions: projectVersions(facts.projects) },
    schemaVersion: facts.schemaVersion,
  });
  const r = report as unknown as Omit<DiagnosticsFacts, 'projects'> & {
    projects: { count: number; schemaVersions: string };
  };
  const lines = [
    `VisPrompt Studio ${r.version} diagnostics (${r.generatedAt})`,
    '',
    `Mode:        ${r.mode}`,
    `OS:          ${r.os.platform} ${r.os.release} (${r.os.arch})`,
    `Node:        ${r.versions.node}` +
      (r.versions.electron ? `, Electron ${r.versions.electron}` : '') +
      (r.versions.chrome ? `, Chrome ${r.versions.chrome}` : ''),
    `CPUs:        ${r.cpus.count} x ${r.cpus.model}`,
    `Memory:      ${size(r.memory.totalBytes)} total, ${size(r.memory.freeBytes)} free, ` +
      `studio ${size(r.memory.processRssBytes)}`,
    `Data dir:    ${r.dataDir}`,
    `Models dir:  ${r.modelsDir}`,
    `Projects:    ${r.projects.count} recent (${r.projects.schemaVersions}; this version writes v${r.schemaVersion})`,
    '',
    'Models:',
    ...r.models.map(
      (m) =>
        `  ${m.installed ? '✓' : '·'} ${m.name} (${m.id}): ` +
        m.files.map((f) => `${f.file} ${size(f.sizeBytes)}, checksum ${f.checksum}`).join('; '),
    ),
    '',
    'Endpoints:',
    ...(r.endpoints.length ? r.endpoints.map((e) => `  ${e.role}: ${e.name}`) : ['  none']),
    '',
    'Settings (credentials removed):',
    ...JSON.stringify(r.settings, null, 2)
      .split('\n')
      .map((l) => `  ${l}`),
    'Bedrock:',
    ...JSON.stringify(r.bedrock, null, 2)
      .split('\n')
      .map((l) => `  ${l}`),
    '',
    `Last ${logLines.length} log lines (logs/studio.log):`,
    ...logLines,
  ];
  return { text: `${lines.join('\n')}\n`, report: { ...report, logLines } };
}
