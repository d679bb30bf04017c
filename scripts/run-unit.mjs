// Runs the unit tests (test/unit/**/*.test.ts) with Node's test runner and tsx.
// Node 20's --test does not expand globs or pick up .ts files by itself.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const roots = process.argv.slice(2).length ? process.argv.slice(2) : ['test/unit'];
const files = [];
const walk = (p) => {
  if (statSync(p).isDirectory()) for (const f of readdirSync(p).sort()) walk(join(p, f));
  else if (p.endsWith('.test.ts')) files.push(p);
};
roots.forEach(walk);
if (files.length === 0) {
  console.error('run-unit: no test files under ' + roots.join(', '));
  process.exit(1);
}
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], { stdio: 'inherit' });
process.exit(r.status ?? 1);
