/**
 * The data view's gradient magnitudes are per-sample, not of the reduced loss: for row losses
 * ‖∂l_i/∂(row i's inputs)‖ whatever the reduction (the mean's 1/N made every value tiny), for pair
 * losses the gradient of the sum of the pair losses at each row, each labelled as what it is.
 * Checked against naive float64 loops on the sample CSVs. The CLI's `--grad` (of the reduced
 * value) is unchanged.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { initBackend } from '../../../src/engine/backend';
import { evaluate } from '../../../src/engine/evaluate';
import { getLoss } from '../../../src/engine/registry';
import type { LossSpec } from '../../../src/engine/spec';
import { assertClose } from '../../helpers/close';
import { naiveCsv, sampleText, sessionOf } from '../lab/sample-csv';

const loss = (id: string): LossSpec => getLoss(id)!;
const opts = { seq: 1, sampleSize: 100 };
const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
const stats = (g: number[]) => ({ max: Math.max(...g), mean: g.reduce((a, b) => a + b, 0) / g.length });

describe('per-sample gradient magnitudes in the data view', () => {
  before(async () => {
    await initBackend({ backend: 'wasm' });
  });

  for (const reduction of ['mean', 'sum', 'none'] as const) {
    it(`mse (${reduction}): each row shows |∂(w_i (ŷ_i − y_i)²)/∂ŷ_i| = |2 w_i (ŷ_i − y_i)|, not divided by N`, async () => {
      const t = naiveCsv(sampleText('regression.csv'));
      const pred = t.col('y_pred');
      const y = t.col('y_true');
      const w = t.col('weight');
      const naive = stats(pred.map((p, i) => Math.abs(2 * w[i] * (p - y[i]))));
      const { result: r } = await (await sessionOf('regression.csv')).evaluate(loss('mse'), {}, reduction, opts);
      assert.equal(r.gradient?.of, 'per-sample');
      assert.equal(r.gradient?.label, '‖∂l_i/∂prediction_i‖');
      assert.match(r.gradient!.note, /row's own loss/);
      assertClose(r.gradient!.max!, naive.max, 'max', { rtol: 1e-5 });
      assertClose(r.gradient!.mean!, naive.mean, 'mean', { rtol: 1e-5 });
    });
  }

  it('cross_entropy with class weights: the row gradient is of its weighted loss w_{y_i} ce_i, not of the mean over Σ w', async () => {
    const s = await sessionOf('classification.csv');
    const weight = [1, 2, 3, 4];
    const { result: r } = await s.evaluate(loss('cross_entropy'), { weight }, 'mean', opts);
    const t = naiveCsv(sampleText('classification.csv'));
    const target = t.col('target');
    // ∂(w_y ce)/∂z = w_y (softmax(z) − onehot(y))
    const norms = t.rows.map((row, i) => {
      const z = row.values.slice(0, 4);
      const m = Math.max(...z);
      const e = z.map((v) => Math.exp(v - m));
      const sum = e.reduce((a, b) => a + b, 0);
      const g = e.map((v, c) => weight[target[i]] * (v / sum - (c === target[i] ? 1 : 0)));
      return Math.hypot(...g);
    });
    assertClose(r.gradient!.max!, Math.max(...norms), 'max', { rtol: 1e-5 });
    assertClose(r.gradient!.mean!, stats(norms).mean, 'mean', { rtol: 1e-5 });
  });

  it('ranknet (pairs): each row shows ∂(Σ pair losses)/∂s_i, labelled as a sum over the pairs it takes part in', async () => {
    const t = naiveCsv(sampleText('ranking.csv'));
    const q = t.col('qid');
    const s = t.col('score');
    const rel = t.col('rel');
    const g = s.map(() => 0);
    for (let i = 0; i < s.length; i++) {
      for (let j = 0; j < s.length; j++) {
        if (q[i] !== q[j] || !(rel[i] > rel[j])) continue;
        // l = softplus(−(s_i − s_j)): ∂l/∂s_i = −σ(−d), ∂l/∂s_j = +σ(−d)
        const d = sigmoid(-(s[i] - s[j]));
        g[i] -= d;
        g[j] += d;
      }
    }
    const naive = stats(g.map(Math.abs));
    const { result: r } = await (await sessionOf('ranking.csv')).evaluate(loss('ranknet'), { sigma: 1 }, 'mean', opts);
    assert.equal(r.gradient?.of, 'sum');
    assert.equal(r.gradient?.label, '‖∂(Σ losses)/∂score_i‖');
    assert.match(r.gradient!.note, /several pairs/);
    assertClose(r.gradient!.max!, naive.max, 'max', { rtol: 1e-4 });
    assertClose(r.gradient!.mean!, naive.mean, 'mean', { rtol: 1e-4 });
  });

  it("the engine's default gradient is still of the reduced value (the CLI's --grad): the mean's is the sum's / N", async () => {
    const x = { prediction: { data: Float32Array.from([1, 2, 4]), cols: 1 }, target: { data: Float32Array.from([0, 0, 0]), cols: 1 } };
    const reduced = await evaluate(loss('mse'), x, {}, { reduction: 'mean', grad: true });
    const ofSum = await evaluate(loss('mse'), x, {}, { reduction: 'mean', grad: true, gradOf: 'sum' });
    assert.deepEqual([...reduced.grad!.prediction!.data].map((v) => Number(v.toFixed(5))), [0.66667, 1.33333, 2.66667]);
    assert.deepEqual([...ofSum.grad!.prediction!.data], [2, 4, 8]);
    assert.equal(ofSum.value, reduced.value, 'the reduced value does not depend on what the gradient is of');
  });
});
