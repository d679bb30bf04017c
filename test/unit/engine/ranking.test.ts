/**
 * Ranking losses and metrics: hand-worked examples, the query grouping and orders the engine
 * promises, finite-difference gradients, extreme scores, and bad input. PyTorch golden values for
 * these losses are in test/fixtures/golden/ranking.json (checked by golden.test.ts).
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { initBackend } from '../../../src/engine/backend';
import { evaluate } from '../../../src/engine/evaluate';
import { InputError } from '../../../src/engine/inputs';
import { MAX_PAIRS_PER_BATCH } from '../../../src/engine/losses/ranking/pairs';
import { rankingMetrics } from '../../../src/engine/metrics/ranking';
import { ParamError } from '../../../src/engine/params';
import type { EvalInputs } from '../../../src/engine/spec';
import { backendsUnderTest } from '../../helpers/backends';
import { assertClose } from '../../helpers/close';
import { checkGradientFD } from '../../helpers/finite-diff';
import { loadGolden } from '../../helpers/golden';
import { loss } from '../../helpers/losses';

const col = (xs: number[]) => ({ data: Float32Array.from(xs), cols: 1 });
const ranking = (query: number[], score: number[], relevance: number[]): EvalInputs => ({
  query: col(query),
  score: col(score),
  relevance: col(relevance),
});

for (const backend of backendsUnderTest()) {
  describe(`ranking losses on the ${backend} backend`, () => {
    before(async () => {
      const info = await initBackend({ backend });
      assert.equal(info.name, backend);
    });

    it('ranknet on scores 0.7 and 0.3 gives log(1 + exp(-0.4)) = 0.5130, not sigmoid(0.7)', async () => {
      // One query, document i (rel 1, s = 0.7) above j (rel 0, s = 0.3): one pair, σ = 1.
      // P(i above j) = 1 / (1 + exp(-(0.7 - 0.3))) = σ(0.4) = 0.598688; the loss is -log of it:
      // log(1 + exp(-0.4)) = log(1 + 0.670320) = log(1.670320) = 0.513015.
      // (The widely copied walk-through's 0.403 comes from using σ(0.7) = 0.668188 as the
      // probability: -log 0.668188 = 0.403186.)
      // Gradient: dl/ds_i = -1 / (1 + exp(0.4)) = -1 / 2.491825 = -0.401312, dl/ds_j = +0.401312.
      const r = await evaluate(loss('ranknet'), ranking([1, 1], [0.7, 0.3], [1, 0]), {}, { grad: true });
      assertClose(r.value, 0.513015, 'ranknet value', { rtol: 1e-5 });
      assert.equal(r.count, 1);
      assertClose(r.grad!.score!.data, [-0.401312, 0.401312], 'ranknet grad', { rtol: 1e-5 });
    });

    it('ranknet skips tied pairs and orders pairs by query, then row of i, then row of j', async () => {
      // Query 2 (rows 0, 2, 3) rel [1, 1, 0]: pairs (row0, row3), (row2, row3); the tie (0, 2) is skipped.
      // Query 1 (rows 1, 4) rel [0, 2]: pair (row4, row1). Query 1 comes first (ascending id).
      // Pair losses log(1 + exp(-(s_i - s_j))), s = [0, 1, 2, -1, 3]:
      //   (4, 1): s diff 2 -> log(1 + e^-2) = 0.126928;  (0, 3): diff 1 -> log(1 + e^-1) = 0.313262;
      //   (2, 3): diff 3 -> log(1 + e^-3) = 0.048587.
      const r = await evaluate(loss('ranknet'), ranking([2, 1, 2, 2, 1], [0, 1, 2, -1, 3], [1, 0, 1, 0, 2]), {}, { reduction: 'none' });
      assertClose(r.perSample!, [0.126928, 0.313262, 0.048587], 'pair losses', { rtol: 1e-5 });
    });

    it('lambdarank weights each pair by |ΔNDCG| of swapping it in the current ranking (hand-worked)', async () => {
      // One query, s = [0.2, 1.0, 0.5], rel = [2, 0, 1]. Ranks by score: row1 -> 1, row2 -> 2, row0 -> 3.
      // Gains 2^rel - 1 = [3, 0, 1]; IDCG = 3/log2(2) + 1/log2(3) + 0 = 3 + 0.630930 = 3.630930.
      // Pairs (i, j) with rel_i > rel_j, by row of i then j: (0,1), (0,2), (2,1).
      //   (0,1): |ΔG| = 3, |D(3) - D(1)| = |0.5 - 1| = 0.5 -> w = 1.5 / 3.630930 = 0.413117;
      //          softplus(-(0.2 - 1.0)) = log(1 + e^0.8) = log(3.225541) = 1.171101 -> 0.483802
      //   (0,2): |ΔG| = 2, |D(3) - D(2)| = |0.5 - 0.630930| = 0.130930 -> w = 0.261860 / 3.630930 = 0.072119;
      //          log(1 + e^0.3) = log(2.349859) = 0.854355 -> 0.061615
      //   (2,1): |ΔG| = 1, |D(2) - D(1)| = 0.369070 -> w = 0.101646; log(1 + e^0.5) = 0.974077 -> 0.099011
      // mean = (0.483802 + 0.061615 + 0.099011) / 3 = 0.214810.
      const r = await evaluate(loss('lambdarank'), ranking([0, 0, 0], [0.2, 1.0, 0.5], [2, 0, 1]), {}, { perSample: true });
      assertClose(r.perSample!, [0.483802, 0.061615, 0.099011], 'pair losses', { rtol: 2e-5 });
      assertClose(r.value, 0.21481, 'mean', { rtol: 2e-5 });
    });

    it('lambdarank with k = 1 gives pairs beyond k weight 0 but keeps them in the mean', async () => {
      // Same query, k = 1: D(r) = 0 for r > 1, IDCG@1 = 3.
      //   (0,1): |D(3) - D(1)| = 1 -> w = 3 * 1 / 3 = 1 -> 1.171101
      //   (0,2): ranks 3 and 2, both beyond k -> w = 0
      //   (2,1): |D(2) - D(1)| = 1 -> w = 1 * 1 / 3 -> 0.974077 / 3 = 0.324692
      // mean over all 3 pairs = (1.171101 + 0 + 0.324692) / 3 = 0.498598.
      const r = await evaluate(loss('lambdarank'), ranking([0, 0, 0], [0.2, 1.0, 0.5], [2, 0, 1]), { k: 1 }, { perSample: true });
      assertClose(r.perSample!, [1.171101, 0, 0.324692], 'pair losses', { rtol: 2e-5 });
      assertClose(r.value, 0.498598, 'mean', { rtol: 2e-5 });
      assert.equal(r.count, 3);
    });

    it('lambdarank ranks equal scores by input row: the earlier row ranks higher', async () => {
      // s = [1, 1, 0], rel = [0, 1, 2], k = 2. Ranks: row0 1 (the earlier of the tie), row1 2, row2 3.
      // Gains [0, 1, 3]; D(1) = 1, D(2) = 1/log2(3) = 0.630930, D(3) = 0 (beyond k);
      // IDCG@2 = 3 + 0.630930 = 3.630930. Pairs by row of i, then j: (1,0), (2,0), (2,1).
      //   (1,0): 1 * |D(2) - D(1)| = 0.369070 -> w = 0.101646; softplus(-(1 - 1)) = log 2 = 0.693147 -> 0.070456
      //   (2,0): 3 * |D(3) - D(1)| = 3        -> w = 0.826235; softplus(-(0 - 1)) = 1.313262 -> 1.085062
      //   (2,1): 2 * |D(3) - D(2)| = 1.261860 -> w = 0.347531; softplus(1) = 1.313262           -> 0.456399
      // Had row1 ranked first, (2,1) would get 2 * |0 - 1| / IDCG = 0.550823 -> 0.723375.
      const r = await evaluate(loss('lambdarank'), ranking([0, 0, 0], [1, 1, 0], [0, 1, 2]), { k: 2 }, { reduction: 'none' });
      assertClose(r.perSample!, [0.070456, 1.085062, 0.456399], 'pair losses', { rtol: 2e-5 });
    });

    it('listnet is the cross-entropy of softmax(rel) and softmax(s) per query (hand-worked)', async () => {
      // s = [1, 0], rel = [1, 0]: softmax(rel) = [e/(e+1), 1/(e+1)] = [0.731059, 0.268941];
      // log softmax(s) = [-log(1 + e^-1), -1 - log(1 + e^-1)] = [-0.313262, -1.313262];
      // loss = 0.731059 * 0.313262 + 0.268941 * 1.313262 = 0.229014 + 0.353190 = 0.582203.
      // A second query with one document has loss 0; mean = 0.582203 / 2.
      const r = await evaluate(loss('listnet'), ranking([4, 9, 4], [1, 5, 0], [1, 3, 0]), {}, { perSample: true });
      assertClose(r.perSample!, [0.582203, 0], 'per query', { rtol: 1e-5 });
      assert.deepEqual(Array.from(r.unitIds!), [4, 9]);
      assertClose(r.value, 0.291102, 'mean', { rtol: 1e-5 });
    });

    it('listmle is the Plackett–Luce NLL of the order by relevance (hand-worked)', async () => {
      // s = [1, 2, 0], rel = [2, 1, 0]: π = rows 0, 1, 2.
      //   t1 = log(e^1 + e^2 + e^0) - 1 = log(11.107338) - 1 = 1.407606
      //   t2 = log(e^2 + e^0) - 2 = log(8.389056) - 2 = 0.126928;  t3 = 0.   Sum 1.534534.
      // Gradient: dl/ds_u = Σ_t softmax over the remaining(u) - 1 per term containing u as the pick:
      //   row0: e/11.107338 - 1 = 0.244728 - 1 = -0.755272
      //   row1: e^2/11.107338 + e^2/8.389056 - 1 = 0.665241 + 0.880797 - 1 = 0.546038
      //   row2: 1/11.107338 + 1/8.389056 + 1 - 1 = 0.090031 + 0.119203 = 0.209234
      const r = await evaluate(loss('listmle'), ranking([0, 0, 0], [1, 2, 0], [2, 1, 0]), {}, { grad: true });
      assertClose(r.value, 1.534534, 'value', { rtol: 1e-5 });
      assertClose(r.grad!.score!.data, [-0.755272, 0.546038, 0.209234], 'grad', { rtol: 1e-4 });
    });

    it('listmle keeps float32 precision at scores of 1e4 with near ties (hand-worked)', async () => {
      // s = [1e4, 1e4, 1e4 - 1], rel = [2, 1, 0]; with Z = 2 + e^-1 = 2.367879, Y = 1 + e^-1 = 1.367879:
      //   l = log Z + log Y = 0.861940 + 0.313262 = 1.175256
      //   grad = [1/Z - 1, 1/Z - 1 + 1/Y, e^-1/Z + e^-1/Y] = [-0.577681, 0.153377, 0.424304]
      // (Log-sum-exps of absolute scores round at 1e-3 there: the value came out 1e-4 off.)
      const r = await evaluate(loss('listmle'), ranking([0, 0, 0], [1e4, 1e4, 1e4 - 1], [2, 1, 0]), {}, { grad: true });
      const Z = 2 + Math.exp(-1);
      const Y = 1 + Math.exp(-1);
      assertClose(r.value, Math.log(Z) + Math.log(Y), 'value', { rtol: 1e-6 });
      assertClose(r.grad!.score!.data, [1 / Z - 1, 1 / Z - 1 + 1 / Y, Math.exp(-1) / Z + Math.exp(-1) / Y], 'grad', { rtol: 1e-5 });
    });

    it('listmle at equal scores has the softmax-weight gradient [−2/3, −1/6, 5/6] (hand-worked, issue #14)', async () => {
      // s = [0.5, 0.5, 0.5], rel = [2, 1, 0]: π = rows 0, 1, 2; every pick is uniform among the rest.
      //   t1 = log(3 e^0.5) − 0.5 = log 3, t2 = log 2, t3 = 0: sum = log 6 = 1.791759.
      // Gradient (sum): row0 1/3 − 1 = −2/3; row1 1/3 + 1/2 − 1 = −1/6; row2 1/3 + 1/2 + 1 − 1 = 5/6.
      // ListMLE is smooth there: a tie has no choice to make, and these are the central differences.
      const r = await evaluate(loss('listmle'), ranking([1, 1, 1], [0.5, 0.5, 0.5], [2, 1, 0]), {}, { grad: true, reduction: 'sum' });
      assertClose(r.value, Math.log(6), 'value', { rtol: 1e-6 });
      assertClose(r.grad!.score!.data, [-2 / 3, -1 / 6, 5 / 6], 'grad', { rtol: 1e-6 });
    });

    it('listmle breaks relevance ties by input row (the earlier row is picked first)', async () => {
      // rel = [1, 1], s = [0, 3]: π = rows 0, 1: log(e^0 + e^3) - 0 = 3.048587 (not 0.048587).
      const r = await evaluate(loss('listmle'), ranking([0, 0], [0, 3], [1, 1]));
      assertClose(r.value, 3.048587, 'value', { rtol: 1e-5 });
    });

    it('pointwise_mse returns row losses and gradients in input order although rows are regrouped', async () => {
      // (s - rel)^2 per row: [(0.5-1)^2, (2-0)^2, (-1-0)^2, (3-2)^2] = [0.25, 4, 1, 1]; mean 1.5625.
      // d mean / ds = 2 (s - rel) / 4 = [-0.25, 1, -0.5, 0.5].
      const r = await evaluate(loss('pointwise_mse'), ranking([2, 1, 2, 1], [0.5, 2, -1, 3], [1, 0, 0, 2]), {}, { perSample: true, grad: true });
      assertClose(r.perSample!, [0.25, 4, 1, 1], 'per row', { rtol: 1e-6 });
      assertClose(r.value, 1.5625, 'mean', { rtol: 1e-6 });
      assertClose(r.grad!.score!.data, [-0.25, 1, -0.5, 0.5], 'grad', { rtol: 1e-6 });
    });

    it('gradients come back in input order when queries are interleaved', async () => {
      // The same documents listed query by query and interleaved must give the same value and the
      // same gradient per document.
      const q = [3, 1, 3, 2, 1, 3, 2, 1];
      const s = [0.3, -1.2, 2.0, 0.7, 0.1, -0.4, 1.5, 0.9];
      const rel = [2, 0, 1, 1, 3, 0, 0, 1];
      const sorted = q.map((_, i) => i).sort((a, b) => q[a] - q[b] || a - b);
      for (const id of ['ranknet', 'lambdarank', 'listnet', 'listmle']) {
        const a = await evaluate(loss(id), ranking(q, s, rel), {}, { grad: true, perSample: true });
        const b = await evaluate(loss(id), ranking(sorted.map((i) => q[i]), sorted.map((i) => s[i]), sorted.map((i) => rel[i])), {}, { grad: true, perSample: true });
        assertClose(a.value, b.value, `${id} value`);
        assertClose(a.perSample!, b.perSample!, `${id} perSample`);
        const ga = a.grad!.score!.data;
        assertClose(sorted.map((i) => ga[i]), b.grad!.score!.data, `${id} grad`);
      }
    });

    it('splitting into batches never splits a query and changes nothing', async () => {
      const q = [5, 1, 5, 2, 1, 5, 2, 1, 7, 7];
      const s = [0.3, -1.2, 2.0, 0.7, 0.1, -0.4, 1.5, 0.9, 4, -4];
      const rel = [2, 0, 1, 1, 3, 0, 0, 1, 0, 1];
      for (const id of ['pointwise_mse', 'ranknet', 'lambdarank', 'listnet', 'listmle']) {
        const whole = await evaluate(loss(id), ranking(q, s, rel), {}, { grad: true, perSample: true });
        const split = await evaluate(loss(id), ranking(q, s, rel), {}, { grad: true, perSample: true, batchRows: 2 });
        assertClose(split.value, whole.value, `${id} value`);
        assertClose(split.perSample!, whole.perSample!, `${id} perSample`);
        assertClose(split.grad!.score!.data, whole.grad!.score!.data, `${id} grad`);
        if (whole.unitIds) assert.deepEqual(Array.from(split.unitIds!), [1, 2, 5, 7]);
      }
    });

    it('ranknet with no preference pair: mean is NaN, sum is 0 with a zero gradient', async () => {
      const inputs = ranking([1, 1, 2], [0.5, 1.5, 3], [1, 1, 0]);
      const m = await evaluate(loss('ranknet'), inputs);
      assert.equal(m.count, 0);
      assert.ok(Number.isNaN(m.value));
      const s = await evaluate(loss('ranknet'), inputs, {}, { reduction: 'sum', grad: true });
      assert.equal(s.value, 0);
      assertClose(s.grad!.score!.data, [0, 0, 0], 'grad');
    });

    for (const [id, params] of [
      ['pointwise_mse', {}],
      ['ranknet', {}],
      ['ranknet', { sigma: 2.5 }],
      ['lambdarank', {}],
      ['lambdarank', { k: 2, sigma: 0.7 }],
      ['listnet', {}],
      ['listmle', {}],
    ] as const) {
      it(`${id} ${JSON.stringify(params)}: autodiff gradient matches finite differences`, async () => {
        // Scores at least 0.3 apart, so the ±1e-2 steps never reorder LambdaRank's ranking.
        const inputs = ranking([2, 1, 2, 1, 2, 1, 2], [0.3, -1.2, 2.0, 0.9, -0.6, 0.0, 1.1], [2, 0, 1, 1, 0, 3, 2]);
        for (const reduction of ['mean', 'sum'] as const) await checkGradientFD(loss(id), inputs, params, reduction);
      });
    }

    it('stays finite and exact for scores of magnitude 1e4', async () => {
      // ranknet: one pair with s_i - s_j = -2e4: log(1 + e^2e4) = 2e4 exactly in float32; grad -1, +1.
      const rn = await evaluate(loss('ranknet'), ranking([0, 0], [-1e4, 1e4], [1, 0]), {}, { grad: true });
      assert.equal(rn.value, 2e4);
      assertClose(rn.grad!.score!.data, [-1, 1], 'ranknet grad');
      // listmle, order by relevance = order by score: every pick has probability ~1, loss ~0
      // (exp(-1e4) underflows; the running log-add-exp keeps it finite instead of log(0)).
      const good = await evaluate(loss('listmle'), ranking([0, 0, 0], [1e4, 0, -1e4], [2, 1, 0]), {}, { grad: true });
      assert.equal(good.value, 0);
      assertClose(good.grad!.score!.data, [0, 0, 0], 'listmle grad');
      // ... reversed: picks -1e4 first (cost 2e4), then 0 among {0, 1e4} (cost 1e4), then 0: 3e4.
      // Gradient: row0 (s=-1e4) is picked first: softmax 0 - 1 = -1; row1: 0 + 0 - 1 = -1; row2: 1 + 1 + 0 = 2.
      const bad = await evaluate(loss('listmle'), ranking([0, 0, 0], [-1e4, 0, 1e4], [2, 1, 0]), {}, { grad: true, reduction: 'sum' });
      assert.equal(bad.value, 3e4);
      assertClose(bad.grad!.score!.data, [-1, -1, 2], 'listmle grad');
      // listnet: softmax(s) is one-hot on 1e4; rel = [0, 1] puts 0.731 of the target there.
      // loss = -(0.268941 * log softmax(-1e4)) - 0.731059 * 0 = 0.268941 * 2e4 = 5378.83.
      const ln = await evaluate(loss('listnet'), ranking([0, 0], [-1e4, 1e4], [0, 1]), {}, { grad: true });
      assertClose(ln.value, 5378.828, 'listnet value', { rtol: 1e-5 });
      assertClose(ln.grad!.score!.data, [-0.268941, 0.268941], 'listnet grad', { rtol: 1e-5 });
      for (const id of ['pointwise_mse', 'lambdarank']) {
        const r = await evaluate(loss(id), ranking([0, 0, 0], [-1e4, 1e4, 3e3], [1, 0, 2]), {}, { grad: true });
        assert.ok(Number.isFinite(r.value), `${id} value finite`);
        assert.ok(r.grad!.score!.data.every(Number.isFinite), `${id} grad finite`);
      }
    });

    it('ranking losses report NDCG and MRR beside the loss', async () => {
      // Query 0 of the LambdaRank example: NDCG = (0 + 1/log2(3) + 3/log2(4)) / 3.630930
      //   = (0.630930 + 1.5) / 3.630930 = 0.586883; the first relevant document ranks 2: RR = 0.5.
      // Query 1 has no relevant document: left out of both.
      const r = await evaluate(loss('ranknet'), ranking([0, 0, 0, 1, 1], [0.2, 1.0, 0.5, 3, 1], [2, 0, 1, 0, 0]));
      assertClose(r.metrics!.ndcg, 0.586883, 'ndcg', { rtol: 1e-5 });
      assert.equal(r.metrics!.mrr, 0.5);
      assert.equal(r.metrics!.queries, 1);
      assert.equal(r.metrics!.queries_without_relevant, 1);
      // lambdarank's k is the NDCG cut-off: at k = 1 the top document (rel 0) gives NDCG@1 = 0.
      const k1 = await evaluate(loss('lambdarank'), ranking([0, 0, 0], [0.2, 1.0, 0.5], [2, 0, 1]), { k: 1 });
      assert.equal(k1.metrics!.ndcg, 0);
    });

    it('ranking parameters and inputs are checked with messages that name the culprit', async () => {
      await assert.rejects(evaluate(loss('ranknet'), ranking([1, 1.5], [0, 1], [1, 0])), (e: unknown) => e instanceof InputError && /role query: expected an integer, got 1\.5/.test(e.message) && e.row === 1);
      await assert.rejects(evaluate(loss('listnet'), ranking([1, 1], [0, 1], [1, -2])), /role relevance: expected a value >= 0, got -2/);
      await assert.rejects(evaluate(loss('lambdarank'), ranking([1, 1], [0, 1], [1, 0]), { k: 0 }), (e: unknown) => e instanceof ParamError && /parameter k must be .*>= 1/.test(e.message));
      await assert.rejects(evaluate(loss('ranknet'), ranking([1, 1], [0, 1], [1, 0]), { sigma: 0 }), /parameter sigma must be a number > 0/);
      await assert.rejects(evaluate(loss('listmle'), { score: col([1]), relevance: col([1]) }), /listmle needs the role query/);
    });

    it('lambdarank takes relevance up to 31 (the gain 2^rel - 1), as XGBoost and LightGBM do; other losses and NDCG take any grade', async () => {
      // rel 31 vs 0 in one query: IDCG = (2^31 - 1) / log2(2); scores put the relevant document
      // second, so swapping the pair changes NDCG by (2^31 - 1)(1 - 1/log2(3)) / (2^31 - 1) =
      // 1 - 0.630930 = 0.369070; the one pair's loss is softplus(-(0 - 1)) = 1.313262.
      const top = await evaluate(loss('lambdarank'), ranking([1, 1], [0, 1], [31, 0]));
      assertClose(top.value, 0.36907 * 1.313262, 'lambdarank at rel 31', { rtol: 1e-5 });
      await assert.rejects(
        evaluate(loss('lambdarank'), ranking([1, 1, 1], [0, 1, 2], [3, 32, 0])),
        (e: unknown) => e instanceof InputError && /role relevance: expected a value <= 31 .*XGBoost and LightGBM.*got 32/.test(e.message) && e.row === 1,
      );
      // RankNet has no gain: its pairs only compare relevance
      const rn = await evaluate(loss('ranknet'), ranking([1, 1], [0, 1], [2000, 0]));
      assertClose(rn.value, 1.313262, 'ranknet at rel 2000', { rtol: 1e-5 });
      // its NDCG stays finite (2^2000 overflows a double; gains are scaled by the query's top
      // grade): the rel-2000 document ranks second, NDCG = (1 / log2(3)) / 1 = 0.630930
      assertClose(rn.metrics!.ndcg, 1 / Math.log2(3), 'ndcg at rel 2000', { rtol: 1e-12 });
    });

    it('ranknet refuses a batch with more pairs than it can hold, naming the largest query', async () => {
      // 6000 documents with distinct grades form 6000 * 5999 / 2 = 17,997,000 pairs > 2^24.
      const m = 6000;
      const inputs = ranking(new Array(m).fill(42), Array.from({ length: m }, (_, i) => i / m), Array.from({ length: m }, (_, i) => i));
      assert.ok(17_997_000 > MAX_PAIRS_PER_BATCH);
      await assert.rejects(evaluate(loss('ranknet'), inputs), /17997000 document pairs in one batch.*largest: query 42, 6000 documents/);
    });
  });
}

describe('ranking metrics (host, float64)', () => {
  it('NDCG@k and MRR by hand, ties in score ranked by input row', () => {
    // Query 7: s = [1, 1], rel = [0, 1]: row0 ranks first (earlier row), so the relevant document is
    // at rank 2: DCG = 1/log2(3) = 0.630930, IDCG = 1, NDCG = 0.630930; RR = 1/2.
    // Query 3: s = [0.1, 0.9, 0.5], rel = [3, 0, 1]: ranks row1, row2, row0.
    //   DCG = 0 + 1/log2(3) + 7/log2(4) = 0.630930 + 3.5 = 4.130930; IDCG = 7 + 1/log2(3) = 7.630930;
    //   NDCG = 0.541340; RR = 1/2. At k = 2: DCG@2 = 0.630930, IDCG@2 = 7.630930, NDCG@2 = 0.082681.
    const score = [1, 0.1, 0.9, 1, 0.5];
    const rel = [0, 3, 0, 1, 1];
    const query = [7, 3, 3, 7, 3];
    const full = rankingMetrics(score, rel, query, null);
    assertClose(full.ndcg, (0.63093 + 0.54134) / 2, 'ndcg', { rtol: 1e-5 });
    assert.equal(full.mrr, 0.5);
    const at2 = rankingMetrics(score, rel, query, 2);
    assertClose(at2.ndcg, (0.63093 + 0.082681) / 2, 'ndcg@2', { rtol: 1e-5 });
  });

  it('metrics agree with the generator\'s independent Python implementation', () => {
    for (const c of loadGolden('ranking')) {
      const expected = (c as unknown as { metrics: Record<string, number> }).metrics;
      const k = typeof c.params.k === 'number' ? c.params.k : null;
      const m = rankingMetrics(c.inputs.score.data, c.inputs.relevance.data, c.inputs.query.data, k);
      assertClose([m.ndcg, m.mrr, m.queries, m.queries_without_relevant], [expected.ndcg, expected.mrr, expected.queries, expected.queries_without_relevant], `${c.name} metrics`, { rtol: 1e-12, atol: 0 });
    }
  });
});
