/**
 * Regression losses: hand-worked examples, PyTorch's gradients at ties, finite-difference
 * gradients, residuals of 1e4, parameter errors, the identities between losses, and the accuracy of
 * the reduced value at 1e7 rows. PyTorch golden values for every option are in
 * test/fixtures/golden/regression.json (checked by golden.test.ts).
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import { initBackend } from '../../../src/engine/backend';
import { evaluate } from '../../../src/engine/evaluate';
import { InputError } from '../../../src/engine/inputs';
import { ParamError } from '../../../src/engine/params';
import type { EvalInputs } from '../../../src/engine/spec';
import { backendsUnderTest } from '../../helpers/backends';
import { assertClose } from '../../helpers/close';
import { checkGradientFD } from '../../helpers/finite-diff';
import { loss } from '../../helpers/losses';

const col = (xs: ArrayLike<number>) => ({ data: Float32Array.from(xs), cols: 1 });
const reg = (prediction: number[], target: number[], weight?: number[]): EvalInputs => ({
  prediction: col(prediction),
  target: col(target),
  ...(weight ? { weight: col(weight) } : {}),
});
const REGRESSION = ['mse', 'l1', 'smooth_l1', 'huber', 'log_cosh', 'quantile'];

for (const backend of backendsUnderTest()) {
  describe(`regression losses on the ${backend} backend`, () => {
    before(async () => {
      const info = await initBackend({ backend });
      assert.equal(info.name, backend);
    });

    it('smooth_l1 with beta = 1 on residuals 0.5 and 2 gives 0.125 and 1.5 (hand-worked)', async () => {
      // r = ŷ − y = [0.5, 2]. |0.5| < 1: 0.5 · 0.5² / 1 = 0.125.  |2| >= 1: 2 − 0.5 · 1 = 1.5.
      // mean = (0.125 + 1.5) / 2 = 0.8125. Gradient of the mean: [r/β, sign r] / N = [0.25, 0.5].
      const r = await evaluate(loss('smooth_l1'), reg([0.5, 3], [0, 1]), {}, { perSample: true, grad: true });
      assertClose(r.perSample!, [0.125, 1.5], 'per-sample');
      assertClose(r.value, 0.8125, 'mean');
      assertClose(r.grad!.prediction!.data, [0.25, 0.5], 'grad');
    });

    it('huber with delta = 2 on residuals −1 and 3 gives 0.5 and 4, gradient capped at delta (hand-worked)', async () => {
      // r = [−1, 3]. |−1| < 2: 0.5 · 1 = 0.5.  |3| >= 2: 2 · (3 − 0.5 · 2) = 4.  sum = 4.5.
      // Gradient of the sum: r = −1 below δ -> −1; above δ -> δ · sign r = 2.
      const r = await evaluate(loss('huber'), reg([0, 3], [1, 0]), { delta: 2 }, { reduction: 'sum', perSample: true, grad: true });
      assertClose(r.perSample!, [0.5, 4], 'per-sample');
      assertClose(r.value, 4.5, 'sum');
      assertClose(r.grad!.prediction!.data, [-1, 2], 'grad');
    });

    it('l1 on residuals −2, 0, 3 gives mean 5/3 and gradient 0 at the tie, as PyTorch', async () => {
      // |−2| + |0| + |3| = 5, mean 5/3 = 1.666667. d/dŷ = sign(r) / 3 = [−1/3, 0, 1/3];
      // tfjs's own abs would give −1/3 at r = 0.
      const r = await evaluate(loss('l1'), reg([-2, 4, 3], [0, 4, 0]), {}, { grad: true });
      assertClose(r.value, 5 / 3, 'mean');
      assertClose(r.grad!.prediction!.data, [-1 / 3, 0, 1 / 3], 'grad');
    });

    it('log_cosh of residuals 1 and −0.5 is log cosh r with gradient tanh r (hand-worked)', async () => {
      // cosh 1 = (e + 1/e) / 2 = 1.5430806; log -> 0.4337808. cosh 0.5 = 1.1276260; log -> 0.1201145.
      // d/dŷ log cosh(ŷ − y) = tanh(r): tanh 1 = 0.7615942, tanh(−0.5) = −0.4621172.
      const r = await evaluate(loss('log_cosh'), reg([1, 0], [0, 0.5]), {}, { reduction: 'sum', perSample: true, grad: true });
      assertClose(r.perSample!, [0.4337808, 0.1201145], 'per-sample');
      assertClose(r.grad!.prediction!.data, [0.7615942, -0.4621172], 'grad');
    });

    it('quantile with q = 0.9 charges 0.9 per unit of under-prediction and 0.1 of over-prediction (hand-worked)', async () => {
      // r = y − ŷ. y = 10: ŷ = 8 -> r = 2 -> max(1.8, −0.2) = 1.8;  ŷ = 13 -> r = −3 -> max(−2.7, 0.3) = 0.3;
      // ŷ = 10 -> r = 0 -> 0. Gradients of the sum w.r.t. ŷ: −q = −0.9, 1 − q = 0.1, and at the tie
      // torch.maximum's even split: −(0.5 q + 0.5 (q − 1)) = 0.5 − q = −0.4.
      const r = await evaluate(loss('quantile'), reg([8, 13, 10], [10, 10, 10]), { q: 0.9 }, { reduction: 'sum', perSample: true, grad: true });
      assertClose(r.perSample!, [1.8, 0.3, 0], 'per-sample');
      assertClose(r.grad!.prediction!.data, [-0.9, 0.1, -0.4], 'grad');
    });

    it('per-sample weights scale each loss and mean still divides by N (Keras convention)', async () => {
      // huber with δ = 100 is 0.5 r² here: residuals 1 and 3 -> [0.5, 4.5]; w = [2, 2] -> [1, 9].
      // mean = Σ w l / N = 10 / 2 = 5 (Σ w l / Σ w, the other convention, would be 2.5).
      const r = await evaluate(loss('huber'), reg([1, 3], [0, 0], [2, 2]), { delta: 100 }, { perSample: true });
      assertClose(r.perSample!, [1, 9], 'weighted per-sample');
      assertClose(r.value, 5, 'mean over N');
    });

    it('smooth_l1 with beta = 0 is l1, with gradient 0 at a tie (newer PyTorch dispatches it to l1_loss)', async () => {
      const inputs = reg([-2, 4, 3, 0.25], [0, 4, 0, 0]);
      const a = await evaluate(loss('smooth_l1'), inputs, { beta: 0 }, { perSample: true, grad: true });
      const b = await evaluate(loss('l1'), inputs, {}, { perSample: true, grad: true });
      assertClose(a.perSample!, b.perSample!, 'values');
      assertClose(a.grad!.prediction!.data, b.grad!.prediction!.data, 'grad');
      assert.equal(a.grad!.prediction!.data[1], 0);
    });

    it('every regression loss has autodiff gradients that agree with finite differences', async () => {
      // Residuals kept > 0.1 away from every kink (0, ±0.5, ±1, ±2) so the central difference is smooth.
      const inputs = reg([-2.3, 0.8, 0.3, 1.95, 4.1, -0.25], [0, 1.5, 0, 0.35, 1, 0.4], [1, 0.5, 2, 1, 0.25, 1.5]);
      const cases: Array<[string, Record<string, unknown>]> = [
        ['mse', {}], ['l1', {}], ['smooth_l1', {}], ['smooth_l1', { beta: 0.5 }], ['smooth_l1', { beta: 2 }],
        ['huber', {}], ['huber', { delta: 0.5 }], ['log_cosh', {}], ['quantile', {}], ['quantile', { q: 0.1 }],
      ];
      for (const [id, params] of cases) {
        for (const reduction of ['mean', 'sum'] as const) await checkGradientFD(loss(id), inputs, params, reduction, { eps: 1e-3 });
      }
    });

    it('residuals of ±1e4 give finite, exact values and gradients for every regression loss', async () => {
      // r = [1e4, −1e4, 0, 2e4]: l1 = |r|; smooth_l1 = |r| − 0.5; huber (δ=1) = |r| − 0.5;
      // log_cosh = |r| − log 2; quantile q = 0.5: |r| / 2; mse = r².
      const inputs = reg([1e4, -1e4, 3, 1e4], [0, 0, 3, -1e4]);
      const abs = [1e4, 1e4, 0, 2e4];
      const expected: Record<string, number[]> = {
        mse: abs.map((a) => a * a),
        l1: abs,
        smooth_l1: abs.map((a) => (a === 0 ? 0 : a - 0.5)),
        huber: abs.map((a) => (a === 0 ? 0 : a - 0.5)),
        log_cosh: abs.map((a) => (a === 0 ? 0 : a - Math.LN2)),
        quantile: abs.map((a) => a / 2),
      };
      for (const id of REGRESSION) {
        const r = await evaluate(loss(id), inputs, {}, { reduction: 'sum', perSample: true, grad: true });
        assertClose(r.perSample!, expected[id], `${id} per-sample`);
        assert.ok(r.grad!.prediction!.data.every(Number.isFinite), `${id} gradient finite`);
        assert.ok(Number.isFinite(r.value), `${id} value finite`);
      }
    });

    it('bad hyperparameters are refused with the parameter and the range in the message', async () => {
      const inputs = reg([1], [0]);
      await assert.rejects(evaluate(loss('smooth_l1'), inputs, { beta: -1 }), (e: unknown) => e instanceof ParamError && /beta must be a number >= 0/.test(e.message));
      await assert.rejects(evaluate(loss('huber'), inputs, { delta: 0 }), (e: unknown) => e instanceof ParamError && /delta must be a number > 0/.test(e.message));
      await assert.rejects(evaluate(loss('quantile'), inputs, { q: 0 }), (e: unknown) => e instanceof ParamError && /q must be a number > 0/.test(e.message));
      await assert.rejects(evaluate(loss('quantile'), inputs, { q: 1 }), (e: unknown) => e instanceof ParamError && /q must be a number > 0 and < 1, got 1/.test(e.message));
      await assert.rejects(evaluate(loss('huber'), inputs, { beta: 1 }), (e: unknown) => e instanceof ParamError && /unknown parameter beta \(parameters: delta\)/.test(e.message));
      await assert.rejects(evaluate(loss('l1'), reg([1, 2], [0, 0], [1, -1])), (e: unknown) => e instanceof InputError && e.role === 'weight' && e.row === 1);
    });

    // No float32 subnormals: the wasm backend's sign() flushes them to 0 while its comparisons do not.
    const residual = fc.double({ min: -50, max: 50, noNaN: true }).map((x) => (Math.abs(x) < 1e-6 ? 0 : x));
    const residuals = fc.array(residual, { minLength: 1, maxLength: 12 });

    it('huber(delta) equals delta · smooth_l1(beta = delta), values and gradients (property)', async () => {
      await fc.assert(
        fc.asyncProperty(residuals, fc.double({ min: 0.05, max: 10, noNaN: true }), async (r, delta) => {
          const inputs = reg(r, r.map(() => 0));
          const h = await evaluate(loss('huber'), inputs, { delta }, { reduction: 'sum', perSample: true, grad: true });
          const s = await evaluate(loss('smooth_l1'), inputs, { beta: delta }, { reduction: 'sum', perSample: true, grad: true });
          assertClose(h.perSample!, Array.from(s.perSample!, (v) => v * delta), 'values', { rtol: 1e-5, atol: 1e-6 });
          assertClose(h.grad!.prediction!.data, Array.from(s.grad!.prediction!.data, (g) => g * delta), 'grads', { rtol: 1e-5, atol: 1e-6 });
        }),
        { numRuns: 25 },
      );
    });

    it('quantile with q = 0.5 is half of l1, ties included (property)', async () => {
      await fc.assert(
        fc.asyncProperty(residuals, async (r) => {
          const inputs = reg(r.map((x, i) => (i % 3 === 0 ? 1 : x)), r.map((_, i) => (i % 3 === 0 ? 1 : 0)));
          const q = await evaluate(loss('quantile'), inputs, {}, { reduction: 'sum', perSample: true, grad: true });
          const l = await evaluate(loss('l1'), inputs, {}, { reduction: 'sum', perSample: true, grad: true });
          assertClose(q.perSample!, Array.from(l.perSample!, (v) => v / 2), 'values');
          assertClose(q.grad!.prediction!.data, Array.from(l.grad!.prediction!.data, (g) => g / 2), 'grads');
        }),
        { numRuns: 25 },
      );
    });

    it('log_cosh lies between |r| − log 2 and min(r²/2, |r|) (property)', async () => {
      await fc.assert(
        fc.asyncProperty(residuals, async (r) => {
          const res = await evaluate(loss('log_cosh'), reg(r, r.map(() => 0)), {}, { reduction: 'none' });
          res.perSample!.forEach((v, i) => {
            const a = Math.abs(Math.fround(r[i]));
            assert.ok(v >= a - Math.LN2 - 1e-5 * (1 + a) && v <= Math.min((a * a) / 2, a) + 1e-6 * (1 + a), `log_cosh(${r[i]}) = ${v}`);
          });
        }),
        { numRuns: 25 },
      );
    });
  });
}

describe('reduction accuracy at 1e7 rows', () => {
  const wasm = backendsUnderTest().includes('wasm');
  it('mse mean over 1e7 rows on wasm is within 1e-5 of the float64 value, where a float32 running sum is not', { skip: !wasm }, async () => {
    await initBackend({ backend: 'wasm' });
    const n = 10_000_000;
    const pred = new Float32Array(n);
    const target = new Float32Array(n);
    // Deterministic pseudo-random residuals in [−1, 1) (LCG), target offset so ŷ − y is rounded.
    let s = 12345;
    for (let i = 0; i < n; i++) {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      pred[i] = s / 2 ** 31 - 1;
      target[i] = (i % 7) * 0.125;
    }
    let exact = 0;
    let naive = Math.fround(0);
    for (let i = 0; i < n; i++) {
      const d = pred[i] - target[i];
      exact += d * d;
      naive = Math.fround(naive + Math.fround(Math.fround(d) * Math.fround(d)));
    }
    exact /= n;
    naive = naive / n;
    // The check is meaningful: accumulating in float32 (as tfjs-wasm's sum does) misses by far more.
    assert.ok(Math.abs(naive - exact) / exact > 1e-3, `float32 running sum off by ${Math.abs(naive - exact) / exact}`);
    const r = await evaluate(loss('mse'), { prediction: { data: pred, cols: 1 }, target: { data: target, cols: 1 } }, {}, { reduction: 'mean' });
    const rel = Math.abs(r.value - exact) / exact;
    assert.ok(rel < 1e-5, `mse mean ${r.value} vs float64 ${exact}: relative error ${rel}`);
  });
});
