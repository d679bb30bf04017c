/**
 * Classification losses and accuracy: hand-worked examples, PyTorch's conventions for class weights,
 * label smoothing and ignore_index, finite-difference gradients, logits of ±1e4, bad input, and the
 * identities between losses. PyTorch golden values for every option are in
 * test/fixtures/golden/classification.json (checked by golden.test.ts).
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import { initBackend } from '../../../src/engine/backend';
import { evaluate } from '../../../src/engine/evaluate';
import { InputError } from '../../../src/engine/inputs';
import { binaryAccuracy, multiclassAccuracy } from '../../../src/engine/metrics/accuracy';
import { ParamError } from '../../../src/engine/params';
import type { EvalInputs } from '../../../src/engine/spec';
import { backendsUnderTest } from '../../helpers/backends';
import { assertClose } from '../../helpers/close';
import { checkGradientFD } from '../../helpers/finite-diff';
import { loss } from '../../helpers/losses';

const col = (xs: ArrayLike<number>) => ({ data: Float32Array.from(xs), cols: 1 });
const multi = (rows: number[][], target: number[]): EvalInputs => ({
  logits: { data: Float32Array.from(rows.flat()), cols: rows[0].length },
  target: col(target),
});
const binary = (logit: number[], target: number[], weight?: number[]): EvalInputs => ({
  logit: col(logit),
  target: col(target),
  ...(weight ? { weight: col(weight) } : {}),
});
const allFinite = (xs: ArrayLike<number>) => Array.from(xs).every(Number.isFinite);
const L2 = Math.log(2);
const L5 = Math.log(5);

for (const backend of backendsUnderTest()) {
  describe(`classification losses on the ${backend} backend`, () => {
    before(async () => {
      const info = await initBackend({ backend });
      assert.equal(info.name, backend);
    });

    it('cross_entropy of logits [0, ln 2, ln 5] with target 2 is −ln(5/8) (hand-worked)', async () => {
      // softmax = [1, 2, 5] / 8. l = −log(5/8) = 0.4700036. Gradient: softmax − onehot(2) = [0.125, 0.25, −0.375].
      const r = await evaluate(loss('cross_entropy'), multi([[0, L2, L5]], [2]), {}, { grad: true });
      assertClose(r.value, 0.4700036, 'value');
      assertClose(r.grad!.logits!.data, [0.125, 0.25, -0.375], 'grad');
    });

    it('cross_entropy with label_smoothing 0.3 mixes in the uniform target (hand-worked)', async () => {
      // ε = 0.3, C = 3: l = 0.7 (−ln 5/8) + (0.3 / 3) (−ln 1/8 − ln 2/8 − ln 5/8)
      //   = 0.7 · 0.4700036 + 0.1 · (2.0794415 + 1.3862944 + 0.4700036) = 0.3290025 + 0.3935740 = 0.7225765.
      // Gradient: softmax − target distribution [0.1, 0.1, 0.8] = [0.025, 0.15, −0.175].
      const r = await evaluate(loss('cross_entropy'), multi([[0, L2, L5]], [2]), { label_smoothing: 0.3 }, { grad: true });
      assertClose(r.value, 0.7225765, 'value');
      assertClose(r.grad!.logits!.data, [0.025, 0.15, -0.175], 'grad');
    });

    it('cross_entropy with class weights divides by Σ w_{y_i} and leaves ignored rows out (PyTorch)', async () => {
      // Row 0: target 2, w_2 = 3 -> 3 · 0.4700036 = 1.4100109. Row 1: logits [0, 0, 0], target 0,
      // w_0 = 1 -> ln 3 = 1.0986123. Row 2: ignored (−100) -> 0.
      // sum = 2.5086232; mean = sum / (3 + 1) = 0.6271558 (not / 3 rows, nor / 2 counted rows).
      const inputs = multi([[0, L2, L5], [0, 0, 0], [9, -9, 1]], [2, 0, -100]);
      const params = { weight: [1, 1, 3] };
      const none = await evaluate(loss('cross_entropy'), inputs, params, { reduction: 'none', grad: true });
      assertClose(none.perSample!, [1.4100109, 1.0986123, 0], 'per-sample');
      assert.deepEqual(Array.from(none.grad!.logits!.data.slice(6)), [0, 0, 0], 'an ignored row gets no gradient');
      const mean = await evaluate(loss('cross_entropy'), inputs, params, { grad: true });
      assertClose(mean.value, 2.5086232 / 4, 'mean');
      assert.equal(mean.denominator, 4);
      // Gradient of the mean, row 0: 3 · [0.125, 0.25, −0.375] / 4.
      assertClose(mean.grad!.logits!.data.slice(0, 3), [0.09375, 0.1875, -0.28125], 'grad row 0');
      const sum = await evaluate(loss('cross_entropy'), inputs, params, { reduction: 'sum' });
      assertClose(sum.value, 2.5086232, 'sum');
    });

    it('cross_entropy with weights and label smoothing weights the smoothing term by w_c (hand-worked)', async () => {
      // w = [1, 1, 3], ε = 0.3, one row, target 2:
      // l = 0.7 · 3 · 0.4700036 + 0.1 · (1 · 2.0794415 + 1 · 1.3862944 + 3 · 0.4700036) = 0.9870076 + 0.4875747 = 1.4745823.
      // mean divides by w_2 = 3 -> 0.4915274.
      const r = await evaluate(loss('cross_entropy'), multi([[0, L2, L5]], [2]), { weight: [1, 1, 3], label_smoothing: 0.3 }, { perSample: true });
      assertClose(r.perSample!, [1.4745823], 'per-sample');
      assertClose(r.value, 1.4745823 / 3, 'mean');
    });

    it('an ignore_index inside [0, C) ignores that class; mean over all-ignored rows is NaN as in PyTorch', async () => {
      // ignore_index = 1: row 1 (target 1) is ignored; row 0 (target 2) gives 0.4700036 alone.
      const r = await evaluate(loss('cross_entropy'), multi([[0, L2, L5], [3, 1, 2]], [2, 1]), { ignore_index: 1 }, { perSample: true });
      assertClose(r.perSample!, [0.4700036, 0], 'per-sample');
      assertClose(r.value, 0.4700036, 'mean');
      const all = await evaluate(loss('cross_entropy'), multi([[1, 2]], [-100]), {});
      assert.ok(Number.isNaN(all.value));
    });

    it('cross_entropy gives the same value and gradient whatever the batch size (normalizer summed over batches)', async () => {
      const rows = Array.from({ length: 11 }, (_, i) => [Math.sin(i), Math.cos(3 * i), i % 3 - 1, 0.5 * i - 2]);
      const target = [0, 1, -100, 3, 2, 2, -100, 1, 0, 3, 3];
      const params = { weight: [0.5, 2, 1, 1.5], label_smoothing: 0.1 };
      const one = await evaluate(loss('cross_entropy'), multi(rows, target), params, { grad: true });
      const many = await evaluate(loss('cross_entropy'), multi(rows, target), params, { grad: true, batchRows: 3 });
      assertClose(many.value, one.value, 'value');
      assertClose(many.grad!.logits!.data, one.grad!.logits!.data, 'grad');
    });

    it('focal with gamma 2 on p_t = 0.75 gives 0.0625 · ce (hand-worked)', async () => {
      // logits [0, ln 3] -> softmax [0.25, 0.75], target 1: ce = −ln 0.75 = 0.2876821, p_t = 0.75,
      // (1 − p_t)² = 0.0625 -> 0.0179801.
      const r = await evaluate(loss('focal'), multi([[0, Math.log(3)]], [1]), {});
      assertClose(r.value, 0.0179801, 'value');
    });

    it('focal with class weights uses a plain mean over N, and p_t = exp(−w_y ce) as in the recipe', async () => {
      // weight [1, 2]: ce = 2 · 0.2876821 = 0.5753641, p_t = exp(−0.5753641) = 0.5625 (= 0.75²),
      // (1 − 0.5625)² = 0.1914063 -> 0.1101283. Second row: logits [0, 0], target 0, w_0 = 1: ce = ln 2,
      // p_t = 0.5 -> 0.25 · 0.6931472 = 0.1732868. mean = (0.1101283 + 0.1732868) / 2 (N, not Σw = 3).
      const r = await evaluate(loss('focal'), multi([[0, Math.log(3)], [0, 0]], [1, 0]), { weight: [1, 2] }, { perSample: true });
      assertClose(r.perSample!, [0.1101283, 0.1732868], 'per-sample');
      assertClose(r.value, (0.1101283 + 0.1732868) / 2, 'mean');
    });

    it('bce_with_logits: ln 2 at z = 0, pos_weight scales the positive term only (hand-worked)', async () => {
      // z = 0, y = 1: −log σ(0) = ln 2 = 0.6931472; with pos_weight 3: 2.0794415.
      // z = ln 3, y = 0: −log(1 − 0.75) = ln 4 = 1.3862944 (pos_weight does not apply).
      // Gradient of the sum: (p_w y + 1 − y) σ(z) − p_w y: row 0: 3 · 0.5 − 3 = −1.5; row 1: σ(ln 3) = 0.75.
      const r = await evaluate(loss('bce_with_logits'), binary([0, Math.log(3)], [1, 0]), { pos_weight: 3 }, { reduction: 'sum', perSample: true, grad: true });
      assertClose(r.perSample!, [2.0794415, 1.3862944], 'per-sample');
      assertClose(r.grad!.logit!.data, [-1.5, 0.75], 'grad');
    });

    it('sigmoid_focal with alpha 0.25, gamma 2 on p = 0.75, y = 1 gives 0.25 · 0.0625 · ce (hand-worked)', async () => {
      // z = ln 3: p = 0.75; y = 1: p_t = 0.75, ce = −ln 0.75 = 0.2876821, (1 − p_t)² = 0.0625, α_t = 0.25
      // -> 0.0044950. y = 0 on the same logit: p_t = 0.25, ce = ln 4 = 1.3862944, (0.75)² = 0.5625,
      // α_t = 0.75 -> 0.5848429.
      const r = await evaluate(loss('sigmoid_focal'), binary([Math.log(3), Math.log(3)], [1, 0]), {}, { reduction: 'none' });
      assertClose(r.perSample!, [0.004495, 0.5848429], 'per-sample');
    });

    it('every classification loss has autodiff gradients that agree with finite differences', async () => {
      const rows = [[0.3, -1.2, 2.0, 0.5], [1.5, 1.1, -0.7, 0.2], [-2.0, 0.4, 0.9, 1.7], [0.1, 0.2, 0.3, -0.4], [2.5, -1, 0, 1]];
      const mc = multi(rows, [2, 0, 3, 1, 1]);
      const mcIgnored = multi(rows, [2, 0, -100, 1, 1]);
      const w = [0.5, 2, 1, 1.5];
      const bin = binary([0.3, -1.7, 2.2, -0.4, 1.1, 3.0], [1, 0, 0, 1, 1, 0], [1, 0.5, 2, 1, 0, 1.5]);
      const binNoW = binary([0.3, -1.7, 2.2, -0.4, 1.1, 3.0], [1, 0, 0, 1, 1, 0]);
      const cases: Array<[string, EvalInputs, Record<string, unknown>]> = [
        ['cross_entropy', mc, {}],
        ['cross_entropy', mcIgnored, { weight: w, label_smoothing: 0.2 }],
        ['focal', mc, {}],
        ['focal', mc, { weight: w, gamma: 0.5 }],
        ['focal', mc, { gamma: 3.5 }],
        ['bce_with_logits', bin, { pos_weight: 2.5 }],
        ['sigmoid_focal', binNoW, {}],
        ['sigmoid_focal', binNoW, { alpha: -1, gamma: 0.5 }],
      ];
      for (const [id, inputs, params] of cases) {
        for (const reduction of ['mean', 'sum'] as const) await checkGradientFD(loss(id), inputs, params, reduction, { eps: 1e-3 });
      }
    });

    it('logits of ±1e4 give exact values and finite gradients for every classification loss', async () => {
      // Confidently wrong rows cost the logit gap, right ones 0: CE [1e4, −1e4] target 1 -> 2e4.
      const mc = multi([[1e4, -1e4, 0], [1e4, -1e4, 0], [-1e4, -1e4, -1e4]], [1, 0, 2]);
      for (const [id, params, expected] of [
        ['cross_entropy', {}, [2e4, 0, Math.log(3)]],
        ['cross_entropy', { label_smoothing: 0.3, weight: [1, 2, 3] }, null],
        ['focal', {}, [2e4, 0, Math.log(3) * (2 / 3) ** 2]],
        ['focal', { gamma: 0.5 }, null],
      ] as Array<[string, Record<string, unknown>, number[] | null]>) {
        const r = await evaluate(loss(id), mc, params, { reduction: 'sum', perSample: true, grad: true });
        if (expected) assertClose(r.perSample!, expected, `${id} per-sample`);
        assert.ok(allFinite(r.perSample!) && allFinite(r.grad!.logits!.data), `${id} ${JSON.stringify(params)} finite`);
      }
      // Binary: z = 1e4 with y = 0 costs 1e4; z = −1e4 with y = 0 costs 0.
      const bin = binary([1e4, -1e4, 1e4, -1e4, 0], [0, 0, 1, 1, 1]);
      const bce = await evaluate(loss('bce_with_logits'), bin, {}, { reduction: 'none', grad: true });
      assertClose(bce.perSample!, [1e4, 0, 0, 1e4, L2], 'bce per-sample');
      assertClose(bce.grad!.logit!.data, [1, 0, 0, -1, -0.5], 'bce grad (σ(z) − y)');
      for (const params of [{}, { gamma: 0.5 }, { gamma: 0, alpha: -1 }]) {
        const r = await evaluate(loss('sigmoid_focal'), bin, params, { reduction: 'sum', perSample: true, grad: true });
        assert.ok(allFinite(r.perSample!) && allFinite(r.grad!.logit!.data), `sigmoid_focal ${JSON.stringify(params)} finite`);
      }
    });

    it('focal with gamma < 1 has gradient 0, not NaN, where p_t rounds to 1 (PyTorch: 0 · ∞)', async () => {
      // Row 0 is so confident that ce == 0 in float32: (1 − p_t)^0.5 has an infinite derivative there,
      // multiplied by ce = 0. The limit of the whole term is 0.
      const r = await evaluate(loss('focal'), multi([[60, 0, 0], [0.5, 0, 1]], [0, 2]), { gamma: 0.5 }, { reduction: 'none', grad: true });
      assert.equal(r.perSample![0], 0);
      assert.deepEqual(Array.from(r.grad!.logits!.data.slice(0, 3)), [0, 0, 0]);
      assert.ok(allFinite(r.grad!.logits!.data));
    });

    it('bad input and parameters are refused with a message naming what is wrong', async () => {
      const mc = multi([[0, 1, 2], [1, 1, 1]], [2, 0]);
      const isInput = (re: RegExp, row?: number) => (e: unknown) => e instanceof InputError && re.test(e.message) && (row === undefined || e.row === row);
      const isParam = (re: RegExp) => (e: unknown) => e instanceof ParamError && re.test(e.message);
      await assert.rejects(evaluate(loss('cross_entropy'), mc, { weight: [1, 2] }), isInput(/parameter weight has 2 values but the logits have 3 columns/));
      await assert.rejects(evaluate(loss('focal'), mc, { weight: [1, 2, 3, 4] }), isInput(/focal: parameter weight has 4 values but the logits have 3 columns/));
      await assert.rejects(evaluate(loss('cross_entropy'), multi([[0, 1, 2], [1, 1, 1]], [2, 3]), {}), isInput(/expected a class index in \[0, 2\] or ignore_index -100, got 3/, 1));
      await assert.rejects(evaluate(loss('cross_entropy'), multi([[0, 1, 2]], [1.5]), {}), isInput(/class index/, 0));
      // focal has no ignore_index: −100 is just out of range.
      await assert.rejects(evaluate(loss('focal'), multi([[0, 1, 2]], [-100]), {}), isInput(/expected a class index in \[0, 2\], got -100/));
      await assert.rejects(evaluate(loss('bce_with_logits'), binary([0.5, 1], [1, 2]), {}), isInput(/expected a label 0 or 1, got 2/, 1));
      await assert.rejects(evaluate(loss('sigmoid_focal'), binary([0.5], [0.5]), {}), isInput(/label 0 or 1/));
      await assert.rejects(evaluate(loss('cross_entropy'), mc, { label_smoothing: 1.5 }), isParam(/label_smoothing must be a number >= 0 and <= 1/));
      await assert.rejects(evaluate(loss('cross_entropy'), mc, { weight: '1,-2,1' }), isParam(/every value of weight must be a number >= 0/));
      await assert.rejects(evaluate(loss('cross_entropy'), mc, { ignore_index: 1.5 }), isParam(/ignore_index must be an integer/));
      await assert.rejects(evaluate(loss('sigmoid_focal'), binary([0.5], [1]), { alpha: 2 }), isParam(/alpha must be a number >= -1 and <= 1/));
      await assert.rejects(evaluate(loss('focal'), mc, { gamma: -1 }), isParam(/gamma must be a number >= 0/));
    });

    it('class weights parse from the CLI form "1,2,1.5"', async () => {
      const r = await evaluate(loss('cross_entropy'), multi([[0, L2, L5]], [2]), { weight: '1, 1, 3' }, { reduction: 'sum' });
      assertClose(r.value, 1.4100109, 'sum');
      assert.deepEqual(r.params.weight, [1, 1, 3]);
    });

    const logit = fc.double({ min: -30, max: 30, noNaN: true });
    const mcData = fc
      .integer({ min: 2, max: 5 })
      .chain((C) => fc.tuple(fc.constant(C), fc.array(fc.tuple(fc.array(logit, { minLength: C, maxLength: C }), fc.integer({ min: 0, max: C - 1 })), { minLength: 1, maxLength: 8 })));

    it('focal with gamma 0 equals cross_entropy, with and without class weights (property)', async () => {
      await fc.assert(
        fc.asyncProperty(mcData, fc.boolean(), async ([C, rows], weighted) => {
          const inputs = multi(rows.map((r) => r[0]), rows.map((r) => r[1]));
          const weight = weighted ? Array.from({ length: C }, (_, c) => 0.5 + c) : null;
          const f = await evaluate(loss('focal'), inputs, { gamma: 0, weight }, { reduction: 'sum', perSample: true, grad: true });
          const ce = await evaluate(loss('cross_entropy'), inputs, { weight }, { reduction: 'sum', perSample: true, grad: true });
          assertClose(f.perSample!, ce.perSample!, 'values');
          assertClose(f.grad!.logits!.data, ce.grad!.logits!.data, 'grads');
        }),
        { numRuns: 20 },
      );
    });

    it('sigmoid_focal with alpha < 0 and gamma 0 equals bce_with_logits (property)', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(fc.tuple(logit, fc.integer({ min: 0, max: 1 })), { minLength: 1, maxLength: 10 }), async (rows) => {
          const inputs = binary(rows.map((r) => r[0]), rows.map((r) => r[1]));
          const sf = await evaluate(loss('sigmoid_focal'), inputs, { alpha: -1, gamma: 0 }, { perSample: true, grad: true });
          const bce = await evaluate(loss('bce_with_logits'), inputs, {}, { perSample: true, grad: true });
          assertClose(sf.perSample!, bce.perSample!, 'values');
          assertClose(sf.value, bce.value, 'mean');
          assertClose(sf.grad!.logit!.data, bce.grad!.logit!.data, 'grads');
        }),
        { numRuns: 20 },
      );
    });

    it('cross_entropy mean is unchanged by a uniform class weight k (it cancels in Σ w l / Σ w) (property)', async () => {
      await fc.assert(
        fc.asyncProperty(mcData, fc.double({ min: 0.1, max: 10, noNaN: true }), async ([C, rows], k) => {
          const inputs = multi(rows.map((r) => r[0]), rows.map((r) => r[1]));
          const a = await evaluate(loss('cross_entropy'), inputs, { label_smoothing: 0.1 }, { grad: true });
          const b = await evaluate(loss('cross_entropy'), inputs, { label_smoothing: 0.1, weight: Array(C).fill(k) }, { grad: true });
          assertClose(b.value, a.value, 'mean', { rtol: 1e-5, atol: 1e-6 });
          assertClose(b.grad!.logits!.data, a.grad!.logits!.data, 'grads', { rtol: 1e-4, atol: 1e-6 });
        }),
        { numRuns: 20 },
      );
    });

    it('reports accuracy beside the loss: argmax for logits (ignored rows out), logit > 0 for binary', async () => {
      // Rows: argmax 2 (target 2, right), argmax 0 (target 1, wrong), ignored, tie [1, 1, 0] -> first max 0 (target 0, right).
      const r = await evaluate(loss('cross_entropy'), multi([[0, 1, 2], [3, 1, 2], [0, 0, 9], [1, 1, 0]], [2, 1, -100, 0]), {});
      assert.deepEqual(r.metrics, { accuracy: 2 / 3, correct: 2, counted: 3 });
      // z = [0.5, −2, 0, 3], y = [1, 0, 1, 0]: predictions [1, 0, 0, 1] -> 2 of 4.
      const b = await evaluate(loss('bce_with_logits'), binary([0.5, -2, 0, 3], [1, 0, 1, 0]), {});
      assert.deepEqual(b.metrics, { accuracy: 0.5, correct: 2, counted: 4 });
    });
  });
}

describe('accuracy metric', () => {
  it('counts the first maximum on ties and is NaN when every row is ignored', () => {
    assert.deepEqual(multiclassAccuracy(Float32Array.from([5, 5, 1]), 3, Float32Array.from([1]), null), { accuracy: 0, correct: 0, counted: 1 });
    assert.ok(Number.isNaN(multiclassAccuracy(Float32Array.from([1, 2]), 2, Float32Array.from([-100]), -100).accuracy));
    assert.deepEqual(binaryAccuracy(Float32Array.from([-0.1, 0.1]), Float32Array.from([0, 1])), { accuracy: 1, correct: 2, counted: 2 });
  });
});
