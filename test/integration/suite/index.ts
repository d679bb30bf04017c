/**
 * Entry point that VS Code's extension host loads from `extensionTestsPath`: runs the compiled
 * `*.test.js` files beside it with mocha. The result travels two ways: the promise (VS Code turns a
 * rejection into a non-zero exit code, which the harness receives) and a JSON file the harness reads,
 * so that a lost exit code still cannot turn a failure into a pass.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { notes } from './util';

export interface SuiteResult {
  passes: number;
  failures: number;
  pending: number;
  tests: { title: string; state: 'passed' | 'failed' | 'pending'; durationMs?: number; error?: string }[];
  notes: Record<string, unknown>;
}

export async function run(): Promise<void> {
  // mocha 12 is an ES module; a dynamic import loads it from CommonJS in any Node the host runs.
  const { default: Mocha } = (await import('mocha')) as unknown as { default: typeof import('mocha') };
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  const files = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.js'))
    .sort();
  for (const f of files) mocha.addFile(path.join(__dirname, f));
  await mocha.loadFilesAsync();

  const result: SuiteResult = { passes: 0, failures: 0, pending: 0, tests: [], notes };
  const out = process.env.LOSS_LAB_IT_RESULTS ?? path.join(__dirname, 'results.json');
  await new Promise<void>((resolve) => {
    const runner = mocha.run(() => resolve());
    runner.on('pass', (t) => result.tests.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration }));
    runner.on('fail', (t, err: Error) => result.tests.push({ title: t.fullTitle(), state: 'failed', error: err?.stack ?? String(err) }));
    runner.on('pending', (t) => result.tests.push({ title: t.fullTitle(), state: 'pending' }));
  });
  result.passes = result.tests.filter((t) => t.state === 'passed').length;
  result.failures = result.tests.filter((t) => t.state === 'failed').length;
  result.pending = result.tests.filter((t) => t.state === 'pending').length;
  fs.writeFileSync(out, JSON.stringify(result, null, 2));
  if (result.failures > 0) throw new Error(`${result.failures} integration test(s) failed`);
  if (result.passes === 0) throw new Error('no integration test ran');
}
