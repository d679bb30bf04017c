/**
 * The classification losses of issue #12: kl_div (distillation), multi_margin, dice and tversky.
 * Hand-worked examples, finite-difference gradients, logits of ±100 and ±1e4, the identities
 * between them (tversky with α = β = ½ is dice), the one-value-per-file unit and its row bound, and
 * bad input. PyTorch golden values for every option are in test/fixtures/golden/classification.json
 * (golden.test.ts), their special points in tie-points.ts.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import { initBackend } from '../../../src/engine/backend';
import { evaluate } from '../../../src/engine/evaluate';
import { InputError } from '../../../src/engine/inputs';
import { ParamError } from '../../../src/engine/params';
import { WHOLE_BATCH_MAX_ROWS, type EvalInputs } from '../../../src/engine/spec';
import { backendsUnderTest } from '../../helpers/backends';
import { assertClose } from '../../helpers/close';
import { checkGradientFD } from '../../helpers/finite-diff';
import { loss } from '../../helpers/losses';

const col = (xs: ArrayLike<number>) => ({ data: Float32Array.from(xs), cols: 1 });
const mat = (rows: number[][]) => ({ data: Float32Array.from(rows.flat()), cols: rows[0].length });
const distill = (student: number[][], teacher: number[][]): EvalInputs => ({ logits: mat(student), teacher_logits: mat(teacher) });
const multi = (rows: number[][], target: number[]): EvalInputs => ({ logits: mat(rows), target: col(target) });
const seg = (logit: ArrayLike<number>, target: ArrayLike<number>): EvalInputs => ({ logit: col(logit), target: col(target) });
const allFinite = (xs: ArrayLike<number>) => Array.from(xs).every(Number.isFinite);
const L3 = Math.log(3);

for (const backend of backendsUnderTest()) {
  describe(`kl_div, multi_margin, dice and tversky on the ${backend} backend`, () => {
    before(async () => {
      const info = await initBackend({ backend });
      assert.equal(info.name, backend);
    });

    it('kl_div of a uniform student against a 3:1 teacher is 0.75 ln 1.5 − 0.25 ln 2, gradient p − q (hand-worked)', async () => {
      // q = softmax([ln 3, 0]) = [3/4, 1/4], p = [1/2, 1/2]. KL = 0.75 ln(0.75/0.5) + 0.25 ln(0.25/0.5)
      //   = 0.75 · 0.4054651 − 0.25 · 0.6931472 = 0.3040988 − 0.1732868 = 0.1308120; ∂/∂s = T (p − q) = [−0.25, 0.25].
      const r = await evaluate(loss('kl_div'), distill([[0, 0]], [[L3, 0]]), {}, { grad: true });
      assertClose(r.value, 0.130812, 'value');
      assertClose(r.grad!.logits!.data, [-0.25, 0.25], 'grad');
    });

    it('kl_div with temperature 2 is T² times the KL of the tempered softmaxes, gradient T (p − q) (hand-worked)', async () => {
      // Teacher [2 ln 3, 0] / 2 = [ln 3, 0]: the same q as above, student [0, 0]: the same p. Value 4 · 0.1308120,
      // gradient 2 · [−0.25, 0.25]. Two rows: mean (batchmean) divides the sum by N = 2 rows, not by N·C = 4.
      const inputs = distill([[0, 0], [0, 0]], [[2 * L3, 0], [2 * L3, 0]]);
      const mean = await evaluate(loss('kl_div'), inputs, { temperature: 2 }, { grad: true, perSample: true });
      assertClose(mean.perSample!, [0.523248, 0.523248], 'per-row KL × T²');
      assertClose(mean.value, 0.523248, 'batchmean');
      assertClose(mean.grad!.logits!.data, [-0.25, 0.25, -0.25, 0.25], 'grad of the mean: T (p − q) / N');
      const sum = await evaluate(loss('kl_div'), inputs, { temperature: 2 }, { reduction: 'sum' });
      assertClose(sum.value, 2 * 0.523248, 'sum');
    });

    it('kl_div is 0 with zero gradient where the student equals the teacher, and reports their agreement', async () => {
      const rows = [[1, -2, 0.5], [3, 3, -1], [0, 0, 0]];
      const r = await evaluate(loss('kl_div'), distill(rows, rows), { temperature: 3 }, { grad: true, perSample: true });
      assert.deepEqual(Array.from(r.perSample!), [0, 0, 0]);
      assert.ok(r.grad!.logits!.data.every((g) => Math.abs(g) < 1e-7));
      // Student argmax [0, 0, 2] against the teacher's [2, 1, 0] (first maximum on ties).
      const m = await evaluate(loss('kl_div'), distill([[5, 0, 1], [2, 1, 0], [0, 0, 1]], [[0, 1, 2], [1, 2, 0], [3, 1, 1]]));
      assert.deepEqual(m.metrics, { agreement: 0, agreeing: 0, counted: 3 });
      const same = await evaluate(loss('kl_div'), distill(rows, rows));
      assert.deepEqual(same.metrics, { agreement: 1, agreeing: 3, counted: 3 });
    });

    it('multi_margin sums the hinge terms of the other classes and divides by C (hand-worked, p = 1 and 2, class weight)', async () => {
      // z = [2, 1.5, −1], y = 0, margin 1: terms 1 − 2 + 1.5 = 0.5 and 1 − 2 − 1 = −2 -> 0. l = 0.5 / 3.
      // Gradient: −1/3 on z_0, +1/3 on z_1, 0 on z_2 (an inactive term).
      const one = multi([[2, 1.5, -1]], [0]);
      const p1 = await evaluate(loss('multi_margin'), one, {}, { grad: true });
      assertClose(p1.value, 0.5 / 3, 'p = 1');
      assertClose(p1.grad!.logits!.data, [-1 / 3, 1 / 3, 0], 'p = 1 grad');
      // p = 2: 0.25 / 3, gradient 2 · 0.5 / 3 = 1/3 on z_1.
      const p2 = await evaluate(loss('multi_margin'), one, { p: 2 }, { grad: true });
      assertClose(p2.value, 0.25 / 3, 'p = 2');
      assertClose(p2.grad!.logits!.data, [-1 / 3, 1 / 3, 0], 'p = 2 grad');
      // weight [2, 1, 1]: row 0 (class 0) × 2; row 1 [0, 0, 0], y = 1: terms 1 and 1 -> 2/3 × w_1 = 1.
      // mean divides Σ = 1/3 + 2/3 = 1 by N = 2 rows (not by Σ w_y = 3, unlike cross_entropy).
      const two = multi([[2, 1.5, -1], [0, 0, 0]], [0, 1]);
      const w = await evaluate(loss('multi_margin'), two, { weight: [2, 1, 1] }, { perSample: true });
      assertClose(w.perSample!, [1 / 3, 2 / 3], 'weighted per-row');
      assertClose(w.value, 0.5, 'mean over N');
      assert.equal(w.denominator, 2);
    });

    it('multi_margin costs nothing, with zero gradient, once the true class leads by the margin', async () => {
      const r = await evaluate(loss('multi_margin'), multi([[3, 1.5, -1]], [0]), { margin: 1.5 }, { grad: true });
      assert.equal(r.value, 0);
      assert.deepEqual(Array.from(r.grad!.logits!.data), [0, 0, 0]);
    });

    it('dice on p = [0.5, 0.5, 0.75, 0.25] against y = [1, 0, 1, 0] (hand-worked, smooth 1 and 0)', async () => {
      // Σ p y = 0.5 + 0.75 = 1.25, Σ p = 2, Σ y = 2. smooth 1: 1 − (2.5 + 1) / (4 + 1) = 0.3; smooth 0: 1 − 2.5 / 4 = 0.375.
      // ∂L/∂p_i = −(2 y_i D − N) / D² with N = 3.5, D = 5: −6.5/25 = −0.26 (y = 1), 3.5/25 = 0.14 (y = 0);
      // times σ' = p (1 − p) = [0.25, 0.25, 0.1875, 0.1875]: [−0.065, 0.035, −0.04875, 0.02625].
      const inputs = seg([0, 0, L3, -L3], [1, 0, 1, 0]);
      const r = await evaluate(loss('dice'), inputs, {}, { grad: true, perSample: true });
      assertClose(r.value, 0.3, 'smooth 1');
      assertClose(r.grad!.logit!.data, [-0.065, 0.035, -0.04875, 0.02625], 'grad');
      assert.equal(r.unit, 'file');
      assert.equal(r.count, 1);
      assert.equal(r.perSample!.length, 1);
      assertClose((await evaluate(loss('dice'), inputs, { smooth: 0 })).value, 0.375, 'smooth 0');
    });

    it('dice and tversky give one value per file: mean, sum and none all hold it', async () => {
      const inputs = seg([0.3, -1.2, 2.2, -0.4, 1.1], [1, 0, 1, 0, 0]);
      for (const id of ['dice', 'tversky']) {
        const mean = await evaluate(loss(id), inputs, {}, { grad: true });
        const sum = await evaluate(loss(id), inputs, {}, { reduction: 'sum', grad: true });
        const none = await evaluate(loss(id), inputs, {}, { reduction: 'none', grad: true });
        assert.equal(none.perSample!.length, 1, `${id}: none is a one-element array`);
        assert.equal(sum.value, mean.value, `${id}: sum = mean`);
        assert.equal(none.perSample![0], mean.value, `${id}: none = mean`);
        assert.deepEqual(Array.from(none.grad!.logit!.data), Array.from(mean.grad!.logit!.data), `${id}: the same gradient`);
      }
    });

    it('tversky weights false positives by α and false negatives by β (hand-worked)', async () => {
      // Same data: TP = 1.25, FP = 0.5 + 0.25 = 0.75, FN = 0.5 + 0.25 = 0.75.
      // α = 0.3, β = 0.7, smooth 1: 1 − 2.25 / (1.25 + 0.225 + 0.525 + 1) = 1 − 2.25 / 3 = 0.25.
      const inputs = seg([0, 0, L3, -L3], [1, 0, 1, 0]);
      assertClose((await evaluate(loss('tversky'), inputs, { alpha: 0.3, beta: 0.7 })).value, 0.25, 'α 0.3 β 0.7');
      // Only false positives (α = 1, β = 0, smooth 0): 1 − TP / (TP + FP) = 1 − precision = 1 − 1.25/2 = 0.375.
      assertClose((await evaluate(loss('tversky'), inputs, { alpha: 1, beta: 0, smooth: 0 })).value, 0.375, '1 − soft precision');
    });

    it('tversky with α = β = 0.5 is dice: equal at smooth 0, and tversky(smooth) = dice(2 · smooth) (hand-worked)', async () => {
      // (TP + s) / (TP + (FP + FN)/2 + s) = (2 TP + 2 s) / (Σ p + Σ y + 2 s). Data above: dice(smooth 1) = 0.3 but
      // tversky(smooth 1) = 1 − 2.25 / 3 = 0.25 = dice(smooth 2) = 1 − 4.5 / 6.
      const inputs = seg([0, 0, L3, -L3], [1, 0, 1, 0]);
      assertClose((await evaluate(loss('tversky'), inputs, { smooth: 0 })).value, 0.375, 'tversky smooth 0');
      assertClose((await evaluate(loss('tversky'), inputs, { smooth: 1 })).value, 0.25, 'tversky smooth 1');
      assertClose((await evaluate(loss('dice'), inputs, { smooth: 2 })).value, 0.25, 'dice smooth 2');
    });

    it('tversky with α = β = 0.5 equals dice with twice the smoothing, value and gradient (property)', async () => {
      const row = fc.tuple(fc.double({ min: -20, max: 20, noNaN: true }), fc.integer({ min: 0, max: 1 }));
      await fc.assert(
        fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 12 }), fc.constantFrom(0, 0.5, 1, 3), async (rows, smooth) => {
          const inputs = seg(rows.map(([z]) => z), rows.map(([, y]) => y));
          const t = await evaluate(loss('tversky'), inputs, { alpha: 0.5, beta: 0.5, smooth }, { grad: true });
          const d = await evaluate(loss('dice'), inputs, { smooth: 2 * smooth }, { grad: true });
          assertClose(t.value, d.value, 'value', { rtol: 1e-5, atol: 1e-6 });
          assertClose(t.grad!.logit!.data, d.grad!.logit!.data, 'grad', { rtol: 1e-4, atol: 1e-6 });
        }),
        { numRuns: 25, seed: 12 },
      );
    });

    it('dice and tversky report the soft counts, the hard Dice at p > 0.5 and the accuracy per row', async () => {
      const r = await evaluate(loss('dice'), seg([0, 0, L3, -L3, 2], [1, 0, 1, 0, 0]));
      const m = r.metrics!;
      const p5 = 1 / (1 + Math.exp(-2));
      assertClose([m.soft_tp, m.soft_fp, m.soft_fn], [1.25, 0.75 + p5, 0.75], 'soft counts', { rtol: 1e-6 });
      // Predicted mask (logit > 0): rows 2 and 4; true mask rows 0 and 2: 2 · 1 / (2 + 2) = 0.5.
      assert.equal(m.hard_dice, 0.5);
      // Rows predicted right (logit > 0 is 1): 1 (0 -> 0), 2 (ln 3 -> 1), 3 (−ln 3 -> 0); wrong: 0 and 4.
      assert.equal(m.correct, 3);
      assert.equal(m.accuracy, 0.6);
    });

    it('every new loss has autodiff gradients that agree with finite differences', async () => {
      const s = [[0.3, -1.2, 2.0, 0.5], [1.5, 1.1, -0.7, 0.2], [-2.0, 0.4, 0.9, 1.7], [0.1, 0.2, 0.3, -0.4], [2.5, -1, 0, 1]];
      const t = [[1.0, 0.2, -0.5, 2.2], [-1.5, 0.3, 0.8, 0.0], [0.6, 0.6, -2.0, 1.1], [3.0, -1.0, 0.5, 0.5], [0.0, 0.0, 0.0, 0.0]];
      const y = [2, 0, 3, 1, 1];
      const z = [0.3, -1.7, 2.2, -0.4, 1.1, 3.0, -0.9];
      const m = [1, 0, 0, 1, 1, 0, 1];
      const cases: Array<[string, EvalInputs, Record<string, unknown>]> = [
        ['kl_div', distill(s, t), {}],
        ['kl_div', distill(s, t), { temperature: 2.5 }],
        ['kl_div', distill(s, t), { temperature: 0.7 }],
        ['multi_margin', multi(s, y), {}],
        ['multi_margin', multi(s, y), { p: 2, margin: 0.7, weight: [0.5, 2, 1, 1.5] }],
        ['dice', seg(z, m), {}],
        ['dice', seg(z, m), { smooth: 0 }],
        ['tversky', seg(z, m), { alpha: 0.2, beta: 0.8 }],
        ['tversky', seg(z, m.map(() => 0)), { smooth: 0.5 }],
      ];
      for (const [id, inputs, params] of cases) {
        for (const reduction of ['mean', 'sum'] as const) await checkGradientFD(loss(id), inputs, params, reduction, { eps: 1e-3 });
      }
    });

    it('logits of ±100 and ±1e4 give exact values and finite gradients', async () => {
      for (const big of [100, 1e4]) {
        // kl_div: teacher sure of class 0, student sure of class 1: KL = (s_1 − s_0) = 2·big (q = one-hot, log p_0 = −2 big).
        const kl = await evaluate(loss('kl_div'), distill([[-big, big, 0]], [[big, -big, 0]]), {}, { grad: true });
        assertClose(kl.value, 2 * big, `kl_div ±${big}`);
        assertClose(kl.grad!.logits!.data, [-1, 1, 0], `kl_div grad ±${big}`);
        // A tiny temperature scales the logits by 100: still finite.
        const cold = await evaluate(loss('kl_div'), distill([[-big, big, 0]], [[big, -big, 0]]), { temperature: 0.01 }, { grad: true });
        assertClose(cold.value, 2 * big * 0.01, `kl_div T 0.01 ±${big}`, { rtol: 1e-4 });
        assertClose(cold.grad!.logits!.data, [-0.01, 0.01, 0], `kl_div T 0.01 grad ±${big}`);
        // multi_margin, p = 2: the true class behind by 2·big: terms (1 + 2 big)² and (1 − (−big) − big)² = 1, over C = 3.
        const mm = await evaluate(loss('multi_margin'), multi([[-big, big, -big], [big, -big, -big]], [0, 0]), { p: 2 }, { grad: true, perSample: true });
        assertClose(mm.perSample!, [((1 + 2 * big) ** 2 + 1) / 3, 0], `multi_margin ±${big}`);
        assert.ok(allFinite(mm.grad!.logits!.data));
        // dice and tversky: p rounds to exactly 0 or 1; a perfect prediction costs 0, the inverse mask 1 − s / (N + s).
        for (const id of ['dice', 'tversky']) {
          const right = await evaluate(loss(id), seg([big, -big, big, -big], [1, 0, 1, 0]), {}, { grad: true });
          assertClose(right.value, 0, `${id} right ±${big}`);
          assert.ok(allFinite(right.grad!.logit!.data));
          const wrong = await evaluate(loss(id), seg([-big, big, -big, big], [1, 0, 1, 0]), {}, { grad: true });
          assertClose(wrong.value, 1 - 1 / (id === 'dice' ? 5 : 3), `${id} wrong ±${big}`);
          assert.ok(allFinite(wrong.grad!.logit!.data));
        }
      }
    });

    it('bad input and parameters are refused with a message naming what is wrong', async () => {
      await assert.rejects(evaluate(loss('kl_div'), distill([[0, 1]], [[0, 1, 2]])), (e: unknown) => e instanceof InputError && /kl_div: the student's logits have 2 columns but the teacher_logits 3/.test(e.message));
      await assert.rejects(evaluate(loss('kl_div'), { logits: mat([[0, 1]]) }), /kl_div needs the role teacher_logits/);
      await assert.rejects(evaluate(loss('kl_div'), distill([[0, 1]], [[0, 1]]), { temperature: 0 }), (e: unknown) => e instanceof ParamError && /parameter temperature must be a number > 0/.test(e.message));
      await assert.rejects(evaluate(loss('multi_margin'), multi([[0, 1]], [0]), { p: 3 }), (e: unknown) => e instanceof ParamError && /parameter p/.test(e.message));
      await assert.rejects(evaluate(loss('multi_margin'), multi([[0, 1]], [0]), { weight: [1, 2, 3] }), /multi_margin: parameter weight has 3 values but the logits have 2 columns/);
      await assert.rejects(evaluate(loss('multi_margin'), multi([[0, 1]], [2])), /role target: expected a class index in \[0, 1\], got 2/);
      await assert.rejects(evaluate(loss('dice'), seg([0, 1], [0, 0.5])), /role target: expected a label 0 or 1, got 0\.5/);
      await assert.rejects(evaluate(loss('tversky'), seg([0], [1]), { alpha: -1 }), (e: unknown) => e instanceof ParamError && /parameter alpha/.test(e.message));
    });

    it(`dice and tversky refuse more than ${WHOLE_BATCH_MAX_ROWS} rows, saying why`, async () => {
      const n = WHOLE_BATCH_MAX_ROWS + 1;
      const inputs = seg(new Float32Array(n), new Float32Array(n));
      for (const id of ['dice', 'tversky']) {
        await assert.rejects(
          evaluate(loss(id), inputs),
          (e: unknown) => e instanceof InputError && e.message.startsWith(`${id} takes at most 8192 rows (one value over the whole file, computed in one batch (one row per pixel: a 90 × 90 mask)), got 8193 rows; use a sample`),
        );
      }
      const ok = await evaluate(loss('dice'), seg(new Float32Array(WHOLE_BATCH_MAX_ROWS), new Float32Array(WHOLE_BATCH_MAX_ROWS).fill(1)), {}, { batchRows: 100 });
      // 8192 rows at p = 0.5, all positive: 1 − (8192 + 1) / (4096 + 8192 + 1), in one batch whatever batchRows says.
      assertClose(ok.value, 1 - 8193 / 12289, 'at the bound');
      assert.equal(ok.count, 1);
    });
  });
}
