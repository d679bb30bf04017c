/**
 * Issue #13 end to end: the five classes of input that hung or crashed the built CLI now end with
 * exit 0 and JSON or exit 2 and one placed line, after a bounded amount of reading. (The work
 * bounds themselves are asserted in-process, against same-size baselines: test/unit/data/
 * linear-parsing, glob-match and input-limits tests; the timeouts here only keep a regression
 * from hanging the suite.)
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CLI, ensureBuilt, runCli } from './run-cli';

const dir = mkdtempSync(join(tmpdir(), 'loss-lab-hostile-'));
const HANG_GUARD = { timeout: 60_000 };

/** Runs the CLI with a file as standard input. */
function runWithStdin(args: readonly string[], stdinFile: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const fd = openSync(stdinFile, 'r');
    const child = spawn(process.execPath, [CLI, ...args], { stdio: [fd, 'pipe', 'pipe'], env: { ...process.env, LOSS_LAB_DEBUG: '' } });
    closeSync(fd);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

function oneLine(stderr: string, expected: RegExp): void {
  assert.match(stderr, /^loss-lab: [^\n]*\n$/);
  assert.match(stderr.trimEnd(), expected);
  assert.doesNotMatch(stderr, /internal error|\n\s+at /);
}

describe('hostile inputs to the CLI', { concurrency: 2 }, () => {
  before(ensureBuilt);
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a file with a 10^5-digit cell followed by a letter in a column the loss does not use', HANG_GUARD, async () => {
    const f = join(dir, 'digits.csv');
    writeFileSync(f, `y_pred,y_true,note\n1,2,${'1'.repeat(100_000)}x\n1,3,a\n`);
    const r = await runCli(['eval', '--loss', 'mse', '--data', f]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as { value: number }).value, 2.5);
  });

  it('refuses a 10^5-digit --param value followed by a letter with one line', HANG_GUARD, async () => {
    const r = await runCli(['eval', '--loss', 'huber', '--data', 'regression.csv', '--param', `delta=${'1'.repeat(100_000)}x`]);
    assert.equal(r.status, 2);
    oneLine(r.stderr, /^loss-lab: huber: parameter delta must be a finite number > 0, got "1{60}\.\.\. \(100001 characters\)"$/);
  });

  it('refuses a --map glob with 8 stars against a 10^5-character column name with one line', HANG_GUARD, async () => {
    const f = join(dir, 'long-name.csv');
    writeFileSync(f, `y_pred,y_true,${'a'.repeat(100_000)}\n1,2,3\n`);
    const r = await runCli(['eval', '--loss', 'mse', '--data', f, '--map', 'weight=*a*a*a*a*a*a*a*a*b']);
    assert.equal(r.status, 2);
    oneLine(r.stderr, /^loss-lab: no column matches "\*a\*a\*a\*a\*a\*a\*a\*a\*b" for role weight \(columns: y_pred, y_true, a{60}\.\.\. \(100000 characters\)\) \(.*long-name\.csv:1:1\)$/);
  });

  it('refuses endless standard input (/dev/zero) at line 1 after reading a few megabytes', HANG_GUARD, async () => {
    const r = await runWithStdin(['eval', '--loss', 'mse', '--data', '-'], '/dev/zero');
    assert.equal(r.status, 2, r.stderr);
    assert.equal(r.stdout, '');
    oneLine(r.stderr, /^loss-lab: column name too long: more than 1 MiB \(1048576 bytes\) in one column name, the most a field may hold \(is this a CSV file\?\) \(stdin:1:1\)$/);
  });
});
