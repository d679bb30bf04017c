/** Suggested class weights, worked by hand. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { effectiveNumberWeights, inverseFrequencyWeights } from '../../../src/lab/analysis/class-weights';
import { assertClose } from '../../helpers/close';

describe('suggested class weights', () => {
  it('inverse frequency for counts [90, 10] is [0.2, 1.8] (1/90 and 1/10, normalised to mean 1)', () => {
    // 1/90 = 0.011111, 1/10 = 0.1; mean 0.0555556; 0.011111/0.0555556 = 0.2, 0.1/0.0555556 = 1.8.
    assertClose(inverseFrequencyWeights([90, 10]), [0.2, 1.8], 'inverse frequency', { rtol: 1e-12 });
  });

  it('effective number for counts [90, 10] with β = 0.999 is [0.207258, 1.792742] (Cui et al. 2019)', () => {
    // 1 − 0.999^90 = 0.0860880, 1 − 0.999^10 = 0.0099551;
    // (1 − β)/(1 − β^n): 0.001/0.0860880 = 0.0116161, 0.001/0.0099551 = 0.1004512;
    // mean 0.0560337; weights 0.0116161/0.0560337 = 0.207258, 0.1004512/0.0560337 = 1.792742.
    assertClose(effectiveNumberWeights([90, 10]), [0.2072578, 1.7927422], 'effective number', { rtol: 1e-6 });
  });

  it('effective-number weights approach inverse frequency for small counts and equal weights as β → 0', () => {
    // (1−β)/(1−β^n) → 1/n as β → 1 with n(1−β) small; → 1 for every n as β → 0.
    assertClose(effectiveNumberWeights([9, 1], 0.999999), inverseFrequencyWeights([9, 1]), 'β → 1', { rtol: 1e-4 });
    assertClose(effectiveNumberWeights([9, 1], 1e-9), [1, 1], 'β → 0', { rtol: 1e-6 });
  });

  it('balanced counts give weights of 1, and the mean over classes is always 1', () => {
    assertClose(inverseFrequencyWeights([5, 5, 5]), [1, 1, 1], 'balanced', { rtol: 1e-12 });
    const w = effectiveNumberWeights([500, 30, 7, 1200]);
    assertClose(w.reduce((s, x) => s + x, 0) / w.length, 1, 'mean', { rtol: 1e-12 });
    assert.ok(w[2] > w[1] && w[1] > w[0] && w[0] > w[3], 'rarer classes weigh more');
  });

  it('a class with no sample gets the largest weight of the present classes', () => {
    // raw [1/30, 1/10, (1/10)] → mean 0.0777778 → [0.428571, 1.285714, 1.285714].
    assertClose(inverseFrequencyWeights([30, 10, 0]), [0.4285714, 1.2857143, 1.2857143], 'absent class', { rtol: 1e-6 });
  });
});
