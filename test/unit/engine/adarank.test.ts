/**
 * The `adarank` loss: hand-worked NDCG@k and AP@k examples (ties included), properties that hold
 * for any input, the numpy reference's golden values (test/fixtures/adarank/gen_adarank.py), and
 * the refusal of a gradient.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { initBackend } from '../../../src/engine/backend';
import { evaluate } from '../../../src/engine/evaluate';
import { InputError } from '../../../src/engine/inputs';
import { queryMeasures } from '../../../src/engine/losses/ranking/adarank';
import { apOfRanks, ndcgOfRanks, queryMeasure } from '../../../src/engine/metrics/adarank-measure';
import { getLoss } from '../../../src/engine/registry';
import type { EvalInputs, LossSpec } from '../../../src/engine/spec';
import { backendsUnderTest } from '../../helpers/backends';
import { assertClose } from '../../helpers/close';

const spec = (): LossSpec => getLoss('adarank')!;
const col = (xs: number[]) => ({ data: Float32Array.from(xs), cols: 1 });
const ranking = (query: number[], score: number[], relevance: number[]): EvalInputs => ({ query: col(query), score: col(score), relevance: col(relevance) });
const one = (score: number[], rel: number[]) => ranking(score.map(() => 1), score, rel);

interface GoldenCase {
  name: string;
  params: { metric: string; k: number | null };
  inputs: { query: number[]; score: number[]; relevance: number[] };
  measures: number[];
  perQuery: number[];
  value: number;
  queryWeights: number[];
}
const GOLDEN = JSON.parse(readFileSync(join(__dirname, '..', '..', 'fixtures', 'adarank', 'golden.json'), 'utf8')) as { cases: GoldenCase[] };

/** A small deterministic generator for the property tests (no Math.random: failures must repeat). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

describe('adarank measures (hand-worked)', () => {
  const idx = [0, 1, 2];
  it('NDCG of the reversed ranking of rel [0, 1, 2]: DCG 2.130930 / IDCG 3.630930 = 0.586883; @1 = 0; @2 = 0.173765', () => {
    // scores [0.9, 0.5, 0.2] rank the rows 0, 1, 2. DCG = 0/log2 2 + 1/log2 3 + 3/log2 4 = 0.630930 + 1.5.
    // IDCG = 3/log2 2 + 1/log2 3 = 3.630930. @1: DCG 0 / IDCG 3. @2: 0.630930 / 3.630930.
    const s = [0.9, 0.5, 0.2];
    const r = [0, 1, 2];
    assertClose(queryMeasure(s, r, idx, 'ndcg', null), 0.5868827, 'ndcg', { rtol: 1e-6 });
    assert.equal(queryMeasure(s, r, idx, 'ndcg', 1), 0);
    assertClose(queryMeasure(s, r, idx, 'ndcg', 2), 0.1737653, 'ndcg@2', { rtol: 1e-6 });
  });
  it('AP of the same ranking: relevant at ranks 2 and 3 -> (1/2 + 2/3) / 2 = 0.583333; @2 = (1/2) / 2; @1 = 0', () => {
    const s = [0.9, 0.5, 0.2];
    const r = [0, 1, 2];
    assertClose(queryMeasure(s, r, idx, 'map', null), 7 / 12, 'ap', { rtol: 1e-12 });
    assertClose(queryMeasure(s, r, idx, 'map', 2), 0.25, 'ap@2', { rtol: 1e-12 });
    assert.equal(queryMeasure(s, r, idx, 'map', 1), 0);
  });
  it('AP@k divides by min(k, R): a perfect top 1 of two relevant documents is 1 at k = 1', () => {
    assert.equal(queryMeasure([0.9, 0.5, 0.2], [2, 1, 0], idx, 'map', 1), 1);
    assert.equal(queryMeasure([0.9, 0.5, 0.2], [2, 0, 1], idx, 'map', 1), 1);
    // relevant at ranks 1 and 3, k = 2: (1/1) / min(2, 2) = 0.5
    assert.equal(queryMeasure([0.9, 0.5, 0.2], [2, 0, 1], idx, 'map', 2), 0.5);
  });
  it('ties rank in row order: equal scores with the relevant document last give NDCG 1/log2 4 = 0.5 and AP 1/3', () => {
    assertClose(queryMeasure([0.3, 0.3, 0.3], [0, 0, 1], idx, 'ndcg', null), 0.5, 'ndcg', { rtol: 1e-12 });
    assertClose(queryMeasure([0.3, 0.3, 0.3], [0, 0, 1], idx, 'map', null), 1 / 3, 'ap', { rtol: 1e-12 });
    // the same tie with the relevant document first is perfect
    assert.equal(queryMeasure([0.3, 0.3, 0.3], [1, 0, 0], idx, 'ndcg', null), 1);
    assert.equal(queryMeasure([0.3, 0.3, 0.3], [1, 0, 0], idx, 'map', null), 1);
  });
  it('a query without a relevant document has E = 0 for both measures', () => {
    assert.equal(queryMeasure([0.1, 0.2], [0, 0], [0, 1], 'ndcg', null), 0);
    assert.equal(queryMeasure([0.1, 0.2], [0, 0], [0, 1], 'map', 3), 0);
    assert.equal(ndcgOfRanks([0], [0], [1], null), 0);
    assert.equal(apOfRanks([0], [0], [1], null), 0);
  });
});

for (const backend of backendsUnderTest()) {
  describe(`adarank loss on the ${backend} backend`, () => {
    before(async () => {
      const info = await initBackend({ backend });
      assert.equal(info.name, backend);
    });

    it('a perfect ranking costs exp(−1) = 0.367879; the reversed one exp(−0.586883) = 0.556058 (NDCG) or exp(−7/12) = 0.558035 (AP)', async () => {
      const perfect = await evaluate(spec(), one([0.5, 0.2, 0.9], [1, 0, 2]));
      assertClose(perfect.value, Math.exp(-1), 'perfect', { rtol: 1e-6 });
      const rev = await evaluate(spec(), one([0.9, 0.5, 0.2], [0, 1, 2]));
      assertClose(rev.value, 0.5560580, 'reversed ndcg', { rtol: 1e-6 });
      const revAp = await evaluate(spec(), one([0.9, 0.5, 0.2], [0, 1, 2]), { metric: 'map' });
      assertClose(revAp.value, 0.5580351, 'reversed ap', { rtol: 1e-6 });
      const revAp2 = await evaluate(spec(), one([0.9, 0.5, 0.2], [0, 1, 2]), { metric: 'map', k: 2 });
      assertClose(revAp2.value, Math.exp(-0.25), 'reversed ap@2', { rtol: 1e-6 });
    });

    it('two queries, one perfect (E = 1) and one without a relevant document (E = 0): mean (e^−1 + 1)/2 = 0.683940, weights 0.268941 and 0.731059', async () => {
      // query 7 (rows 0, 2): perfect; query 2 (rows 1, 3): no relevant document. Queries come in ascending id: 2, then 7.
      const r = await evaluate(spec(), ranking([7, 2, 7, 2], [1, 0.5, 0, 0.4], [1, 0, 0, 0]), {}, { perSample: true });
      assertClose(r.value, 0.6839397, 'value', { rtol: 1e-6 });
      assert.equal(r.unit, 'query');
      assert.deepEqual(Array.from(r.unitIds!), [2, 7]);
      assertClose(r.perSample!, [1, Math.exp(-1)], 'per query', { rtol: 1e-6 });
      assertClose(r.unitWeights!, [0.7310586, 0.2689414], 'query weights', { rtol: 1e-6 });
      assertClose(r.metrics!.mean_measure, 0.5, 'mean measure', { rtol: 1e-12 });
    });

    it('sum and none reductions: Σ exp(−E) and the per-query values', async () => {
      const x = ranking([7, 2, 7, 2], [1, 0.5, 0, 0.4], [1, 0, 0, 0]);
      assertClose((await evaluate(spec(), x, {}, { reduction: 'sum' })).value, 1 + Math.exp(-1), 'sum', { rtol: 1e-6 });
      const none = await evaluate(spec(), x, {}, { reduction: 'none' });
      assert.ok(Number.isNaN(none.value));
      assertClose(none.perSample!, [1, Math.exp(-1)], 'none', { rtol: 1e-6 });
    });

    for (const c of GOLDEN.cases) {
      it(`${c.name} matches the numpy reference`, async () => {
        const r = await evaluate(spec(), ranking(c.inputs.query, c.inputs.score, c.inputs.relevance), c.params, { perSample: true });
        assertClose(r.value, c.value, 'value', { rtol: 1e-6 });
        assertClose(r.perSample!, c.perQuery, 'per query', { rtol: 1e-6 });
        assertClose(r.unitWeights!, c.queryWeights, 'query weights', { rtol: 1e-6 });
        const E = queryMeasures(Float32Array.from(c.inputs.score), Float32Array.from(c.inputs.relevance), Float32Array.from(c.inputs.query), c.params.metric as 'ndcg' | 'map', c.params.k);
        assertClose(E, c.measures, 'measures', { rtol: 1e-12, atol: 1e-15 });
      });
    }

    it('has no gradient: grad is refused with a message that names the loss', async () => {
      await assert.rejects(evaluate(spec(), one([0.1, 0.2], [1, 0]), {}, { grad: true }), (e: unknown) => e instanceof InputError && /adarank has no gradient/.test(e.message));
      assert.equal(spec().gradientKind, 'none');
      assert.ok(spec().roles.every((r) => !r.differentiable), 'no role is differentiable');
    });

    it('bad metric and k are refused naming the parameter', async () => {
      await assert.rejects(evaluate(spec(), one([0.1, 0.2], [1, 0]), { metric: 'err' }), /metric/);
      await assert.rejects(evaluate(spec(), one([0.1, 0.2], [1, 0]), { k: 0 }), /parameter k/);
    });

    it('properties on random queries: values in [e^−1, 1], weights sum to 1, invariant to a monotone map of the scores and to the row order of distinct scores, a perfect ranking is e^−1', async () => {
      const rnd = lcg(16);
      for (let trial = 0; trial < 30; trial++) {
        const n = 2 + Math.floor(rnd() * 30);
        const query = Array.from({ length: n }, () => Math.floor(rnd() * 5));
        const rel = query.map(() => Math.floor(rnd() * 4));
        // distinct scores (a permutation of 0..n-1 scaled)
        const perm = Array.from({ length: n }, (_, i) => i).sort(() => rnd() - 0.5);
        const score = perm.map((p) => p / n - 0.5);
        for (const metric of ['ndcg', 'map']) {
          const k = rnd() < 0.5 ? null : 1 + Math.floor(rnd() * 5);
          const params = { metric, k };
          const r = await evaluate(spec(), ranking(query, score, rel), params, { perSample: true });
          for (const v of r.perSample!) assert.ok(v >= Math.fround(Math.exp(-1)) && v <= 1, `value ${v} in [e^-1, 1]`);
          assertClose(r.unitWeights!.reduce((a, b) => a + b, 0), 1, 'weights sum', { rtol: 1e-12 });
          // monotone map: exp(3 s) + 7 keeps the order
          const mono = await evaluate(spec(), ranking(query, score.map((s) => Math.exp(3 * s) + 7), rel), params, { perSample: true });
          assert.deepEqual(Array.from(mono.perSample!), Array.from(r.perSample!), 'monotone map');
          // reversed row order (distinct scores: no tie to reorder)
          const rv = (xs: number[]) => [...xs].reverse();
          const rev = await evaluate(spec(), ranking(rv(query), rv(score), rv(rel)), params, { perSample: true });
          assert.deepEqual(Array.from(rev.perSample!), Array.from(r.perSample!), 'row order');
          // scoring by the relevance itself is perfect wherever a query has a relevant document
          const ideal = await evaluate(spec(), ranking(query, rel, rel), params, { perSample: true });
          const ids = Array.from(ideal.unitIds!);
          ids.forEach((q, u) => {
            const any = query.some((qq, i) => qq === q && rel[i] > 0);
            assertClose(ideal.perSample![u], any ? Math.exp(-1) : 1, `ideal query ${q}`, { rtol: 1e-6 });
          });
        }
      }
    });
  });
}
