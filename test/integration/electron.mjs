// `npm run test:electron`: the same mocha suite as `npm run test:integration`, in desktop VS Code
// (Electron) through @vscode/test-electron. It downloads a VS Code build into .vscode-test/ the first
// time, so it needs internet access; offline machines use test/integration/run.mjs (code-server).
//   node test/integration/electron.mjs [--vscode=VERSION] [--vscode-path=/path/to/code]
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { buildSuite } from './build-suite.mjs';
import { prepareRun, repoRoot } from './harness/code-server.mjs';

const arg = (name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];

async function main() {
  if (!existsSync(join(repoRoot, 'dist', 'extension.js'))) throw new Error('dist/extension.js is missing: run `npm run build` first');
  const suiteIndex = await buildSuite();
  // The same fresh folders as the code-server route; the workspace is a copy of samples/.
  const run = prepareRun('electron');
  const resultsFile = join(run.dir, 'results.json');
  const code = await runTests({
    version: arg('vscode') ?? 'stable',
    vscodeExecutablePath: arg('vscode-path'),
    cachePath: join(repoRoot, '.vscode-test', 'electron'),
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: suiteIndex,
    extensionTestsEnv: { LOSS_LAB_IT_RESULTS: resultsFile },
    launchArgs: [run.workspace, '--user-data-dir', run.userData, '--extensions-dir', run.extensions, '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
  });
  const result = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : null;
  if (!result) throw new Error(`VS Code exited with ${code} and the suite wrote no results (${resultsFile})`);
  for (const [k, v] of Object.entries(result.notes ?? {})) console.log(`note: ${k} = ${JSON.stringify(v)}`);
  console.log(`${result.passes} passed, ${result.failures} failed` + (result.pending ? `, ${result.pending} skipped` : ''));
  return code === 0 && result.failures === 0 && result.passes > 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    const msg = e instanceof Error ? e.message : String(e);
    console.error(`test:electron failed: ${msg}`);
    if (/ENOTFOUND|EAI_AGAIN|ECONNREFUSED|getaddrinfo|Failed to get JSON|download/i.test(msg)) {
      console.error('It downloads VS Code on first use and needs internet access; offline, run `npm run test:integration` (code-server).');
    }
    process.exit(1);
  },
);
