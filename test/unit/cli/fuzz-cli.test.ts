/**
 * Issue #13: the CLI contract holds for generated malformed files and argument lists across every
 * loss family (test/fuzz/): exit 0 with JSON, or exit 2 with one line and no stack trace, never
 * exit 1, each case within a CPU-time bound. A short seeded run here; `npm run fuzz` runs
 * thousands (README "Tests").
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { fuzzCli } from '../../fuzz/fuzz-cli';
import { ensureBuilt } from './run-cli';

/** Cases in the suite: about a minute on two busy cores. */
const RUNS = Number(process.env.LOSS_LAB_FUZZ_RUNS ?? 160);

describe('CLI contract under generated inputs (seeded fuzz)', () => {
  before(ensureBuilt);

  it(`${RUNS} generated cases: exit 0 with JSON or exit 2 with one line, never exit 1`, { timeout: 30 * 60_000 }, async (t) => {
    const report = await fuzzCli({ seed: 13, runs: RUNS, jobs: 2 });
    const kinds = [...report.outcomes].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${n} ${k}`);
    t.diagnostic(kinds.join('; '));
    assert.deepEqual(report.failures, [], `replay one with: npm run fuzz -- --seed 13 --from INDEX --runs 1`);
    // the generator reaches both sides of the contract
    assert.ok((report.outcomes.get('exit 0') ?? 0) >= RUNS / 10, 'too few successful evaluations');
  });
});
