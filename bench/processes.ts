/** Timing whole processes with /usr/bin/time: wall and CPU seconds and peak resident memory. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface ProcessRun {
  readonly wallMs: number;
  /** user + system CPU time, ms (all threads). */
  readonly cpuMs: number;
  /** Peak resident set size, bytes. */
  readonly maxRss: number;
  readonly stdout: string;
}

export const TIME = '/usr/bin/time';

export function haveTime(): boolean {
  return existsSync(TIME);
}

/** Runs `cmd args` under /usr/bin/time; stdout is kept only when `keepStdout` (else /dev/null). */
export function timed(cmd: string, args: readonly string[], keepStdout = false): ProcessRun {
  const r = spawnSync(TIME, ['-f', 'TIME %e %U %S %M', cmd, ...args], {
    stdio: ['ignore', keepStdout ? 'pipe' : 'ignore', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const line = (r.stderr ?? '').split('\n').reverse().find((l) => l.startsWith('TIME '));
  if (r.status !== 0 || !line) throw new Error(`${cmd} ${args.join(' ')} failed (status ${r.status}): ${(r.stderr ?? '').slice(-500)}`);
  const [wall, user, sys, kb] = line.slice(5).split(' ').map(Number);
  return { wallMs: wall * 1000, cpuMs: (user + sys) * 1000, maxRss: kb * 1024, stdout: r.stdout ?? '' };
}
