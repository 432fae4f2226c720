// `npm test`: every check a change must pass, in order — types, lint and format, build, packaging, then all vitest
// projects (unit, integration, e2e in Chromium). Ends with one line "N passed, N failed, N skipped".
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
const resultsFile = '.vitest-results.json';

function run(title, cmd, cmdArgs) {
  console.log(`\n▶ ${title}`);
  const result = spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit' });
  return result.status === 0;
}

const steps = [
  ['types', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']],
  ['lint', 'npx', ['eslint', '.']],
  ['format', 'npx', ['prettier', '--check', '.']],
  ['build', 'npx', ['electron-vite', 'build']],
  // electron-builder.yml packages (and unpacks from the asar) everything the build just made loads at run time.
  ['packaging', 'npx', ['tsx', 'scripts/check-packaging.ts']],
];
const failedSteps = steps.filter(([title, cmd, args]) => !run(title, cmd, args)).map(([t]) => t);

rmSync(`${root}/${resultsFile}`, { force: true });
run('tests (unit, integration, e2e)', 'npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile=${resultsFile}`,
  ...process.argv.slice(2),
]);

let passed = 0;
let failed = 0;
let skipped = 0;
try {
  const results = JSON.parse(readFileSync(`${root}/${resultsFile}`, 'utf8'));
  passed = results.numPassedTests;
  failed = results.numFailedTests + (results.numRuntimeErrorTestSuites ?? 0);
  skipped = results.numPendingTests + results.numTodoTests;
  // A suite that failed to load has no tests of its own: count it as a failure.
  failed += results.testResults.filter(
    (s) => s.status === 'failed' && s.assertionResults.length === 0,
  ).length;
} catch {
  failed += 1;
  console.error('No test results were written: the test run itself failed.');
}
failed += failedSteps.length;
if (failedSteps.length) console.error(`\nFailed checks: ${failedSteps.join(', ')}`);
console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
