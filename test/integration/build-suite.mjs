// Compiles the integration suite (test/integration/suite/*.ts) to out/integration/suite/*.js, one
// CommonJS file per source, for VS Code's extension host. `vscode` is provided by the host and mocha
// is loaded from node_modules at run time; anything the tests import from src/ is bundled in.
import * as esbuild from 'esbuild';
import { copyFileSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
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
  // A test that imports the engine (through src/codegen or src/panel) loads the wasm backend from
  // beside its bundle, as dist/host.js does (src/engine/backend.ts).
  const wasmDir = dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm'));
  for (const f of ['tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm.wasm']) copyFileSync(join(wasmDir, f), join(suiteOutDir, f));
  return join(suiteOutDir, 'index.js');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await buildSuite();
