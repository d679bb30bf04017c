/**
 * Similarity losses: hand-worked examples, PyTorch's conventions at zero distance and at the
 * margin, mining by hand, finite-difference gradients, extreme inputs and bad input. PyTorch
 * golden values are in test/fixtures/golden/similarity.json (checked by golden.test.ts).
 *
 * Every distance is PyTorch's pairwise_distance, ‖a − b + 1e-6‖: in the hand-worked numbers below
 * the 1e-6 shifts distances by about 1e-6, which the tolerances (1e-5 relative) absorb unless a
 * comment says otherwise.
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
const mined = (e: number[][], label: number[]): EvalInputs => ({ embedding: rows(e), label: col(label) });

/** Deterministic pseudo-random numbers in [-1, 1) (a small LCG), for inputs with no structure. */
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

for (const backend of backendsUnderTest()) {
  describe(`similarity losses on the ${backend} backend`, () => {
    before(async () => {
      const info = await initBackend({ backend });
      assert.equal(info.name, backend);
    });

    it('contrastive pulls similar pairs by d² and pushes dissimilar ones to the margin (hand-worked)', async () => {
      // x1 = (0, 0), x2 = (3, 4): d = ‖(−3, −4) + 1e-6‖ = 5 (4.9999986).
      //   row0, y = 0: d² = 25.
      //   row1, y = 1, margin 6: (6 − 5)² = 1.
      // Gradients of the sum w.r.t. x1:
      //   row0: ∂d²/∂x1 = 2 (x1 − x2) = (−6, −8)
      //   row1: ∂(m − d)²/∂x1 = −2 (m − d) (x1 − x2)/d = −2 · 1 · (−0.6, −0.8) = (1.2, 1.6)
      // and the opposite for x2.
      const r = await evaluate(loss('contrastive'), pairs([[0, 0], [0, 0]], [[3, 4], [3, 4]], [0, 1]), { margin: 6 }, { reduction: 'sum', perSample: true, grad: true });
      assertClose(r.perSample!, [25, 1], 'per pair', { rtol: 1e-5 });
      assertClose(r.grad!.x1!.data, [-6, -8, 1.2, 1.6], 'grad x1', { rtol: 1e-5 });
      assertClose(r.grad!.x2!.data, [6, 8, -1.2, -1.6], 'grad x2', { rtol: 1e-5 });
      // With margin 1 the dissimilar pair is already 5 apart: loss 0, gradient 0.
      const far = await evaluate(loss('contrastive'), pairs([[0, 0]], [[3, 4]], [1]), {}, { grad: true });
      assert.equal(far.value, 0);
      assertClose(far.grad!.x1!.data, [0, 0], 'grad beyond the margin');
    });

    it('soft_contrastive mixes pull and push by the soft label', async () => {
      // Same pair, margin 6, y = 0.25: 0.75 · 25 + 0.25 · 1 = 19.
      const r = await evaluate(loss('soft_contrastive'), pairs([[0, 0]], [[3, 4]], [0.25]), { margin: 6 });
      assertClose(r.value, 19, 'value', { rtol: 1e-5 });
    });

    it('identical embeddings have distance √D·1e-6 and a finite gradient; a cancelled eps gives 0 like PyTorch', async () => {
      // x1 = x2 = (1, 2, 3): d = ‖(1e-6, 1e-6, 1e-6)‖ = √3 · 1e-6 = 1.732e-6.
      //   y = 0: d² = 3e-12, gradient 2 (x1 − x2 + eps) = 2e-6 per component.
      //   y = 1: (1 − d)² ≈ 1, gradient −2 (1 − d) · eps/d = −2/√3 = −1.154700 per component.
      // x1 = 0, x2 = 1e-6 (float32) cancels the eps: d = 0 exactly. PyTorch's norm gradient there is 0;
      // tfjs's sqrt would give ∞ · 0 = NaN. y = 1: loss margin² = 1, gradient 0.
      const e = Math.fround(1e-6);
      const r = await evaluate(loss('contrastive'), pairs([[1, 2, 3], [1, 2, 3], [0, 0, 0]], [[1, 2, 3], [1, 2, 3], [e, e, e]], [0, 1, 1]), {}, { reduction: 'sum', perSample: true, grad: true });
      assertClose(r.perSample!, [3e-12, 1, 1], 'per pair', { rtol: 1e-5 });
      assertClose(r.grad!.x1!.data, [2e-6, 2e-6, 2e-6, -1.1547, -1.1547, -1.1547, 0, 0, 0], 'grad x1', { rtol: 1e-4, atol: 1e-9 });
      assert.ok(r.grad!.x2!.data.every(Number.isFinite));
    });

    it('triplet: max(0, margin + d(a, p) − d(a, n)) with its gradient (hand-worked)', async () => {
      // a = (0, 0), p = (1, 0), n = (0, 3), margin 2.5: d_ap = 1, d_an = 3, loss 2.5 + 1 − 3 = 0.5.
      // Gradients (mean over one triplet): ∂/∂a = (a − p)/d_ap − (a − n)/d_an = (−1, 0) − (0, −1) = (−1, 1);
      // ∂/∂p = (1, 0); ∂/∂n = (a − n)/d_an = (0, −1).
      const r = await evaluate(loss('triplet'), { anchor: rows([[0, 0]]), positive: rows([[1, 0]]), negative: rows([[0, 3]]) }, { margin: 2.5 }, { grad: true });
      assertClose(r.value, 0.5, 'value', { rtol: 1e-5 });
      assertClose(r.grad!.anchor!.data, [-1, 1], 'grad a', { rtol: 1e-5, atol: 1e-5 });
      assertClose(r.grad!.positive!.data, [1, 0], 'grad p', { rtol: 1e-5, atol: 1e-5 });
      assertClose(r.grad!.negative!.data, [0, -1], 'grad n', { rtol: 1e-5, atol: 1e-5 });
    });

    it('triplet swap uses min(d(a, n), d(p, n)); p = 1 uses the L1 distance', async () => {
      // a = (0, 0), p = (1, 0), n = (1, 1): d_ap = 1, d_an = √2 = 1.414214, d_pn = 1.
      // Without swap: 1 + 1 − 1.414214 = 0.585786. With swap: 1 + 1 − min(1.414214, 1) = 1,
      // and the negative term now moves p: ∂/∂p = (1, 0) − (p − n)/d_pn = (1, 0) − (0, −1) = (1, 1).
      const inputs = { anchor: rows([[0, 0]]), positive: rows([[1, 0]]), negative: rows([[1, 1]]) };
      const plain = await evaluate(loss('triplet'), inputs);
      assertClose(plain.value, 0.585786, 'no swap', { rtol: 1e-5 });
      const swapped = await evaluate(loss('triplet'), inputs, { swap: true }, { grad: true });
      assertClose(swapped.value, 1, 'swap', { rtol: 1e-5 });
      assertClose(swapped.grad!.positive!.data, [1, 1], 'swap grad p', { rtol: 1e-5, atol: 1e-5 });
      // p = 1: a = (0, 0), p = (1, 2), n = (3, 0): d_ap = 1 + 2 = 3, d_an = 3: loss = margin = 1.
      const l1 = await evaluate(loss('triplet'), { anchor: rows([[0, 0]]), positive: rows([[1, 2]]), negative: rows([[3, 0]]) }, { p: 1 });
      assertClose(l1.value, 1, 'p = 1', { rtol: 1e-5 });
    });

    it('triplet at the margin boundary passes the gradient like torch.clamp_min, and a swap tie splits it', async () => {
      // a = p = n = (1, 2): d_ap = d_an = d_pn = √2·1e-6. margin 0: margin + d_ap − d_an = 0 exactly.
      // clamp_min passes gradient 1 there (relu would pass 0): ∂/∂p = −eps/d = −1/√2 per component,
      // ∂/∂n = +1/√2, ∂/∂a = eps/d − eps/d = 0.
      const same = { anchor: rows([[1, 2]]), positive: rows([[1, 2]]), negative: rows([[1, 2]]) };
      const r = await evaluate(loss('triplet'), same, { margin: 0 }, { grad: true });
      assert.equal(r.value, 0);
      assertClose(r.grad!.positive!.data, [-Math.SQRT1_2, -Math.SQRT1_2], 'grad p', { rtol: 1e-5 });
      assertClose(r.grad!.negative!.data, [Math.SQRT1_2, Math.SQRT1_2], 'grad n', { rtol: 1e-5 });
      // p = a, swap: d(a, n) = d(p, n) is a tie; torch.min gives each half the gradient.
      // a = p = (0, 0), n = (3, 4): loss = 1 + d_ap − 5 → 0 unless margin > 5; use margin 6: 6 + 0 − 5 = 1.
      // ∂/∂n: each half contributes −0.5 ∂d/∂n = 0.5 (a − n)/d = (−0.3, −0.4); together (−0.6, −0.8).
      // ∂/∂a = eps/d_ap (= 1/√2 each) − 0.5 · (a − n)/d = (0.707107 + 0.3, 0.707107 + 0.4);
      // ∂/∂p = −eps/d_ap − 0.5 · (p − n)/d = (−0.707107 + 0.3, −0.707107 + 0.4).
      const tie = await evaluate(loss('triplet'), { anchor: rows([[0, 0]]), positive: rows([[0, 0]]), negative: rows([[3, 4]]) }, { margin: 6, swap: true }, { grad: true });
      assertClose(tie.value, 1, 'value', { rtol: 1e-5 });
      assertClose(tie.grad!.anchor!.data, [1.007107, 1.107107], 'grad a', { rtol: 1e-5 });
      assertClose(tie.grad!.positive!.data, [-0.407107, -0.307107], 'grad p', { rtol: 1e-5 });
      assertClose(tie.grad!.negative!.data, [-0.6, -0.8], 'grad n', { rtol: 1e-5 });
    });

    // Mining by hand on 1-D embeddings e = [0, 1, 2.4, 4], classes [0, 0, 1, 1], margin 1.
    // d(a, x) = |e_a − e_x + 1e-6|, so d(0,1) = 0.999999 but d(1,0) = 1.000001 (anchor first).
    //   anchor 0: p = 1 (0.999999); negatives 2 (2.399999), 3 (3.999999)
    //   anchor 1: p = 0 (1.000001); negatives 2 (1.399999), 3 (2.999999)
    //   anchor 2: p = 3 (1.599999); negatives 0 (2.400001), 1 (1.400001)
    //   anchor 3: p = 2 (1.600001); negatives 0 (4.000001), 1 (3.000001)
    const E = [[0], [1], [2.4], [4]];
    const Y = [0, 0, 1, 1];

    it('triplet_mined batch_hard: farthest positive, nearest negative per anchor (hand-worked)', async () => {
      // Nearest negatives: 2, 2, 1, 1. Losses max(0, d_ap − d_an + 1):
      //   a0: 0.999999 − 2.399999 + 1 = −0.4 → 0 (easy)    a1: 1.000001 − 1.399999 + 1 = 0.600002 (semi-hard)
      //   a2: 1.599999 − 1.400001 + 1 = 1.199998 (hard)     a3: 1.600001 − 3.000001 + 1 = −0.4 → 0 (easy)
      // mean over the 4 mined triplets (zeros count) = 1.8 / 4 = 0.45.
      // Gradient of the sum: a1's triplet (1, 0, 2): e1 +1 (as anchor of d_ap) +1 (−d_an, e1 < e2), e0 −1,
      // e2 −1; a2's triplet (2, 3, 1): e2 −1 (d_ap, e2 < e3) −1 (−d_an, e2 > e1), e3 +1, e1 +1.
      // Sum: [−1, 3, −3, 1]; mean: [−0.25, 0.75, −0.75, 0.25].
      const r = await evaluate(loss('triplet_mined'), mined(E, Y), {}, { perSample: true, grad: true });
      assertClose(r.perSample!, [0, 0.600002, 1.199998, 0], 'per triplet', { rtol: 1e-5, atol: 2e-6 });
      assertClose(r.value, 0.45, 'mean', { rtol: 1e-5 });
      assertClose(r.grad!.embedding!.data, [-0.25, 0.75, -0.75, 0.25], 'grad', { rtol: 1e-5 });
      assert.deepEqual(r.counts, { mined: 4, hard: 1, semi_hard: 1, easy: 2 });
    });

    it('triplet_mined semi_hard keeps d_ap < d_an < d_ap + margin (hand-worked)', async () => {
      // Of the 8 triplets only (1, 0, 2): 1.000001 < 1.399999 < 2.000001 and
      // (2, 3, 0): 1.599999 < 2.400001 < 2.599999 qualify; losses 0.600002 and 0.199998, mean 0.4.
      const r = await evaluate(loss('triplet_mined'), mined(E, Y), { mining: 'semi_hard' }, { perSample: true });
      assertClose(r.perSample!, [0.600002, 0.199998], 'per triplet', { rtol: 1e-5, atol: 2e-6 });
      assertClose(r.value, 0.4, 'mean', { rtol: 1e-5 });
      assert.deepEqual(r.counts, { mined: 2, hard: 0, semi_hard: 2, easy: 0 });
    });

    it('triplet_mined all takes every valid triplet, zero losses included (hand-worked)', async () => {
      // Order a, then p, then n: (0,1,2) (0,1,3) (1,0,2) (1,0,3) (2,3,0) (2,3,1) (3,2,0) (3,2,1).
      // Losses 0, 0, 0.600002, 0, 0.199998, 1.199998, 0, 0: sum 2, mean 0.25. One hard (2,3,1),
      // two semi-hard, five easy.
      const r = await evaluate(loss('triplet_mined'), mined(E, Y), { mining: 'all' }, { perSample: true });
      assertClose(r.perSample!, [0, 0, 0.600002, 0, 0.199998, 1.199998, 0, 0], 'per triplet', { rtol: 1e-5, atol: 2e-6 });
      assertClose(r.value, 0.25, 'mean', { rtol: 1e-5 });
      assert.deepEqual(r.counts, { mined: 8, hard: 1, semi_hard: 2, easy: 5 });
    });

    it('triplet_mined skips anchors without a positive or a negative; with nothing mined mean is NaN', async () => {
      // Class 7 has one row: no positive for it; it still serves as a negative.
      const r = await evaluate(loss('triplet_mined'), mined([[0], [1], [5]], [3, 3, 7]), {}, { perSample: true });
      assert.equal(r.counts!.mined, 2);
      // One class only: no negatives at all.
      const none = await evaluate(loss('triplet_mined'), mined([[0], [1], [5]], [3, 3, 3]), {}, { grad: true });
      assert.equal(none.counts!.mined, 0);
      assert.ok(Number.isNaN(none.value));
      const sum = await evaluate(loss('triplet_mined'), mined([[0], [1], [5]], [3, 3, 3]), {}, { reduction: 'sum', grad: true });
      assert.equal(sum.value, 0);
      assertClose(sum.grad!.embedding!.data, [0, 0, 0], 'grad');
    });

    it('batch_hard breaks equal distances by the lowest row', async () => {
      // Rows 1 and 2 are the same point (1, 1), in singleton classes 1 and 2 (so never anchors).
      // Anchors 0 = (0, 0) and 3 = (0, 2) (class 0, positives of each other at distance 2) both have
      // rows 1 and 2 as nearest negatives at the same distance √2: the lowest row, 1, is taken.
      // Gradient of the sum (margin 5, both losses positive) on row 1, from −d(a, 1) for a = 0, 3:
      //   (e0 − e1)/√2 + (e3 − e1)/√2 = (−1, −1)/√2 + (−1, 1)/√2 = (−√2, 0); row 2 gets none.
      const r = await evaluate(loss('triplet_mined'), mined([[0, 0], [1, 1], [1, 1], [0, 2]], [0, 1, 2, 0]), { margin: 5 }, { reduction: 'sum', grad: true });
      assert.equal(r.counts!.mined, 2);
      const g = r.grad!.embedding!.data;
      assertClose(g.slice(2, 4), [-Math.SQRT2, 0], 'row 1 (the tied negative taken)', { rtol: 1e-5, atol: 1e-5 });
      assertClose(g.slice(4, 6), [0, 0], 'row 2 (the tied negative left)');
    });

    for (const [id, params] of [
      ['contrastive', {}],
      ['contrastive', { margin: 3 }],
      ['soft_contrastive', { margin: 3 }],
      // margin 0.6: margin + d_ap − d_an is at least 0.12 away from the kink at 0 on every row,
      // three rows active and three at 0.
      ['triplet', { margin: 0.6 }],
      ['triplet', { swap: true, margin: 2 }],
      ['triplet', { p: 1.5, margin: 2 }],
      ['triplet', { p: 3 }],
      ['triplet_mined', {}],
      ['triplet_mined', { mining: 'semi_hard', margin: 2 }],
      ['triplet_mined', { mining: 'all', margin: 1.5 }],
    ] as const) {
      it(`${id} ${JSON.stringify(params)}: autodiff gradient matches finite differences`, async () => {
        const n = 6;
        const d = 3;
        let inputs: EvalInputs;
        // Seed 21: every candidate triplet keeps |d_an − d_ap| > 0.11 and |d_an − d_ap − margin| > 0.07
        // for margins 1, 1.5, 2, and hardest/nearest choices are 0.38 apart, so the ±0.02 steps never
        // change which triplets are mined (semi_hard's loss jumps where d_an crosses d_ap).
        if (id === 'triplet_mined') inputs = mined(matrix(n, d, 21, 2), [0, 1, 0, 2, 1, 0]);
        else if (id === 'triplet') {
          // Every component of a − p and a − n at least 0.3 (resp. 0.5) away from 0, where the
          // p-norms bend sharply (|v|^1.5 has a second derivative ~ |v|^-0.5).
          const a = matrix(n, d, 5);
          const offset = (seed: number, min: number, spread: number) =>
            matrix(n, d, seed).map((r, i) => r.map((u, k) => a[i][k] + Math.sign(u) * min + spread * u));
          inputs = { anchor: rows(a), positive: rows(offset(6, 0.3, 0.7)), negative: rows(offset(7, 0.5, 1.0)) };
        }
        else inputs = pairs(matrix(n, d, 1), matrix(n, d, 2), id === 'contrastive' ? [0, 1, 1, 0, 1, 0] : [0, 0.3, 1, 0.8, 0.5, 0.1]);
        for (const reduction of ['mean', 'sum'] as const) await checkGradientFD(loss(id), inputs, params, reduction);
      });
    }

    it('stays finite for embeddings of magnitude 1e4', async () => {
      const big = matrix(4, 3, 9, 1e4);
      const r = await evaluate(loss('contrastive'), pairs(big, matrix(4, 3, 10, -1e4), [0, 1, 0, 1]), {}, { grad: true });
      assert.ok(Number.isFinite(r.value) && r.value > 1e7);
      assert.ok(r.grad!.x1!.data.every(Number.isFinite));
      const t = await evaluate(loss('triplet_mined'), mined(big, [0, 0, 1, 1]), { mining: 'all' }, { grad: true });
      assert.ok(Number.isFinite(t.value));
      assert.ok(t.grad!.embedding!.data.every(Number.isFinite));
    });

    it('similarity inputs and parameters are checked with messages that name the culprit', async () => {
      await assert.rejects(evaluate(loss('contrastive'), pairs([[0, 0]], [[1, 1]], [2])), (e: unknown) => e instanceof InputError && /role label: expected a label 0 or 1, got 2/.test(e.message));
      await assert.rejects(evaluate(loss('soft_contrastive'), pairs([[0, 0]], [[1, 1]], [1.5])), /role label: expected a value in \[0, 1\], got 1\.5/);
      await assert.rejects(evaluate(loss('contrastive'), pairs([[0, 0]], [[1, 1, 1]], [0])), /same number of columns: x1 has 2, x2 has 3/);
      await assert.rejects(evaluate(loss('triplet'), { anchor: rows([[0]]), positive: rows([[0]]), negative: rows([[0]]) }, { p: 0 }), (e: unknown) => e instanceof ParamError && /parameter p must be a number > 0/.test(e.message));
      await assert.rejects(evaluate(loss('triplet_mined'), mined([[0]], [0]), { mining: 'hardest' }), /parameter mining must be one of batch_hard, semi_hard, all, got hardest/);
      await assert.rejects(evaluate(loss('triplet_mined'), mined([[0], [1]], [0, 0.5])), /role label: expected an integer, got 0\.5/);
    });

    it('triplet_mined refuses more rows than its all-pairs distance matrix allows', async () => {
      const n = WHOLE_BATCH_MAX_ROWS + 1;
      const inputs = { embedding: { data: new Float32Array(n), cols: 1 }, label: { data: new Float32Array(n), cols: 1 } };
      await assert.rejects(evaluate(loss('triplet_mined'), inputs), (e: unknown) => e instanceof InputError && /^triplet_mined takes at most 8192 rows \(mining compares every pair of rows in one batch\), got 8193 rows; use a sample of at most 8192 rows/.test(e.message));
    });

    it('triplet_mined all/semi_hard refuse more candidate triplets than they can examine', async () => {
      // 520 rows in two classes of 260: 520 · 259 · 260 = 35,016,800 candidates > 2^25.
      const n = 520;
      const inputs = mined(Array.from({ length: n }, (_, i) => [i]), Array.from({ length: n }, (_, i) => i % 2));
      await assert.rejects(evaluate(loss('triplet_mined'), inputs, { mining: 'all' }), /mining=all examines every .* triplet, 35016800 here.*use mining=batch_hard/);
    });
  });
}
