// `npm run test:webview`: builds the bundles (the tests run the built dist/webview.js, as shipped),
// then runs test/webview/**/*.test.ts with Node's test runner (TAP: ends with "# pass N / # fail N").
// Screenshots land in test-results/webview/. `--no-build` skips the build; other arguments
// select test files.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const args = process.argv.slice(2);
const build = !args.includes('--no-build');
const chosen = args.filter((a) => a !== '--no-build');

if (build) {
  const b = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'inherit' });
  if (b.status !== 0) process.exit(b.status ?? 1);
}
const files = chosen.length ? chosen : readdirSync(here).filter((f) => f.endsWith('.test.ts')).sort().map((f) => join(here, f));
// One file at a time: each starts its own Chromium, and the machine has 2 cores.
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=tap', ...files], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(r.status ?? 1);
