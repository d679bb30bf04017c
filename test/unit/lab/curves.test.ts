/**
 * Loss and gradient curves: each family's construction checked against the closed form of the
 * loss and its derivative, worked out by hand below (the engine computes the curves; these
 * formulas are independent of it).
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { initBackend } from '../../../src/engine/backend';
import { computeCurves, curveKindOf } from '../../../src/lab/curves/curves';
import { LOSSES } from '../../../src/engine/registry';
import { assertClose } from '../../helpers/close';
import { loss } from '../../helpers/losses';

const map = (x: Float64Array, f: (v: number) => number): number[] => Array.from(x, f);
const TOL = { rtol: 1e-4, atol: 1e-5 };

describe('loss and gradient curves', () => {
  before(async () => {
    await initBackend({ backend: 'wasm' });
  });

  it('every loss in the registry has a curve kind and finite curves at its defaults', async () => {
    for (const spec of LOSSES) {
      assert.ok(curveKindOf(spec), `${spec.id} has a curve kind`);
      const set = await computeCurves(spec, {});
      assert.ok(set.curves.length >= 1, `${spec.id}: at least one curve`);
      for (const c of set.curves) {
        assert.equal(c.values.length, c.x.length, `${spec.id}: one value per x`);
        assert.equal(c.grad.length, c.x.length, `${spec.id}: one gradient per x`);
        assert.ok(c.values.every(Number.isFinite), `${spec.id} ${c.variant ?? ''}: finite values`);
        assert.ok(c.grad.every(Number.isFinite), `${spec.id} ${c.variant ?? ''}: finite gradients`);
      }
    }
  });

  it('mse against the residual r is r² with gradient 2r on 201 points from -3 to 3', async () => {
    const set = await computeCurves(loss('mse'), {});
    const c = set.curves[0];
    assert.equal(c.x.length, 201);
    assert.equal(c.x[0], -3);
    assert.equal(c.x[200], 3);
    assertClose(c.values, map(c.x, (r) => r * r), 'mse', TOL);
    assertClose(c.grad, map(c.x, (r) => 2 * r), 'mse grad', TOL);
    assert.equal(set.kind, 'regression');
  });

  it('huber with delta = 2 widens the range to ±6, marks ±δ, and switches from quadratic to linear at |r| = 2', async () => {
    const set = await computeCurves(loss('huber'), { delta: 2 });
    const c = set.curves[0];
    assert.equal(c.x[0], -6);
    assert.deepEqual(set.markers.map((m) => m.x), [-2, 2]);
    // l = r²/2 for |r| < δ, else δ(|r| − δ/2); dl/dr = r inside, δ·sign(r) outside.
    assertClose(c.values, map(c.x, (r) => (Math.abs(r) < 2 ? 0.5 * r * r : 2 * (Math.abs(r) - 1))), 'huber', TOL);
    assertClose(c.grad, map(c.x, (r) => (Math.abs(r) < 2 ? r : 2 * Math.sign(r))), 'huber grad', TOL);
  });

  it('cross-entropy against the true-class probability p is −log p, gradient p − 1 w.r.t. the true logit', async () => {
    const c = (await computeCurves(loss('cross_entropy'), {})).curves[0];
    assert.ok(Math.abs(c.x[0] - 0.01) < 1e-12 && Math.abs(c.x[200] - 0.99) < 1e-12);
    assertClose(c.values, map(c.x, (p) => -Math.log(p)), 'ce', TOL);
    // softmax: ∂(−log p_t)/∂z_t = p_t − 1.
    assertClose(c.grad, map(c.x, (p) => p - 1), 'ce grad', TOL);
  });

  it('cross-entropy with 3 class weights builds 3-class logits whose softmax still gives the true class p (weight of class 0 applied)', async () => {
    const c = (await computeCurves(loss('cross_entropy'), { weight: [2, 1, 1] })).curves[0];
    // reduction none returns w_{y} · (−log p) per row (PyTorch), and its gradient 2(p − 1).
    assertClose(c.values, map(c.x, (p) => -2 * Math.log(p)), 'weighted ce', TOL);
    assertClose(c.grad, map(c.x, (p) => 2 * (p - 1)), 'weighted ce grad', TOL);
  });

  it('focal with γ = 2 is the classic plot: −(1 − p)² log p, gradient γ p (1 − p)^γ log p − (1 − p)^(γ+1)', async () => {
    // f(p) = −(1−p)^γ log p; f'(p) = γ(1−p)^(γ−1) log p − (1−p)^γ / p; dp/dz_t = p(1−p);
    // so df/dz_t = γ p (1−p)^γ log p − (1−p)^(γ+1).
    const g = 2;
    const c = (await computeCurves(loss('focal'), { gamma: g })).curves[0];
    assertClose(c.values, map(c.x, (p) => -((1 - p) ** g) * Math.log(p)), 'focal', TOL);
    assertClose(c.grad, map(c.x, (p) => g * p * (1 - p) ** g * Math.log(p) - (1 - p) ** (g + 1)), 'focal grad', TOL);
  });

  it('bce_with_logits draws target 1 and target 0 against p = σ(z): −log p and −log(1 − p), gradients p − 1 and p', async () => {
    const set = await computeCurves(loss('bce_with_logits'), {});
    assert.equal(set.kind, 'binary');
    const [one, zero] = set.curves;
    assert.equal(one.variant, 'target = 1');
    assert.equal(zero.variant, 'target = 0');
    assertClose(one.values, map(one.x, (p) => -Math.log(p)), 'bce y=1', TOL);
    assertClose(one.grad, map(one.x, (p) => p - 1), 'bce y=1 grad', TOL);
    assertClose(zero.values, map(zero.x, (p) => -Math.log(1 - p)), 'bce y=0', TOL);
    assertClose(zero.grad, map(zero.x, (p) => p), 'bce y=0 grad', TOL);
  });

  it('ranknet against the score difference Δ is log(1 + exp(−σΔ)), gradient −σ / (1 + exp(σΔ)) w.r.t. s_i', async () => {
    const sigma = 2;
    const set = await computeCurves(loss('ranknet'), { sigma });
    const c = set.curves[0];
    assert.equal(set.kind, 'ranking');
    assert.equal(c.x[0], -4);
    assertClose(c.values, map(c.x, (d) => Math.log1p(Math.exp(-sigma * d))), 'ranknet', TOL);
    assertClose(c.grad, map(c.x, (d) => -sigma / (1 + Math.exp(sigma * d))), 'ranknet grad', TOL);
  });

  it('pointwise_mse on the 2-document query (rel 1, 0; scores Δ, 0) sums its rows: (Δ − 1)² + 0², gradient 2(Δ − 1)', async () => {
    const c = (await computeCurves(loss('pointwise_mse'), {})).curves[0];
    assertClose(c.values, map(c.x, (d) => (d - 1) ** 2), 'pointwise', TOL);
    assertClose(c.grad, map(c.x, (d) => 2 * (d - 1)), 'pointwise grad', TOL);
  });

  it('listnet on the 2-document query is −Σ softmax(rel) · log softmax(s)', async () => {
    // softmax(rel) = (e/(1+e), 1/(1+e)) =: (a, 1 − a); log softmax(s) = (−log(1+e^−Δ), −log(1+e^Δ)).
    const a = Math.E / (1 + Math.E);
    const c = (await computeCurves(loss('listnet'), {})).curves[0];
    assertClose(c.values, map(c.x, (d) => a * Math.log1p(Math.exp(-d)) + (1 - a) * Math.log1p(Math.exp(d))), 'listnet', TOL);
    // ∂/∂s_i = softmax(s)_i − a = σ(Δ) − a.
    assertClose(c.grad, map(c.x, (d) => 1 / (1 + Math.exp(-d)) - a), 'listnet grad', TOL);
  });

  it('contrastive against the distance d: similar d², dissimilar max(0, m − d)², the margin marked', async () => {
    const m = 1.5;
    const set = await computeCurves(loss('contrastive'), { margin: m });
    assert.deepEqual(set.markers.map((k) => k.x), [m]);
    const [sim, dis] = set.curves;
    assert.equal(sim.variant, 'similar (y = 0)');
    assert.equal(dis.variant, 'dissimilar (y = 1)');
    assert.equal(sim.x[200], 3);
    // pairwise_distance adds 1e-6 to the difference: d_eff = d + 1e-6 (within the tolerance).
    assertClose(sim.values, map(sim.x, (d) => d * d), 'similar', TOL);
    assertClose(sim.grad.subarray(1), map(sim.x.subarray(1), (d) => 2 * d), 'similar grad', TOL);
    assertClose(dis.values, map(dis.x, (d) => Math.max(0, m - d) ** 2), 'dissimilar', TOL);
    assertClose(dis.grad, map(dis.x, (d) => (d < m ? -2 * (m - d) : 0)), 'dissimilar grad', { rtol: 1e-4, atol: 1e-4 });
  });

  it('soft_contrastive adds a y = 0.5 curve halfway between the two', async () => {
    const set = await computeCurves(loss('soft_contrastive'), {});
    assert.deepEqual(set.curves.map((c) => c.variant), ['similar (y = 0)', 'y = 0.5', 'dissimilar (y = 1)']);
    const [a, half, b] = set.curves;
    assertClose(half.values, Array.from(half.x, (_, k) => (a.values[k] + b.values[k]) / 2), 'soft label 0.5', TOL);
  });

  it('triplet against Δ = d(a,p) − d(a,n) is max(0, Δ + m), gradient 1 where the hinge is active, the −m point marked', async () => {
    const m = 1;
    const set = await computeCurves(loss('triplet'), { margin: m });
    const c = set.curves[0];
    assert.equal(set.kind, 'triplet');
    assert.deepEqual(set.markers.map((k) => k.x), [-m]);
    assertClose(c.values, map(c.x, (d) => Math.max(0, d + m)), 'triplet', TOL);
    const active = map(c.x, (d) => (d + m > 1e-3 ? 1 : d + m < -1e-3 ? 0 : NaN));
    active.forEach((g, k) => Number.isNaN(g) || assert.ok(Math.abs(c.grad[k] - g) < 1e-4, `grad at Δ=${c.x[k]}: ${c.grad[k]} vs ${g}`));
  });

  it('triplet_mined (batch_hard) on a 3-embedding batch averages the (a,p,n) triplet with the easy (p,a,n) one: max(0, Δ + m)/2', async () => {
    // Anchor p: positive a at d_ap, negative n at d_ap + c: Δ' = −c ≤ −2m, an easy triplet with
    // loss 0, still mined by batch_hard; n has no positive. Mean over 2 triplets.
    const set = await computeCurves(loss('triplet_mined'), { margin: 1 });
    const c = set.curves[0];
    assert.equal(c.x.length, 101);
    assertClose(c.values, map(c.x, (d) => Math.max(0, d + 1) / 2), 'triplet_mined', TOL);
  });

  it('kl_div against the student p of the teacher\'s class: T² KL of the tempered softmaxes, 0 at p = q, gradient T (p_T − q_T)', async () => {
    // Two classes: softmax((log p, log(1 − p)) / T)_0 = p^(1/T) / (p^(1/T) + (1 − p)^(1/T)).
    const tempered = (p: number, T: number) => p ** (1 / T) / (p ** (1 / T) + (1 - p) ** (1 / T));
    const kl = (p: number, q: number) => q * Math.log(q / p) + (1 - q) * Math.log((1 - q) / (1 - p));
    for (const T of [1, 2.5]) {
      const set = await computeCurves(loss('kl_div'), { temperature: T });
      assert.equal(set.kind, 'classification');
      assert.deepEqual(set.markers.map((m) => m.x), [0.9, 0.6]);
      set.curves.forEach((c, v) => {
        const q = [0.9, 0.6][v];
        assert.equal(c.variant, `teacher q = ${q}`);
        assertClose(c.values, map(c.x, (p) => T * T * kl(tempered(p, T), tempered(q, T))), `kl_div T ${T} q ${q}`, { rtol: 1e-4, atol: 2e-5 });
        assertClose(c.grad, map(c.x, (p) => T * (tempered(p, T) - tempered(q, T))), `kl_div grad T ${T} q ${q}`, TOL);
      });
    }
  });

  it('multi_margin on two classes is max(0, m − log(p / (1 − p)))^p / 2, gradient −(p · hinge^(p−1)) / 2 w.r.t. the true logit', async () => {
    for (const pw of [1, 2]) {
      const c = (await computeCurves(loss('multi_margin'), { p: pw, margin: 1.5 })).curves[0];
      const hinge = (p: number) => Math.max(0, 1.5 - Math.log(p / (1 - p)));
      assertClose(c.values, map(c.x, (p) => hinge(p) ** pw / 2), `multi_margin p ${pw}`, TOL);
      assertClose(c.grad, map(c.x, (p) => (hinge(p) > 0 ? (-pw * hinge(p) ** (pw - 1)) / 2 : 0)), `multi_margin grad p ${pw}`, TOL);
    }
  });

  it('dice on a file of 100 rows at p: target 1 gives 1 − (200p + s)/(100p + 100 + s), target 0 gives 1 − s/(100p + s)', async () => {
    const s = 1;
    const set = await computeCurves(loss('dice'), { smooth: s }, { points: 21 });
    assert.equal(set.kind, 'binary');
    const [one, zero] = set.curves;
    assertClose(one.values, map(one.x, (p) => 1 - (200 * p + s) / (100 * p + 100 + s)), 'dice target 1', TOL);
    // dL/dz = dL/dp · 100 rows · p (1 − p): dL/dp = −(20000 + 100 s) / D² for target 1, 100 s / (100p + s)² for target 0.
    assertClose(one.grad, map(one.x, (p) => (-(20000 + 100 * s) / (100 * p + 100 + s) ** 2) * p * (1 - p)), 'dice grad target 1', TOL);
    assertClose(zero.values, map(zero.x, (p) => 1 - s / (100 * p + s)), 'dice target 0', TOL);
    assertClose(zero.grad, map(zero.x, (p) => ((100 * s) / (100 * p + s) ** 2) * p * (1 - p)), 'dice grad target 0', TOL);
  });

  it('tversky on a file of 100 positive rows at p is 1 − (100p + s)/(100p + 100 β (1 − p) + s)', async () => {
    const set = await computeCurves(loss('tversky'), { alpha: 0.3, beta: 0.7, smooth: 1 }, { points: 21 });
    assertClose(set.curves[0].values, map(set.curves[0].x, (p) => 1 - (100 * p + 1) / (100 * p + 70 * (1 - p) + 1)), 'tversky target 1', TOL);
    // All negatives: TP = 0, FP = 100p: 1 − 1 / (30p + 1).
    assertClose(set.curves[1].values, map(set.curves[1].x, (p) => 1 - 1 / (30 * p + 1)), 'tversky target 0', TOL);
  });
});
