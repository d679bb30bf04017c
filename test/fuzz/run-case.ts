/**
 * Runs one generated case through the BUILT CLI (dist/cli.js) and checks the CLI contract (README
 * "Errors and exit status"): exit 0 with the expected output (JSON for `eval` and `list`), or exit
 * 2 with nothing on stdout and exactly one line `loss-lab: ...` on stderr, no stack trace; never
 * exit 1 (an internal error), never a signal.
 *
 * Bounded work: the process runs under a CPU-time limit (`prlimit --cpu`, counted by the kernel, so
 * a busy machine does not make it flaky); a case here needs well under a second of CPU, and a
 * super-linear path on its 10^5-character inputs needs many seconds. A wall-clock guard only
 * catches a process that waits forever.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CliCase } from './cli-cases';

const ROOT = join(__dirname, '..', '..');
/** The built CLI; LOSS_LAB_FUZZ_CLI points the fuzzer at another build (e.g. an older commit's). */
export const CLI = process.env.LOSS_LAB_FUZZ_CLI || join(ROOT, 'dist', 'cli.js');
const PRLIMIT = '/usr/bin/prlimit';

export interface CaseOutcome {
  readonly status: number | null;
  readonly signal: string | null;
  readonly stdout: string;
  readonly stderr: string;
  /** What broke the contract, or null. */
  readonly problem: string | null;
  /** A short label for statistics: `exit 0`, or the first words of the error line. */
  readonly label: string;
}

/** The arguments with `{DATA}` and `{OUT}` filled in for `dir`. */
export function argsIn(c: CliCase, dir: string): string[] {
  return c.args.map((a) => a.replace('{DATA}', join(dir, 'data.csv')).replace('{OUT}', join(dir, 'out')));
}

export function runCase(c: CliCase, dir: string, cpuSeconds = 20, wallMs = 180_000): Promise<CaseOutcome> {
  mkdirSync(dir, { recursive: true });
  if (c.file) writeFileSync(join(dir, 'data.csv'), c.file);
  const args = argsIn(c, dir);
  const [cmd, argv] = existsSync(PRLIMIT) ? [PRLIMIT, [`--cpu=${cpuSeconds}`, '--', process.execPath, CLI, ...args]] : [process.execPath, [CLI, ...args]];
  return new Promise((resolve) => {
    const child = spawn(cmd, argv, { cwd: dir, env: { ...process.env, LOSS_LAB_DEBUG: '', LOSS_LAB_BACKEND: '' }, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    // the CLI may exit before reading all of its input
    child.stdin.on('error', () => undefined);
    child.stdin.end(c.stdin ?? undefined);
    let hung = false;
    const timer = setTimeout(() => {
      hung = true;
      child.kill('SIGKILL');
    }, wallMs);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      const stdout = Buffer.concat(out).toString('utf8');
      const stderr = Buffer.concat(err).toString('utf8');
      const problem = hung ? `no exit within ${wallMs / 1000} s` : check(c, status, signal, stdout, stderr, cpuSeconds);
      resolve({ status, signal, stdout, stderr, problem, label: labelOf(status, stderr) });
    });
  });
}

function check(c: CliCase, status: number | null, signal: string | null, stdout: string, stderr: string, cpuSeconds: number): string | null {
  if (signal) return `killed by ${signal}${signal === 'SIGKILL' || signal === 'SIGXCPU' ? ` (over ${cpuSeconds} s of CPU)` : ''}`;
  if (status === 0) {
    if (stderr !== '') return `exit 0 with stderr: ${stderr.slice(0, 300)}`;
    const help = c.args.includes('--help') || c.args.includes('-h') || c.args[0] === 'help' || c.args[0] === '--help';
    if ((c.args[0] === 'eval' || c.args[0] === 'list') && !help) {
      try {
        const v = JSON.parse(stdout) as Record<string, unknown>;
        if (c.args[0] === 'eval' && typeof v.loss !== 'string') return 'exit 0: the JSON has no "loss"';
      } catch (e) {
        return `exit 0 without one JSON object on stdout: ${(e as Error).message}`;
      }
    } else if (stdout.trim() === '') return 'exit 0 with nothing on stdout';
    return null;
  }
  if (status === 2) {
    if (stdout !== '') return `exit 2 with output on stdout: ${stdout.slice(0, 200)}`;
    if (!/^loss-lab: [^\n]+\n$/.test(stderr)) return `exit 2 without exactly one "loss-lab: " line on stderr: ${JSON.stringify(stderr.slice(0, 300))}`;
    if (/internal error|\n\s+at |\bat .*\.js:\d+/.test(stderr)) return `exit 2 with an internal error or stack: ${stderr.slice(0, 300)}`;
    return null;
  }
  return `exit ${status}: ${stderr.slice(0, 500)}`;
}

function labelOf(status: number | null, stderr: string): string {
  if (status === 0) return 'exit 0';
  if (status !== 2) return `exit ${status}`;
  const words = stderr.replace(/^loss-lab: /, '').replace(/["(].*$/s, '').split(/\s+/).slice(0, 4).join(' ');
  return `exit 2: ${words.replace(/\d+/g, 'N')}`;
}
