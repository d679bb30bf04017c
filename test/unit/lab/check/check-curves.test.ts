/**
 * "Show on curves" (issue #11): the user's function is run by the real check runner (Debian's
 * python3-torch) on every unit of the loss's curves, and the curve builder reads the user's curve
 * from its numbers. Asserted against the engine's own curves: a correct implementation lies on
 * the reference, a halved one at half of it, Keras' Huber formula under SmoothL1's name on the
 * engine's Huber curve.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { getLoss } from '../../../../src/engine/registry';
import { checkCurvesFile } from '../../../../src/lab/check/check-file';
import { checkCurvesUnsupported, unitRanges } from '../../../../src/lab/check/check-curves';
import type { CheckCurves } from '../../../../src/lab/check/check-curves';
import { computeCurves } from '../../../../src/lab/curves/curves';
import { GALLERY, PYTHON } from './gallery-paths';

/** Float32 on both sides (tfjs, torch): relative to the curve's largest magnitude. */
const TOL = 2e-5;
const POINTS = 41;

function run(file: string, symbol: string, loss: string, params: Record<string, unknown> = {}): Promise<CheckCurves> {
  return checkCurvesFile({ spec: getLoss(loss)!, file: join(GALLERY, file), symbol, params, python: PYTHON, points: POINTS });
}

function assertScaled(actual: ArrayLike<number>, expected: ArrayLike<number>, factor: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  let scale = 0;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i] * factor));
  for (let i = 0; i < expected.length; i++) {
    const d = Math.abs(actual[i] - factor * expected[i]);
    assert.ok(d <= TOL * Math.max(scale, 1e-6), `${what}[${i}]: ${actual[i]} vs ${factor} × ${expected[i]}`);
  }
}

function assertCurves(r: CheckCurves, factor: number, grad = true): void {
  assert.equal(r.yours.length, r.reference.curves.length);
  r.yours.forEach((c, i) => {
    const ref = r.reference.curves[i];
    assert.equal(c.variant, ref.variant);
    assert.deepEqual(Array.from(c.x), Array.from(ref.x));
    assertScaled(c.values, ref.values, factor, `values ${c.variant ?? ''}`);
    if (grad) assertScaled(c.grad, ref.grad, factor, `gradient ${c.variant ?? ''}`);
  });
}

describe('show on curves', () => {
  it('a correct MSE lies on the engine\'s curve, value and gradient', async () => {
    const r = await run('regression/mse_ok.py', 'MSELoss', 'mse');
    assert.equal(r.reference.curves[0].x.length, POINTS);
    assertCurves(r, 1);
    assert.equal(r.hasGradient, true);
    assert.equal(r.failed.count, 0);
  });

  it('the wrong MSE with a factor ½ draws at half the reference, value and gradient', async () => {
    const r = await run('regression/wrong.py', 'mse_half_loss', 'mse');
    assertCurves(r, 0.5);
    // Not the trivial zero curve: the reference at the ends of the residual axis is large.
    assert.ok(Math.max(...r.reference.curves[0].values) > 1);
  });

  it('a sum instead of a mean is the same number on a one-row unit: the summed MSE lies on the reference', async () => {
    assertCurves(await run('regression/wrong.py', 'mse_summed_loss', 'mse'), 1);
  });

  it("Keras' Huber formula under SmoothL1's name (β = 2 from its code) lies on the engine's Huber δ = 2 curve", async () => {
    const r = await run('regression/wrong.py', 'smooth_l1_loss_from_keras', 'smooth_l1');
    assert.equal(r.params.beta, 2, 'β from the code default');
    const huber = await computeCurves(getLoss('huber')!, { delta: 2 }, { points: POINTS });
    assert.deepEqual(Array.from(huber.curves[0].x), Array.from(r.yours[0].x));
    assertScaled(r.yours[0].values, huber.curves[0].values, 1, 'values');
    assertScaled(r.yours[0].grad, huber.curves[0].grad, 1, 'gradient');
    // ... and it is not the reference: SmoothL1 β = 2 is Huber δ = 2 divided by 2.
    assertScaled(r.yours[0].values, r.reference.curves[0].values, 2, 'values against smooth_l1');
  });

  it('a detached loss draws its values and no gradient', async () => {
    const r = await run('regression/wrong.py', 'mse_detached_loss', 'mse');
    assertCurves(r, 1, false);
    assert.equal(r.hasGradient, false);
    assert.ok(r.yours[0].grad.every((g) => Number.isNaN(g)));
  });

  it('cross-entropy by hand: the builder reads ∂loss/∂z_true from the user\'s logits gradient', async () => {
    assertCurves(await run('classification/ce_ok.py', 'cross_entropy_manual', 'cross_entropy'), 1);
  });

  it('binary focal: both target curves', async () => {
    const r = await run('classification/binary_ok.py', 'binary_focal_loss', 'sigmoid_focal');
    assert.equal(r.yours.length, 2);
    assertCurves(r, 1);
  });

  it('RankNet is called once per query (two documents), pointwise MSE once per row and summed by the builder', async () => {
    assertCurves(await run('ranking/ranking_ok.py', 'ranknet_loss', 'ranknet'), 1);
    assertCurves(await run('ranking/ranking_ok.py', 'pointwise_loss', 'pointwise_mse'), 1);
  });

  it('distillation: kd_loss lies on kl_div\'s curves at the code\'s T = 2; without T² at 1/T² = 0.25 of them', async () => {
    const ok = await run('classification/distillation_ok.py', 'kd_loss', 'kl_div');
    assert.equal(ok.params.temperature, 2);
    assertCurves(ok, 1);
    assertCurves(await run('classification/wrong.py', 'kd_without_t_squared', 'kl_div'), 0.25);
  });

  it('TypeScript through the TF.js runner: a correct Huber lies on the reference', async () => {
    assertCurves(await run('tfjs/losses_ok.ts', 'HuberLoss', 'huber'), 1);
  });

  it('units: one query per group for query losses, one row otherwise', () => {
    const inputs = {
      query: { data: Float32Array.from([0, 0, 1, 1, 1]), cols: 1 },
      score: { data: new Float32Array(5), cols: 1 },
      relevance: { data: new Float32Array(5), cols: 1 },
    };
    assert.deepEqual(unitRanges(getLoss('ranknet')!, inputs), [[0, 2], [2, 5]]);
    assert.deepEqual(unitRanges(getLoss('pointwise_mse')!, inputs), [[0, 1], [1, 2], [2, 3], [3, 4], [4, 5]]);
  });

  it('losses whose curves are not built from units say so before a child process starts', async () => {
    assert.match(checkCurvesUnsupported(getLoss('info_nce')!) ?? '', /whole batches/);
    assert.equal(checkCurvesUnsupported(getLoss('mse')!), null);
    await assert.rejects(run('regression/mse_ok.py', 'mse_loss', 'info_nce'), /cannot draw mse_loss on the curves: info_nce's curves are whole batches/);
  });
});
