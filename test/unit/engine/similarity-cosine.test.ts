/**
 * The cosine-similarity losses of issue #12 (cosine_embedding, info_nce, supcon): hand-worked
 * examples, finite-difference gradients, extreme inputs (zero vectors, F.normalize's eps, identical
 * rows, large and tiny magnitudes), the row bound of the all-pairs losses and bad input. PyTorch
 * golden values are in test/fixtures/golden/similarity.json (golden.test.ts), their special points
 * in tie-points.ts (tie-sweep.test.ts).
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { initBackend } from '../../../src/engine/backend';
import { evaluate } from '../../../src/engine/evaluate';
import { InputError } from '../../../src/engine/inputs';
import { ParamError } from '../../../src/engine/params';
import { WHOLE_BATCH_MAX_ROWS, type EvalInputs } from '../../../src/engine/spec';
import { backendsUnderTest } from '../../helpers/backends';
import { assertClose } from '../../helpers/close';
import { checkGradientFD } from '../../helpers/finite-diff';
import { loss } from '../../helpers/losses';

const rows = (xs: number[][]) => ({ data: Float32Array.from(xs.flat()), cols: xs[0].length });
const col = (xs: number[]) => ({ data: Float32Array.from(xs), cols: 1 });
const pairs = (x1: number[][], x2: number[][], label: number[]): EvalInputs => ({ x1: rows(x1), x2: rows(x2), label: col(label) });
const views = (x1: number[][], x2: number[][]): EvalInputs => ({ x1: rows(x1), x2: rows(x2) });
const labelled = (e: number[][], label: number[]): EvalInputs => ({ embedding: rows(e), label: col(label) });

/** Deterministic pseudo-random numbers in [-1, 1) (a small LCG). */
function noise(n: number, seed: number): number[] {
  let s = seed >>> 0;
  return Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 31 - 1;
  });
}
const matrix = (n: number, d: number, seed: number, scale = 1): number[][] => {
  const v = noise(n * d, seed);
  return Array.from({ length: n }, (_, i) => v.slice(i * d, (i + 1) * d).map((x) => x * scale));
};
const scaled = (m: number[][], k: number): number[][] => m.map((r) => r.map((x) => x * k));

// 1 / (1 + e) = 0.268941 (the softmax weight of logit 0 against logit 1), log(1 + e^-1) = 0.313262.
const Q = 1 / (1 + Math.E);
const LOG1P_EXP_M1 = Math.log1p(Math.exp(-1));

for (const backend of backendsUnderTest()) {
  describe(`cosine-similarity losses on the ${backend} backend`, () => {
    before(async () => {
      const info = await initBackend({ backend });
      assert.equal(info.name, backend);
    });

    it('cosine_embedding: 1 − cos for similar pairs, max(0, cos − margin) for dissimilar ones (hand-worked)', async () => {
      // x1 = (1, 0), x2 = (3, 4): cos = 3/5 = 0.6.
      //   ∂cos/∂x1 = x2/(‖x1‖‖x2‖) − cos x1/‖x1‖² = (0.6, 0.8) − (0.6, 0) = (0, 0.8)
      //   ∂cos/∂x2 = x1/(‖x1‖‖x2‖) − cos x2/‖x2‖² = (0.2, 0) − 0.6 (3, 4)/25 = (0.128, −0.096)
      // row 0, y = 1: 1 − 0.6 = 0.4, gradient −∂cos. row 1, y = −1, margin 0.5: 0.6 − 0.5 = 0.1, gradient +∂cos.
      const r = await evaluate(loss('cosine_embedding'), pairs([[1, 0], [1, 0]], [[3, 4], [3, 4]], [1, -1]), { margin: 0.5 }, { reduction: 'sum', perSample: true, grad: true });
      assertClose(r.perSample!, [0.4, 0.1], 'per pair', { rtol: 1e-5 });
      assertClose(r.grad!.x1!.data, [0, -0.8, 0, 0.8], 'grad x1', { rtol: 1e-5, atol: 1e-6 });
      assertClose(r.grad!.x2!.data, [-0.128, 0.096, 0.128, -0.096], 'grad x2', { rtol: 1e-5, atol: 1e-6 });
      // margin 0.7: the dissimilar pair is already below it: loss 0, gradient 0. Lengths do not matter.
      const below = await evaluate(loss('cosine_embedding'), pairs([[5, 0]], [[0.3, 0.4]], [-1]), { margin: 0.7 }, { grad: true });
      assert.equal(below.value, 0);
      assertClose(below.grad!.x1!.data, [0, 0], 'grad below the margin');
      const long = await evaluate(loss('cosine_embedding'), pairs([[5, 0]], [[30, 40]], [1]));
      assertClose(long.value, 0.4, 'scaled pair', { rtol: 1e-5 });
    });

    it('cosine_embedding: a zero vector has cos 0 and PyTorch\'s huge but finite gradient', async () => {
      // x1 = 0, x2 = (3, 4): cos = 0 / √(1e-12 · 25) = 0; y = 1: loss 1.
      // ∂cos/∂x1 = x2 / √(1e-12 ‖x2‖²) = (3, 4) / 5e-6 = (6e5, 8e5): the gradient of 1 − cos is (−6e5, −8e5).
      // ∂cos/∂x2 = x1 / (...) − cos (...) = 0.
      const r = await evaluate(loss('cosine_embedding'), pairs([[0, 0]], [[3, 4]], [1]), {}, { grad: true });
      assert.equal(r.value, 1);
      assertClose(r.grad!.x1!.data, [-6e5, -8e5], 'grad x1', { rtol: 1e-4 });
      assertClose(r.grad!.x2!.data, [0, 0], 'grad x2');
      // Both zero: cos = 0 / 1e-12 = 0, and no gradient at all (every term carries the other vector).
      const both = await evaluate(loss('cosine_embedding'), pairs([[0, 0]], [[0, 0]], [-1]), { margin: -0.5 }, { grad: true });
      assertClose(both.value, 0.5, 'both zero, dissimilar, margin −0.5');
      assertClose(both.grad!.x1!.data, [0, 0], 'grad x1 (both zero)');
    });

    it('info_nce: the cross-entropy of each anchor\'s own positive among all rows of x2 (hand-worked)', async () => {
      // x1 = x2 = [(1, 0), (0, 1)], τ = 1: logits = I. l_i = log(e + 1) − 1 = log(1 + e^−1) = 0.313262.
      // ∂(Σ l)/∂L = softmax − one-hot = [[−q, q], [q, −q]], q = 1/(1 + e). ∂/∂ẑ1 = G ẑ2 = G; through
      // the normalisation at a unit vector the component along the row is removed: x1 row 0 gets
      // (0, q), row 1 (q, 0); likewise x2 (Gᵀ ẑ1).
      const eye = [[1, 0], [0, 1]];
      const r = await evaluate(loss('info_nce'), views(eye, eye), { temperature: 1 }, { reduction: 'sum', perSample: true, grad: true });
      assertClose(r.perSample!, [LOG1P_EXP_M1, LOG1P_EXP_M1], 'per anchor', { rtol: 1e-5 });
      assertClose(r.grad!.x1!.data, [0, Q, Q, 0], 'grad x1', { rtol: 1e-5, atol: 1e-6 });
      assertClose(r.grad!.x2!.data, [0, Q, Q, 0], 'grad x2', { rtol: 1e-5, atol: 1e-6 });
      // τ = 0.5 doubles the logits: log(1 + e^−2) = 0.126928. Lengths do not matter (normalised).
      const sharp = await evaluate(loss('info_nce'), views(scaled(eye, 7), eye), { temperature: 0.5 });
      assertClose(sharp.value, Math.log1p(Math.exp(-2)), 'τ = 0.5', { rtol: 1e-5 });
    });

    it('info_nce symmetric averages each row with its column, as CLIP (hand-worked)', async () => {
      // x1 = [(1, 0), (0, 1)], x2 = [(1, 0), (1, 0)], τ = 1: logits = [[1, 1], [0, 0]].
      // Rows: log(2e) − 1 = log 2 and log 2 − 0 = log 2. Columns: log(e + 1) − 1 = 0.313262 and
      // log(e + 1) − 0 = 1.313262. Symmetric per row: [0.503204, 1.003204].
      const inputs = views([[1, 0], [0, 1]], [[1, 0], [1, 0]]);
      const one = await evaluate(loss('info_nce'), inputs, { temperature: 1 }, { reduction: 'none' });
      assertClose(one.perSample!, [Math.LN2, Math.LN2], 'one direction', { rtol: 1e-5 });
      const both = await evaluate(loss('info_nce'), inputs, { temperature: 1, symmetric: true }, { perSample: true });
      assertClose(both.perSample!, [0.503204434, 1.003204434], 'symmetric', { rtol: 1e-5 });
      assertClose(both.value, 0.753204434, 'symmetric mean', { rtol: 1e-5 });
    });

    it('info_nce: identical rows give log N and no gradient; a zero row stays zero with PyTorch\'s 1/eps gradient', async () => {
      // Every logit equal: each anchor's softmax is uniform, l = log N, and moving any row changes
      // nothing to first order (the gradient through the normalisation is orthogonal to it).
      const same = await evaluate(loss('info_nce'), views([[1, 2], [1, 2], [1, 2]], [[3, 1], [3, 1], [3, 1]]), {}, { grad: true });
      assertClose(same.value, Math.log(3), 'log N', { rtol: 1e-5 });
      assertClose(same.grad!.x1!.data, [0, 0, 0, 0, 0, 0], 'grad x1', { atol: 1e-5 });
      // Anchor 0 is zero: its logits are all 0, its loss log 2. Its gradient is ∂l/∂ẑ / 1e-12:
      // ∂(l_0)/∂ẑ1_0 = Σ_j (softmax_j − [j = 0]) ẑ2_j / τ = (0.5 (1, 0) + 0.5 (0, 1) − (1, 0)) = (−0.5, 0.5) at τ = 1,
      // plus anchor 1's part, which does not involve x1 row 0. So the gradient is (−0.5e12, 0.5e12).
      const zero = await evaluate(loss('info_nce'), views([[0, 0], [0, 1]], [[1, 0], [0, 1]]), { temperature: 1 }, { reduction: 'sum', perSample: true, grad: true });
      assertClose(zero.perSample![0], Math.LN2, 'zero anchor', { rtol: 1e-5 });
      assertClose(zero.grad!.x1!.data.slice(0, 2), [-0.5e12, 0.5e12], 'grad of the zero row', { rtol: 1e-5 });
      assert.ok(zero.grad!.x1!.data.every(Number.isFinite) && zero.grad!.x2!.data.every(Number.isFinite));
    });

    it('supcon: per anchor, log-sum-exp over the other rows minus the mean over its positives (hand-worked)', async () => {
      // e = [(1, 0), (1, 0), (0, 1), (−1, 0)], classes [0, 0, 1, 0], τ = 1; s = cosines.
      //   anchor 0: others s = 1, 0, −1 → lse = log(e + 1 + 1/e) = 1.407606; positives 1, 3: mean s = 0 → 1.407606
      //   anchor 1: the same, 1.407606
      //   anchor 2: no positive: 0, left out of the mean
      //   anchor 3: others s = −1, −1, 0 → lse = log(2/e + 1) = 0.551445; positives 0, 1: mean s = −1 → 1.551445
      // mean = (2 · 1.407606 + 1.551445) / 3 = 1.455552.
      const r = await evaluate(loss('supcon'), labelled([[1, 0], [1, 0], [0, 1], [-1, 0]], [0, 0, 1, 0]), { temperature: 1 }, { perSample: true });
      assertClose(r.perSample!, [1.4076060, 1.4076060, 0, 1.5514447], 'per anchor', { rtol: 1e-5 });
      assertClose(r.value, 1.4555522, 'mean over anchors with a positive', { rtol: 1e-5 });
      assert.deepEqual(r.counts, { anchors: 3, no_positive: 1 });
      assert.equal(r.denominator, 3);
    });

    it('supcon: the gradient of a three-row example (hand-worked)', async () => {
      // e = [(1, 0), (1, 0), (0, 1)], classes [0, 0, 1], τ = 1. l_0 = log(e^s01 + e^s02) − s01, l_1 alike,
      // anchor 2 has no positive. ∂(l_0 + l_1)/∂s01 = 2 (p − 1) = −2q with p = e/(e + 1); ∂/∂s02 = ∂/∂s12 = q.
      // ∂/∂ẑ0 = −2q ẑ1 + q ẑ2 = (−2q, q), less its component along ẑ0: (0, q); row 1 the same;
      // ∂/∂ẑ2 = q ẑ0 + q ẑ1 = (2q, 0), less its component along ẑ2: (2q, 0). l = log(e + 1) − 1 each.
      const r = await evaluate(loss('supcon'), labelled([[1, 0], [1, 0], [0, 1]], [0, 0, 1]), { temperature: 1 }, { reduction: 'sum', perSample: true, grad: true });
      assertClose(r.perSample!, [LOG1P_EXP_M1, LOG1P_EXP_M1, 0], 'per anchor', { rtol: 1e-5 });
      assertClose(r.grad!.embedding!.data, [0, Q, 0, Q, 2 * Q, 0], 'grad', { rtol: 1e-5, atol: 1e-6 });
      // mean divides by the 2 anchors with a positive, gradient too.
      const m = await evaluate(loss('supcon'), labelled([[1, 0], [1, 0], [0, 1]], [0, 0, 1]), { temperature: 1 }, { grad: true });
      assertClose(m.value, LOG1P_EXP_M1, 'mean', { rtol: 1e-5 });
      assertClose(m.grad!.embedding!.data, [0, Q / 2, 0, Q / 2, Q, 0], 'grad of the mean', { rtol: 1e-5, atol: 1e-6 });
    });

    it('supcon with no anchor having a positive: mean NaN with zero gradient, sum 0; a single row too', async () => {
      const e = [[1, 0], [0, 1], [1, 1]];
      const mean = await evaluate(loss('supcon'), labelled(e, [0, 1, 2]), {}, { grad: true });
      assert.ok(Number.isNaN(mean.value));
      assertClose(mean.grad!.embedding!.data, [0, 0, 0, 0, 0, 0], 'grad');
      assert.deepEqual(mean.counts, { anchors: 0, no_positive: 3 });
      const sum = await evaluate(loss('supcon'), labelled(e, [0, 1, 2]), {}, { reduction: 'sum' });
      assert.equal(sum.value, 0);
      const single = await evaluate(loss('supcon'), labelled([[2, 3]], [0]), {}, { reduction: 'sum', grad: true });
      assert.equal(single.value, 0);
      assertClose(single.grad!.embedding!.data, [0, 0], 'grad of a single row');
    });

    for (const [id, params] of [
      ['cosine_embedding', {}],
      ['cosine_embedding', { margin: 0.3 }],
      ['cosine_embedding', { margin: -0.4 }],
      ['info_nce', {}],
      ['info_nce', { temperature: 0.3, symmetric: true }],
      ['supcon', {}],
      ['supcon', { temperature: 0.5 }],
    ] as const) {
      it(`${id} ${JSON.stringify(params)}: autodiff gradient matches finite differences`, async () => {
        const n = 6;
        const d = 3;
        let inputs: EvalInputs;
        if (id === 'supcon') inputs = labelled(matrix(n, d, 41), [0, 1, 0, 2, 1, 0]);
        else if (id === 'info_nce') {
          const x1 = matrix(n, d, 43);
          inputs = views(x1, x1.map((r, i) => r.map((x, k) => x + 0.6 * matrix(n, d, 44)[i][k])));
        } else {
          // Seeds 45, 46: every dissimilar pair's cos is at least 0.05 from the margins tried (the kink).
          inputs = pairs(matrix(n, d, 45), matrix(n, d, 46), [1, -1, -1, 1, -1, -1]);
        }
        for (const reduction of ['mean', 'sum'] as const) await checkGradientFD(loss(id), inputs, params, reduction, { eps: 1e-3, rtol: 1e-2, atol: 1e-3 });
      });
    }

    it('the losses on normalised embeddings do not depend on lengths from 1e-4 to 1e4, and stay finite at τ = 1e-3', async () => {
      const x1 = matrix(5, 3, 51);
      const x2 = matrix(5, 3, 52);
      const base = await evaluate(loss('info_nce'), views(x1, x2), { symmetric: true });
      for (const k of [1e-4, 1e4]) {
        const r = await evaluate(loss('info_nce'), views(scaled(x1, k), scaled(x2, 1 / k)), { symmetric: true }, { grad: true });
        assertClose(r.value, base.value, `info_nce at scale ${k}`, { rtol: 1e-4 });
        assert.ok(r.grad!.x1!.data.every(Number.isFinite) && r.grad!.x2!.data.every(Number.isFinite));
        // cosine_embedding's 1e-12 sits inside the squared lengths: invisible at 1e4, while at 1e-4
        // (‖x1‖² ~ 1e-8) it shrinks cos by about 1e-4 relative, as in PyTorch: compare with the
        // definition in float64, eps included.
        const y = [1, -1, 1, -1, 1];
        const c = await evaluate(loss('cosine_embedding'), pairs(scaled(x1, k), x2, y), {}, { perSample: true });
        const want = x1.map((r, i) => {
          const a = r.map((v) => Math.fround(v * k));
          const b = x2[i].map((v) => Math.fround(v));
          const dot = a.reduce((s, v, j) => s + v * b[j], 0);
          const cos = dot / Math.sqrt((a.reduce((s, v) => s + v * v, 0) + 1e-12) * (b.reduce((s, v) => s + v * v, 0) + 1e-12));
          return y[i] === 1 ? 1 - cos : Math.max(0, cos);
        });
        assertClose(c.perSample!, want, `cosine_embedding at scale ${k}`, { rtol: 1e-5, atol: 1e-6 });
      }
      const sb = await evaluate(loss('supcon'), labelled(x1, [0, 1, 0, 1, 0]));
      const sk = await evaluate(loss('supcon'), labelled(scaled(x1, 1e4), [0, 1, 0, 1, 0]));
      assertClose(sk.value, sb.value, 'supcon at scale 1e4', { rtol: 1e-4 });
      // τ = 1e-3: logits up to 1000, where a naive exp overflows; the log-sum-exp does not.
      const cold = await evaluate(loss('supcon'), labelled(x1, [0, 1, 0, 1, 0]), { temperature: 1e-3 }, { grad: true });
      assert.ok(Number.isFinite(cold.value) && cold.grad!.embedding!.data.every(Number.isFinite));
      const coldNce = await evaluate(loss('info_nce'), views(x1, x2), { temperature: 1e-3 }, { grad: true });
      assert.ok(Number.isFinite(coldNce.value) && coldNce.grad!.x1!.data.every(Number.isFinite));
    });

    it('info_nce and supcon declare a bound of 1024 rows (their N² time) and refuse 1025 rows, saying the bound, why and what to do', async () => {
      const why = 'it scores every row against every row in one batch, so its time grows with the square of the rows';
      for (const id of ['info_nce', 'supcon']) assert.deepEqual(loss(id).maxRows, { rows: 1024, why }, `${id}'s bound`);
      const n = 1025;
      const big = { data: new Float32Array(n), cols: 1 };
      const refusal = (id: string) => (e: unknown) =>
        e instanceof InputError &&
        e.message === `${id} takes at most 1024 rows (${why}), got 1025 rows; use a sample of at most 1024 rows (for example one training batch)`;
      await assert.rejects(evaluate(loss('info_nce'), { x1: big, x2: big }), refusal('info_nce'));
      await assert.rejects(evaluate(loss('supcon'), { embedding: big, label: big }), refusal('supcon'));
      // At the bound: 1024 unrelated one-dimensional rows x1 = x2 = 0 have every cosine 0, so each anchor's loss is log 1024.
      const at = { data: new Float32Array(1024), cols: 1 };
      assertClose((await evaluate(loss('info_nce'), { x1: at, x2: at })).value, Math.log(1024), 'info_nce at the bound', { rtol: 1e-5 });
      assert.equal(WHOLE_BATCH_MAX_ROWS, 8192, 'the other whole-batch losses keep the default bound');
    });

    it('inputs and parameters are checked with messages that name the culprit', async () => {
      await assert.rejects(evaluate(loss('cosine_embedding'), pairs([[0, 1]], [[1, 1]], [0])), (e: unknown) => e instanceof InputError && /role label: expected a label 1 or -1, got 0/.test(e.message));
      await assert.rejects(evaluate(loss('cosine_embedding'), pairs([[0, 1]], [[1, 1]], [1]), { margin: 1.5 }), (e: unknown) => e instanceof ParamError && /parameter margin/.test(e.message));
      await assert.rejects(evaluate(loss('info_nce'), views([[0, 1]], [[1, 1]]), { temperature: 0 }), (e: unknown) => e instanceof ParamError && /parameter temperature must be a number > 0/.test(e.message));
      await assert.rejects(evaluate(loss('info_nce'), views([[0, 1]], [[1, 1, 1]])), /same number of columns: x1 has 2, x2 has 3/);
      await assert.rejects(evaluate(loss('supcon'), labelled([[0], [1]], [0, 0.5])), /role label: expected an integer, got 0\.5/);
      await assert.rejects(evaluate(loss('supcon'), labelled([[0]], [0]), { temperature: -1 }), /parameter temperature must be a number > 0/);
    });
  });
}
