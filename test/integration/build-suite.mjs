// Compiles the integration suite (test/integration/suite/*.ts) to out/integration/suite/*.js, one
// CommonJS file per source, for VS Code's extension host. `vscode` is provided by the host and mocha
// is loaded from node_modules at run time; anything the tests import from src/ is bundled in.
import * as esbuild from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const suiteOutDir = join(root, 'out', 'integration', 'suite');

export async function buildSuite() {
  const srcDir = join(root, 'test', 'integration', 'suite');
  const entryPoints = readdirSync(srcDir)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(srcDir, f));
  rmSync(suiteOutDir, { recursive: true, force: true });
  await esbuild.build({
    entryPoints,
    outdir: suiteOutDir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha'],
    mainFields: ['module', 'main'],
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  return join(suiteOutDir, 'index.js');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await buildSuite();
