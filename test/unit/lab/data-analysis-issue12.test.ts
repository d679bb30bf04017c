/**
 * The data view on CSVs for the losses of issue #12, against naive float64 references computed here
 * from the rows (no engine): poisson_nll's rate residual, gaussian_nll's standardised residual, the
 * per-pair hinge of margin_ranking and the per-query value of approx_ndcg.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { initBackend } from '../../../src/engine/backend';
import { getLoss } from '../../../src/engine/registry';
import type { LossSpec } from '../../../src/engine/spec';
import { assertClose } from '../../helpers/close';
import { naiveCsv, sessionOf } from './sample-csv';

const loss = (id: string): LossSpec => getLoss(id)!;
const opts = { seq: 3, sampleSize: 100 };

/** 40 rows from a fixed formula (no randomness): a deterministic table for each family. */
function table(header: string, row: (i: number) => number[]): string {
  return [header, ...Array.from({ length: 40 }, (_, i) => row(i).join(','))].join('\n') + '\n';
}
const COUNTS = table('y_pred,y_true', (i) => [((i % 9) - 4) / 4, (i * 7) % 6]);
const GAUSS = table('y_pred,variance,y_true', (i) => [((i % 7) - 3) / 2, 0.25 + (i % 5) / 2, ((i * 3) % 11) / 4 - 1]);
const RANKING = table('qid,score,relevance', (i) => [Math.floor(i / 5), (((i * 13) % 17) - 8) / 4, (i * 7) % 4]);

describe('data analyses of the issue #12 losses', () => {
  before(async () => {
    await initBackend({ backend: 'wasm' });
  });

  it('poisson_nll: mean exp(ŷ) − y ŷ, the scatter and figures over the rate residual exp(ŷ) − y, worst row at its line', async () => {
    const t = naiveCsv(COUNTS);
    const s = await sessionOf('counts.csv', COUNTS);
    const { result: r } = await s.evaluate(loss('poisson_nll'), {}, 'mean', opts);
    assert.deepEqual(r.mapping, { prediction: ['y_pred'], target: ['y_true'] });
    const x = t.col('y_pred');
    const y = t.col('y_true');
    const per = x.map((v, i) => Math.exp(v) - y[i] * v);
    assertClose(r.value!, per.reduce((a, b) => a + b, 0) / per.length, 'value', { rtol: 1e-5 });
    const res = x.map((v, i) => Math.exp(v) - y[i]);
    if (r.analysis?.kind !== 'regression') return assert.fail('regression analysis');
    assert.equal(r.analysis.residual, 'rate residual exp(ŷ) − y');
    assertClose(r.analysis.residualMean!, res.reduce((a, b) => a + b, 0) / res.length, 'residual mean', { rtol: 1e-5 });
    assertClose(r.analysis.maxAbsResidual!, Math.max(...res.map(Math.abs)), 'max |residual|', { rtol: 1e-5 });
    const k = per.indexOf(Math.max(...per));
    assert.equal(r.worst[0].line, t.rows[k].line);
    assertClose(r.worst[0].variable!, res[k], 'worst residual', { rtol: 1e-5 });
    assert.equal(r.scatter!.xLabel, 'rate residual exp(ŷ) − y');
  });

  it('gaussian_nll: the variance column is mapped by its name; figures over (ŷ − y) / σ; gradients for prediction and variance', async () => {
    const t = naiveCsv(GAUSS);
    const s = await sessionOf('gauss.csv', GAUSS);
    const { result: r } = await s.evaluate(loss('gaussian_nll'), {}, 'sum', opts);
    assert.deepEqual(r.mapping, { prediction: ['y_pred'], variance: ['variance'], target: ['y_true'] });
    const mu = t.col('y_pred');
    const v = t.col('variance');
    const y = t.col('y_true');
    const per = mu.map((m, i) => 0.5 * (Math.log(v[i]) + (m - y[i]) ** 2 / v[i]));
    assertClose(r.value!, per.reduce((a, b) => a + b, 0), 'sum', { rtol: 1e-5 });
    const z = mu.map((m, i) => (m - y[i]) / Math.sqrt(v[i]));
    if (r.analysis?.kind !== 'regression') return assert.fail('regression analysis');
    assert.equal(r.analysis.residual, 'standardised residual (ŷ − y) / σ');
    const mean = z.reduce((a, b) => a + b, 0) / z.length;
    assertClose(r.analysis.residualMean!, mean, 'z mean', { rtol: 1e-5, atol: 1e-6 });
    assertClose(r.analysis.residualStd!, Math.sqrt(z.reduce((a, b) => a + (b - mean) ** 2, 0) / z.length), 'z std', { rtol: 1e-5 });
    assert.match(r.gradient!.label, /prediction_i, variance_i/);
  });

  it('margin_ranking: per-pair scatter is s_i − s_j with loss max(0, −(s_i − s_j)) at margin 0', async () => {
    const s = await sessionOf('ranking.csv', RANKING);
    const { result: r } = await s.evaluate(loss('margin_ranking'), {}, 'sum', opts);
    assert.equal(r.unit, 'pair');
    const sc = r.scatter!;
    assert.ok(sc.x.length > 0);
    sc.x.forEach((d, k) => assertClose(sc.y[k], Math.max(0, -d), `pair ${k}`, { rtol: 1e-5, atol: 1e-6 }));
    if (r.analysis?.kind !== 'ranking') return assert.fail('ranking analysis');
    assert.equal(r.analysis.queries, 8);
  });

  it('approx_ndcg: one value per query in [−1, 0] equal to a naive float64 ApproxNDCG, plotted against the query NDCG', async () => {
    const t = naiveCsv(RANKING);
    const s = await sessionOf('ranking.csv', RANKING);
    const { result: r } = await s.evaluate(loss('approx_ndcg'), { temperature: 0.5 }, 'mean', opts);
    assert.equal(r.unit, 'query');
    if (r.analysis?.kind !== 'ranking') return assert.fail('ranking analysis');
    assert.equal(r.analysis.perQuery.length, 8);
    // Naive per-query ApproxNDCG in float64 (ranks 1 + Σ_{j≠i} σ((s_j − s_i)/T), gain 2^rel − 1).
    const q = t.col('qid');
    const sc = t.col('score');
    const rel = t.col('relevance');
    const naive = new Map<number, number>();
    for (const id of new Set(q)) {
      const rows = q.flatMap((v, i) => (v === id ? [i] : []));
      const gains = rows.map((i) => 2 ** rel[i] - 1);
      const idcg = [...gains].sort((a, b) => b - a).reduce((acc, g, k) => acc + g / Math.log2(2 + k), 0);
      const dcg = rows.reduce((acc, i, a) => {
        const rank = 1 + rows.reduce((x, j) => (j === i ? x : x + 1 / (1 + Math.exp(-(sc[j] - sc[i]) / 0.5))), 0);
        return acc + gains[a] / Math.log2(1 + rank);
      }, 0);
      naive.set(id, idcg > 0 ? -dcg / idcg : 0);
    }
    for (const pq of r.analysis.perQuery) assertClose(pq.loss!, naive.get(pq.id)!, `query ${pq.id}`, { rtol: 1e-5, atol: 1e-6 });
    assertClose(r.value!, [...naive.values()].reduce((a, b) => a + b, 0) / naive.size, 'mean', { rtol: 1e-5 });
    assert.ok(r.scatter!.x.every((x) => x >= 0 && x <= 1), 'scatter x is the query NDCG');
  });
});
