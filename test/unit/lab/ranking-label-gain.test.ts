/**
 * The NDCG shown beside a ranking loss uses the loss's own gains when it has them (lambdamart's
 * `label_gain`), not 2^rel − 1: the panel's mean NDCG, each query's NDCG and the engine's metric
 * agree with a hand-worked example, and a loss without label_gain keeps 2^rel − 1.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { initBackend } from '../../../src/engine/backend';
import { queryMetrics } from '../../../src/engine/metrics/ranking';
import { getLoss } from '../../../src/engine/registry';
import { assertClose } from '../../helpers/close';
import { sessionOf } from './sample-csv';

// Query 1: rel [2, 0, 1], scores [0.1, 0.9, 0.5] → ranks 3, 1, 2. Query 2: rel [1, 0], scores
// [0.2, 0.8] → ranks 2, 1. Discount 1/log2(1 + rank).
const CSV = 'qid,score,rel\n1,0.1,2\n1,0.9,0\n1,0.5,1\n2,0.2,1\n2,0.8,0\n';
const L3 = 1 / Math.log2(3); // discount at rank 2 (rank 3: 1/2)
// label_gain [0, 1, 10]: query 1 DCG = 0·1 + 1·L3 + 10·½ = 5.6309298, IDCG = 10·1 + 1·L3 = 10.6309298
const Q1_LABEL_GAIN = (L3 + 5) / (10 + L3); // 0.5296743
// 2^rel − 1 = [0, 1, 3]: DCG = L3 + 3·½, IDCG = 3 + L3
const Q1_EXP_GAIN = (L3 + 1.5) / (3 + L3); // 0.5868827
// query 2 (grades 0 and 1 only, gain of 1 is 1 either way): DCG = L3, IDCG = 1
const Q2 = L3;

describe('ranking NDCG with the loss\'s label_gain', () => {
  before(async () => {
    await initBackend({ backend: 'wasm' });
  });

  it('the hand-worked gains: label_gain [0, 1, 10] gives 0.5296743 for query 1, 2^rel − 1 gives 0.5868827', () => {
    const score = [0.1, 0.9, 0.5];
    const rel = [2, 0, 1];
    assertClose(queryMetrics(score, rel, [0, 1, 2], null, [0, 1, 10])!.ndcg, 0.5296743, 'label_gain', { rtol: 1e-6 });
    assertClose(queryMetrics(score, rel, [0, 1, 2], null)!.ndcg, 0.5868827, '2^rel − 1', { rtol: 1e-6 });
    // a cut-off at 2 keeps ranks 1 and 2: DCG = L3, IDCG = 10 + L3
    assertClose(queryMetrics(score, rel, [0, 1, 2], 2, [0, 1, 10])!.ndcg, L3 / (10 + L3), 'label_gain @2', { rtol: 1e-9 });
    // no document with a positive gain: no NDCG (label_gain [0, 0, 5] and grades 0, 1)
    assert.equal(queryMetrics([1, 2], [1, 0], [0, 1], null, [0, 0, 5]), null);
  });

  it('lambdamart with label_gain: the panel\'s mean and per-query NDCG and the engine\'s metric use it', async () => {
    const s = await sessionOf('gains.csv', CSV);
    const ev = await s.evaluate(getLoss('lambdamart')!, { label_gain: [0, 1, 10] }, 'sum', { seq: 1, sampleSize: 100 });
    const a = ev.result.analysis;
    if (a?.kind !== 'ranking') return assert.fail('ranking analysis');
    const perQuery = new Map(a.perQuery.map((q) => [q.id, q.ndcg]));
    assertClose(perQuery.get(1)!, Q1_LABEL_GAIN, 'query 1', { rtol: 1e-6 });
    assertClose(perQuery.get(2)!, Q2, 'query 2', { rtol: 1e-6 });
    assertClose(a.ndcg!, (Q1_LABEL_GAIN + Q2) / 2, 'mean NDCG shown', { rtol: 1e-6 });
    assertClose(ev.result.metrics['ndcg']!, (Q1_LABEL_GAIN + Q2) / 2, 'the engine\'s metric', { rtol: 1e-6 });
    assert.equal(a.gain, 'label_gain');
    assertClose(a.mrr!, (0.5 + 0.5) / 2, 'MRR does not depend on gains', { rtol: 1e-9 });
    // lambdamart's own figures for the query agree
    const q1 = a.lambdamart!.queries.find((q) => q.id === 1)!;
    assertClose(q1.ndcg!, Q1_LABEL_GAIN, 'lambdamart figures', { rtol: 1e-6 });
  });

  it('a ranking loss without label_gain keeps 2^rel − 1', async () => {
    const s = await sessionOf('gains.csv', CSV);
    const ev = await s.evaluate(getLoss('listnet')!, {}, 'mean', { seq: 1, sampleSize: 100 });
    const a = ev.result.analysis;
    if (a?.kind !== 'ranking') return assert.fail('ranking analysis');
    assertClose(a.ndcg!, (Q1_EXP_GAIN + Q2) / 2, 'mean NDCG', { rtol: 1e-6 });
    assert.equal(a.gain, '2^rel − 1');
  });
});
