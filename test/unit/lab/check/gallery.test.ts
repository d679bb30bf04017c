/**
 * The check gallery (issue #11): every implementation in test/fixtures/check/gallery.json is run
 * for real — Python with Debian's python3-torch, TypeScript/JavaScript with tfjs in a child Node —
 * and must give its expected verdict: `match` for the correct ones (function, nn.Module,
 * functional one-liner, tfjs), exactly the named diagnosis first for the wrong ones.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { getLoss } from '../../../../src/engine/registry';
import { checkFile } from '../../../../src/lab/check/check-file';
import type { CheckReport } from '../../../../src/lab/check/check-loss';
import { REL_TOL } from '../../../../src/lab/check/compare';

import { GALLERY, PYTHON } from './gallery-paths';

interface Case {
  readonly file: string;
  readonly symbol: string;
  readonly loss: string;
  readonly params?: Record<string, string>;
  readonly expect: string;
}
const { cases } = JSON.parse(readFileSync(join(GALLERY, 'gallery.json'), 'utf8')) as { cases: Case[] };

/** The diagnoses the issue names; each must be some wrong implementation's first diagnosis. */
const ISSUE_DIAGNOSES = [
  'sum_instead_of_mean', 'mean_instead_of_sum', 'half_factor', 'constant_factor', 'huber_delta_vs_beta',
  'weighted_mean_denominator', 'label_smoothing_convention', 'focal_alpha_swapped', 'probabilities_not_logits',
  'contrastive_label_flipped', 'distance_not_squared', 'no_distance_eps', 'unstable_at_extremes', 'no_gradient',
  'per_sample_shape', 'unexplained',
];

const results = new Map<Case, CheckReport | Error>();

describe('check gallery', () => {
  before(async () => {
    // Three at a time: each case is a child process (torch's import dominates).
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < cases.length) {
        const c = cases[next++];
        try {
          results.set(c, await checkFile({ spec: getLoss(c.loss)!, file: join(GALLERY, c.file), symbol: c.symbol, params: c.params ?? {}, python: PYTHON }));
        } catch (e) {
          results.set(c, e as Error);
        }
      }
    };
    await Promise.all([worker(), worker(), worker()]);
  });

  it('holds at least 30 implementations, correct ones of every family and style, a wrong one per diagnosis', () => {
    assert.ok(cases.length >= 30, `${cases.length} cases`);
    const matching = cases.filter((c) => c.expect === 'match');
    for (const family of ['regression', 'classification', 'ranking', 'similarity', 'tfjs']) {
      assert.ok(matching.some((c) => c.file.startsWith(family + '/')), `a correct ${family} implementation`);
    }
    assert.ok(matching.some((c) => c.file.endsWith('.js')) && matching.some((c) => c.file.endsWith('.ts')), 'TS and JS');
    for (const id of ISSUE_DIAGNOSES) assert.ok(cases.some((c) => c.expect === id), `a wrong implementation for ${id}`);
  });

  for (const c of cases) {
    it(`${c.file} ${c.symbol} as ${c.loss}: ${c.expect}`, () => {
      const r = results.get(c);
      assert.ok(r && !(r instanceof Error), `ran: ${r instanceof Error ? r.message : 'no result'}`);
      if (c.expect === 'match') {
        const bad = r.comparisons.filter((x) => !x.ok).map((x) => `${x.probe.name}: value ${x.valueRelErr}, grad ${JSON.stringify(x.gradRelErr)}`);
        assert.equal(r.verdict, 'match', bad.join('; '));
        assert.ok(r.comparisons.length >= 4, 'at least 4 probes');
        for (const x of r.comparisons) {
          assert.ok(x.valueRelErr <= REL_TOL);
          for (const e of Object.values(x.gradRelErr)) assert.ok(e <= REL_TOL);
        }
      } else {
        assert.equal(r.verdict, 'mismatch');
        assert.equal(r.diagnoses[0]?.id, c.expect, `diagnoses: ${r.diagnoses.map((d) => `${d.id} (${d.evidence})`).join('; ')}`);
        assert.ok(r.diagnoses[0].evidence.length > 0 && r.diagnoses[0].message.length > 0);
      }
    });
  }

  it('factor diagnoses carry the factor: ½, 3, and beta = 2 for Keras Huber under the name smooth_l1', () => {
    const factor = (symbol: string): number | undefined => {
      const r = [...results].find(([c]) => c.symbol === symbol)?.[1];
      return r && !(r instanceof Error) ? r.diagnoses[0]?.factor : undefined;
    };
    assert.equal(factor('mse_half_loss'), 0.5);
    assert.ok(Math.abs((factor('l1_scaled_loss') ?? 0) - 3) < 1e-4);
    assert.equal(factor('smooth_l1_loss_from_keras'), 2);
  });

  it('distillation without T²: the factor is 1/T² = 0.25 at the code\'s T = 2, and the message names the missing T²; kl_div gets teacher probes', () => {
    const r = [...results].find(([c]) => c.symbol === 'kd_without_t_squared')?.[1] as CheckReport;
    assert.equal(r.params.temperature, 2);
    assert.ok(Math.abs((r.diagnoses[0].factor ?? 0) - 0.25) < 1e-4, `factor ${r.diagnoses[0].factor}`);
    assert.match(r.diagnoses[0].message, /1\/T² \(T = 2\): the T² factor of distillation is missing/);
    const ok = [...results].find(([c]) => c.symbol === 'DistillationLoss')?.[1] as CheckReport;
    assert.equal(ok.params.temperature, 4, 'the constructor default');
    assert.deepEqual(ok.comparisons.map((x) => x.probe.name), ['random', 'same-as-teacher', 'ties', 'teacher-1e4', 'student-1e4']);
    // A student equal to its teacher: zero loss, and the wrong code is right there (0 × anything).
    assert.equal(r.comparisons.find((x) => x.probe.name === 'same-as-teacher')?.ok, true);
  });

  it("the hyperparameters come from the code: SmoothL1's constructor default beta = 0.5, the declared reduction 'sum'", () => {
    const r = [...results].find(([c]) => c.symbol === 'SmoothL1')?.[1] as CheckReport;
    assert.equal(r.params.beta, 0.5);
    const s = [...results].find(([c]) => c.symbol === 'SumMSELoss')?.[1] as CheckReport;
    assert.equal(s.reduction, 'sum');
  });

  it('the evidence names the probes: "on 4 of 4 probes your value and gradient equal the reference × 0.5"', () => {
    const r = [...results].find(([c]) => c.symbol === 'mse_half_loss')?.[1] as CheckReport;
    assert.match(r.diagnoses[0].evidence, /^on (\d+) of \1 probes your value and gradient equal the reference × 0\.5/);
  });

  it('optional features get probes only when the code takes them: ignore_index and class weights for CrossEntropy, not for ce_loss', () => {
    const names = (symbol: string): string[] => ([...results].find(([c]) => c.symbol === symbol)?.[1] as CheckReport).comparisons.map((x) => x.probe.name);
    assert.ok(names('CrossEntropy').includes('all-ignored') && names('CrossEntropy').includes('class-weights'));
    assert.ok(!names('ce_loss').includes('all-ignored'));
    assert.ok(names('weighted_mse_loss').includes('zero-weights'));
  });
});
