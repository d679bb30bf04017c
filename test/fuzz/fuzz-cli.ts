/**
 * The CLI contract fuzzer: generated cases (cli-cases.ts), run a few at a time through the built
 * CLI (run-case.ts). Seeded and reproducible: case i of seed s is the (i mod 50)-th of the sample
 * of 50 that fast-check draws with seed s * 1000 + floor(i / 50), so any failure can be replayed
 * alone (`npm run fuzz -- --seed s --from i --runs 1`). Used by the unit suite (a short run) and by
 * `npm run fuzz` (long runs; test/fuzz/main.ts).
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { cliCase, type CliCase } from './cli-cases';
import { argsIn, runCase, type CaseOutcome } from './run-case';

const CHUNK = 50;

export interface FuzzOptions {
  readonly seed: number;
  readonly runs: number;
  /** First case index (to replay one). */
  readonly from?: number;
  /** Cases run at once. */
  readonly jobs?: number;
  /** CPU seconds a case may use. */
  readonly cpuSeconds?: number;
  /** Where failing cases are copied (args, data, stdin), if anywhere. */
  readonly saveDir?: string;
  readonly onCase?: (index: number, c: CliCase, o: CaseOutcome) => void;
}

export interface FuzzFailure {
  readonly index: number;
  readonly args: readonly string[];
  readonly problem: string;
  readonly saved?: string;
}

export interface FuzzReport {
  readonly tried: number;
  /** Cases per outcome label (`exit 0`, `exit 2: ragged row: N`, ...). */
  readonly outcomes: ReadonlyMap<string, number>;
  readonly failures: readonly FuzzFailure[];
}

/** Case `i` of seed `seed`. */
export function caseAt(seed: number, i: number, cache = new Map<number, CliCase[]>()): CliCase {
  const chunk = Math.floor(i / CHUNK);
  let cases = cache.get(chunk);
  if (!cases) {
    cache.clear(); // one chunk at a time: cases hold up to a megabyte each
    cases = fc.sample(cliCase, { seed: seed * 1000 + chunk, numRuns: CHUNK });
    cache.set(chunk, cases);
  }
  return cases[i % CHUNK];
}

export async function fuzzCli(o: FuzzOptions): Promise<FuzzReport> {
  const from = o.from ?? 0;
  const jobs = Math.max(1, o.jobs ?? 2);
  const root = mkdtempSync(join(tmpdir(), 'loss-lab-fuzz-'));
  const outcomes = new Map<string, number>();
  const failures: FuzzFailure[] = [];
  const cache = new Map<number, CliCase[]>();
  let next = from;
  const worker = async (slot: number): Promise<void> => {
    for (;;) {
      const i = next++;
      if (i >= from + o.runs) return;
      const c = caseAt(o.seed, i, cache);
      const dir = join(root, `w${slot}`);
      rmSync(dir, { recursive: true, force: true });
      const out = await runCase(c, dir, o.cpuSeconds);
      outcomes.set(out.label, (outcomes.get(out.label) ?? 0) + 1);
      if (out.problem) {
        let saved: string | undefined;
        if (o.saveDir) {
          saved = join(o.saveDir, `seed${o.seed}-case${i}`);
          mkdirSync(saved, { recursive: true });
          cpSync(dir, saved, { recursive: true });
          writeFileSync(join(saved, 'case.json'), JSON.stringify({ seed: o.seed, index: i, args: c.args, problem: out.problem, stderr: out.stderr.slice(0, 2000) }, null, 2));
          if (c.stdin) writeFileSync(join(saved, 'stdin.bin'), c.stdin);
        }
        failures.push({ index: i, args: argsIn(c, '<dir>').map((a) => (a.length > 120 ? `${a.slice(0, 120)}...(${a.length})` : a)), problem: out.problem, ...(saved ? { saved } : {}) });
      }
      o.onCase?.(i, c, out);
    }
  };
  try {
    await Promise.all(Array.from({ length: jobs }, (_, k) => worker(k)));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  return { tried: o.runs, outcomes, failures };
}
