/**
 * Curves of the losses added by issue #12, against closed forms worked out by hand: poisson_nll per
 * count against the prediction, gaussian_nll per variance against the residual, margin_ranking and
 * approx_ndcg against the score difference of a two-document query.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { initBackend } from '../../../src/engine/backend';
import { computeCurves } from '../../../src/lab/curves/curves';
import { LOSSES } from '../../../src/engine/registry';
import { catalogLoss } from '../../../src/lab/catalog-data';
import { assertClose } from '../../helpers/close';
import { loss } from '../../helpers/losses';

const map = (x: Float64Array, f: (v: number) => number): number[] => Array.from(x, f);
const TOL = { rtol: 1e-4, atol: 1e-5 };
const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

describe('curves of the issue #12 losses', () => {
  before(async () => {
    await initBackend({ backend: 'wasm' });
  });

  it("the catalog names each loss's curve axis as its curve does: poisson_nll's is the prediction (log-rate or rate), never the residual", async () => {
    for (const spec of LOSSES) {
      const catalog = catalogLoss(spec).view.variable;
      const drawn = (await computeCurves(spec, {})).variable;
      if (spec.id === 'poisson_nll') {
        assert.equal(catalog, 'prediction ŷ: log-rate log λ (log_input = true) or rate λ (log_input = false)');
        assert.equal(drawn, 'prediction ŷ = log λ (log-rate)');
        assert.equal((await computeCurves(spec, { log_input: false })).variable, 'prediction ŷ = λ (rate)');
      } else {
        assert.equal(catalog, drawn, `${spec.id}: the catalog's variable is the curve's`);
      }
    }
    const variable = (id: string): string => catalogLoss(loss(id)).view.variable;
    assert.equal(variable('gaussian_nll'), 'residual ŷ − y');
    assert.equal(variable('kl_div'), "student's probability p of the teacher's preferred class");
    assert.equal(variable('multi_margin'), 'probability of the true class p');
    assert.equal(variable('dice'), 'p = σ(z), the same for every row of the file');
    assert.equal(variable('tversky'), variable('dice'));
    assert.equal(variable('margin_ranking'), 'score difference s_i − s_j (rel_i > rel_j)');
    assert.equal(variable('approx_ndcg'), variable('margin_ranking'));
    assert.equal(variable('cosine_embedding'), 'cosine similarity cos(x1, x2)');
    assert.equal(variable('info_nce'), 'cosine similarity of an anchor and its positive');
    assert.equal(variable('supcon'), variable('info_nce'));
  });

  it('poisson_nll (log_input) draws one curve per count y against the log-rate ŷ: e^ŷ − y ŷ, gradient e^ŷ − y, minimum at λ = y marked', async () => {
    const set = await computeCurves(loss('poisson_nll'), {});
    assert.deepEqual(set.curves.map((c) => c.variant), ['y = 0', 'y = 1', 'y = 4']);
    assert.match(set.variable, /log-rate/);
    for (const [k, y] of [0, 1, 4].entries()) {
      const c = set.curves[k];
      assert.equal(c.x[0], -3);
      assertClose(c.values, map(c.x, (x) => Math.exp(x) - y * x), `y = ${y}`, TOL);
      assertClose(c.grad, map(c.x, (x) => Math.exp(x) - y), `y = ${y} grad`, TOL);
    }
    assertClose(set.markers.map((m) => m.x), [0, Math.log(4)], 'markers at ln y');
  });

  it('poisson_nll with log_input = false plots against the rate λ from 0.05: λ − y log(λ + eps), gradient 1 − y / (λ + eps)', async () => {
    const set = await computeCurves(loss('poisson_nll'), { log_input: false });
    const c = set.curves[2];
    assert.equal(c.x[0], 0.05);
    assertClose(c.values, map(c.x, (x) => x - 4 * Math.log(x + 1e-8)), 'y = 4', TOL);
    assertClose(c.grad, map(c.x, (x) => 1 - 4 / (x + 1e-8)), 'y = 4 grad', TOL);
    assert.deepEqual(set.markers.map((m) => m.x), [1, 4]);
  });

  it('gaussian_nll draws one curve per variance σ² against the residual: ½ (log σ² + r² / σ²), gradient r / σ²', async () => {
    const set = await computeCurves(loss('gaussian_nll'), {});
    assert.deepEqual(set.curves.map((c) => c.variant), ['σ² = 0.25', 'σ² = 1', 'σ² = 4']);
    for (const [k, v] of [0.25, 1, 4].entries()) {
      const c = set.curves[k];
      assertClose(c.values, map(c.x, (r) => 0.5 * (Math.log(v) + (r * r) / v)), `σ² = ${v}`, TOL);
      assertClose(c.grad, map(c.x, (r) => r / v), `σ² = ${v} grad`, TOL);
    }
  });

  it('margin_ranking against Δ = s_i − s_j is max(0, m − Δ), gradient −1 up to Δ = m (included, as clamp_min) and 0 after', async () => {
    const set = await computeCurves(loss('margin_ranking'), { margin: 1 }, { points: 9 });
    const c = set.curves[0];
    assert.deepEqual(Array.from(c.x), [-4, -3, -2, -1, 0, 1, 2, 3, 4]);
    assertClose(c.values, [5, 4, 3, 2, 1, 0, 0, 0, 0], 'values');
    assertClose(c.grad, [-1, -1, -1, -1, -1, -1, 0, 0, 0], 'grad');
  });

  it('approx_ndcg on the 2-document query (rel 1, 0) is −1 / log2(2 + σ(−Δ/T)), its derivative in closed form', async () => {
    for (const t of [1, 0.5]) {
      const c = (await computeCurves(loss('approx_ndcg'), { temperature: t })).curves[0];
      // r_0 = 1 + σ((0 − Δ)/T); gains (1, 0), IDCG = 1: l = −ln 2 / ln(2 + σ), σ = σ(−Δ/T);
      // dl/dΔ = −ln 2 · σ (1 − σ) / (T (2 + σ) ln²(2 + σ)).
      assertClose(c.values, map(c.x, (d) => -Math.LN2 / Math.log(2 + sigmoid(-d / t))), `T = ${t}`, TOL);
      assertClose(
        c.grad,
        map(c.x, (d) => {
          const s = sigmoid(-d / t);
          return (-Math.LN2 * s * (1 - s)) / (t * (2 + s) * Math.log(2 + s) ** 2);
        }),
        `T = ${t} grad`,
        TOL,
      );
    }
  });
});
