// Bundles: dist/extension.js (node, vscode external), dist/cli.js (node), dist/webview.js (browser).
// Type-checking is separate (`npm run typecheck`); esbuild only strips types.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, existsSync, writeFileSync } from 'node:fs';
import { thirdPartyNotices } from './scripts/third-party-notices.mjs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const watch = process.argv.includes('--watch');
const production = !process.argv.includes('--dev');

mkdirSync('dist', { recursive: true });
// The wasm backend loads these by path at run time (setWasmPaths(dist/)). The threaded binary does
// not load in Node (ERR_WORKER_PATH), so only the SIMD and plain ones ship.
const wasmDir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm'));
for (const f of ['tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm.wasm']) copyFileSync(join(wasmDir, f), join('dist', f));
// "Check my loss" (issue #11): the Python helper runs from dist/ beside the bundles that start it.
copyFileSync('src/lab/check/check-runner.py', join('dist', 'check-runner.py'));

const node = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minify: production,
  sourcemap: production ? false : 'inline',
  // With esbuild's default main fields the cpu backend is dropped as "having no side effects".
  mainFields: ['module', 'main'],
  logLevel: 'warning',
};
// backend.ts finds the .wasm files beside the bundle; its require.resolve of the package's copy is
// for running from source, so the bundle leaves it as it is (esbuild warned on every build).
const wasmFromSource = '@tensorflow/tfjs-backend-wasm/dist/*.wasm';

const builds = [
  // The entry stays small; the lab (engine, panel, tfjs) is its own bundle, required on first use.
  { ...node, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { ...node, entryPoints: ['src/host.ts'], outfile: 'dist/host.js', external: ['vscode', wasmFromSource] },
  // `loss-lab` (package.json bin) is a launcher that runs the CLI proper in a child Node (see its header).
  { ...node, entryPoints: ['src/cli/launcher.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  { ...node, entryPoints: ['src/cli.ts'], outfile: 'dist/cli-main.js', external: [wasmFromSource] },
  // The TF.js check runner's child process (sucrase, bundled, loads the user's TypeScript).
  { ...node, entryPoints: ['src/lab/check/tfjs-child.ts'], outfile: 'dist/check-tfjs.js', external: [wasmFromSource] },
];
if (existsSync('webview/main.ts')) {
  builds.push({
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    minify: production,
    sourcemap: production ? false : 'inline',
    entryPoints: ['webview/main.ts'],
    outfile: 'dist/webview.js',
    logLevel: 'warning',
  });
}

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  const results = await Promise.all(builds.map((b) => esbuild.build({ ...b, metafile: true })));
  // The notices of every package the bundles contain ship beside them (the .vsix takes dist/).
  const inputs = results.flatMap((r) => Object.keys(r.metafile.inputs));
  writeFileSync(join('dist', 'THIRD-PARTY-NOTICES.txt'), thirdPartyNotices('.', inputs).text);
}
