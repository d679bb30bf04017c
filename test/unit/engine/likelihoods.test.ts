/**
 * The likelihood losses of the regression family (issue #12): poisson_nll and gaussian_nll.
 * Hand-worked examples, PyTorch's straight-through clamp of the variance, finite-difference
 * gradients, extreme inputs, and bad input. PyTorch golden values for every option are in
 * test/fixtures/golden/regression.json (checked by golden.test.ts on both backends).
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { initBackend } from '../../../src/engine/backend';
import { evaluate } from '../../../src/engine/evaluate';
import { InputError } from '../../../src/engine/inputs';
import { ParamError } from '../../../src/engine/params';
import type { EvalInputs } from '../../../src/engine/spec';
import { backendsUnderTest } from '../../helpers/backends';
import { assertClose } from '../../helpers/close';
import { checkGradientFD } from '../../helpers/finite-diff';
import { loss } from '../../helpers/losses';

const col = (xs: number[]) => ({ data: Float32Array.from(xs), cols: 1 });
const counts = (prediction: number[], target: number[], weight?: number[]): EvalInputs => ({
  prediction: col(prediction),
  target: col(target),
  ...(weight ? { weight: col(weight) } : {}),
});
const gauss = (prediction: number[], variance: number[], target: number[], weight?: number[]): EvalInputs => ({
  prediction: col(prediction),
  variance: col(variance),
  target: col(target),
  ...(weight ? { weight: col(weight) } : {}),
});

for (const backend of backendsUnderTest()) {
  describe(`likelihood losses on the ${backend} backend`, () => {
    before(async () => {
      const info = await initBackend({ backend });
      assert.equal(info.name, backend);
    });

    it('poisson_nll with log_input is exp(ŷ) − y ŷ with gradient λ − y (hand-worked)', async () => {
      // ŷ = 0, y = 1: e^0 − 0 = 1, gradient e^0 − 1 = 0 (the optimum λ = y).
      // ŷ = ln 2, y = 3: 2 − 3 ln 2 = 2 − 2.0794415 = −0.0794415, gradient 2 − 3 = −1.
      const r = await evaluate(loss('poisson_nll'), counts([0, Math.LN2], [1, 3]), {}, { reduction: 'sum', perSample: true, grad: true });
      assertClose(r.perSample!, [1, -0.0794415], 'per-sample');
      assertClose(r.value, 0.9205585, 'sum');
      assertClose(r.grad!.prediction!.data, [0, -1], 'grad');
    });

    it('poisson_nll with log_input = false is λ − y log(λ + eps); λ = 0 with y = 0 costs 0 (hand-worked)', async () => {
      // λ = 2, y = 1: 2 − log 2 = 1.3068528, gradient 1 − 1/2 = 0.5.  λ = 0, y = 0: 0 − 0 · log(1e-8) = 0, gradient 1.
      // mean over 2 rows: 0.6534264, gradient [0.25, 0.5].
      const r = await evaluate(loss('poisson_nll'), counts([2, 0], [1, 0]), { log_input: false }, { perSample: true, grad: true });
      assertClose(r.perSample!, [1.3068528, 0], 'per-sample');
      assertClose(r.value, 0.6534264, 'mean');
      assertClose(r.grad!.prediction!.data, [0.25, 0.5], 'grad');
    });

    it('poisson_nll full adds Stirling y log y − y + ½ log(2π y) only where y > 1 (hand-worked)', async () => {
      // ŷ = 0 (λ = 1): base loss 1 − 0 = 1 for every row.
      // y = 4: 4 ln 4 − 4 + ½ ln(8π) = 5.5451774 − 4 + 1.6120857 = 3.1572631 -> 4.1572631.
      // y = 1: masked (y <= 1) -> 1. y = 0: masked -> 1. The gradient is unchanged: 1 − y.
      const r = await evaluate(loss('poisson_nll'), counts([0, 0, 0], [4, 1, 0]), { full: true }, { reduction: 'sum', perSample: true, grad: true });
      assertClose(r.perSample!, [4.1572631, 1, 1], 'per-sample');
      assertClose(r.grad!.prediction!.data, [-3, 0, 1], 'grad');
    });

    it('gaussian_nll is ½ (log σ² + (μ − y)² / σ²), with the variance clamped at eps and the gradient passing (hand-worked)', async () => {
      // μ = 1, σ² = 4, y = 3: ½ (ln 4 + 4/4) = ½ (1.3862944 + 1) = 1.1931472; ∂/∂μ = (1 − 3)/4 = −0.5;
      //   ∂/∂σ² = ½ (1/4 − 4/16) = 0.
      // μ = 0, σ² = 1e-8, y = 0: clamped to eps = 1e-6: ½ ln 1e-6 = −6.9077553; ∂/∂μ = 0;
      //   ∂/∂σ² = ½ (1/1e-6 − 0) = 5e5 — PyTorch's clamp runs under no_grad, so the gradient is that at
      //   v = eps although the loss does not change with σ² below eps.
      const r = await evaluate(loss('gaussian_nll'), gauss([1, 0], [4, 1e-8], [3, 0]), {}, { reduction: 'sum', perSample: true, grad: true });
      assertClose(r.perSample!, [1.1931472, -6.9077553], 'per-sample');
      assertClose(r.grad!.prediction!.data, [-0.5, 0], 'grad μ');
      assertClose(r.grad!.variance!.data, [0, 5e5], 'grad σ²');
      // full adds ½ ln 2π = 0.9189385 to each row
      const f = await evaluate(loss('gaussian_nll'), gauss([1, 0], [4, 1e-8], [3, 0]), { full: true }, { reduction: 'sum', perSample: true });
      assertClose(f.perSample!, [1.1931472 + 0.9189385, -6.9077553 + 0.9189385], 'per-sample full');
    });

    it('gaussian_nll with σ² = 1 is half the squared error plus 0 (log 1), with mean over N and per-sample weights', async () => {
      // residuals 2 and −1: ½ · 4 = 2 and ½ · 1 = 0.5; weights [1, 3]: (2 + 1.5) / 2 = 1.75.
      const r = await evaluate(loss('gaussian_nll'), gauss([2, -1], [1, 1], [0, 0], [1, 3]), {}, { grad: true });
      assertClose(r.value, 1.75, 'weighted mean');
      // ∂/∂μ = w r / N = [1, −1.5]; ∂/∂σ² = w ½ (1 − r²) / N = [−0.75, 0]
      assertClose(r.grad!.prediction!.data, [1, -1.5], 'grad μ');
      assertClose(r.grad!.variance!.data, [-0.75, 0], 'grad σ²');
    });

    for (const [id, params, inputs] of [
      ['poisson_nll', {}, counts([0.3, -1.2, 2.0, 0.9, -0.6], [1, 0, 7, 2, 3])],
      ['poisson_nll', { full: true }, counts([0.3, -1.2, 2.0, 0.9, -0.6], [1, 0, 7, 2, 3])],
      ['poisson_nll', { log_input: false, eps: 1e-3 }, counts([0.5, 1.2, 3.0, 0.9, 2.5], [1, 0, 7, 2, 3])],
      ['gaussian_nll', {}, gauss([0.3, -1.2, 2.0, 0.9], [0.5, 2.0, 1.5, 0.8], [1, 0, -1, 2.5])],
      ['gaussian_nll', { full: true, eps: 0.01 }, gauss([0.3, -1.2, 2.0, 0.9], [0.5, 2.0, 1.5, 0.8], [1, 0, -1, 2.5])],
    ] as const) {
      it(`${id} ${JSON.stringify(params)}: autodiff gradient matches finite differences`, async () => {
        for (const reduction of ['mean', 'sum'] as const) await checkGradientFD(loss(id), inputs, params, reduction, { eps: 1e-3 });
      });
    }

    it('stays finite for log-rates of ±80, counts of 1e4, residuals of 1e4 and variances from 0 to 1e8', async () => {
      // exp(80) = 5.5406e34 is finite in float32; y ŷ = 1e4 · 80 = 8e5 is lost next to it.
      const p = await evaluate(loss('poisson_nll'), counts([80, -80], [1e4, 0]), {}, { reduction: 'none', perSample: true, grad: true });
      assertClose(p.perSample!, [Math.exp(80) - 8e5, Math.exp(-80)], 'poisson per-sample', { rtol: 1e-6 });
      assertClose(p.grad!.prediction!.data, [Math.exp(80) - 1e4, Math.exp(-80)], 'poisson grad', { rtol: 1e-6 });
      // residual 1e4 at σ² = 1: ½ (0 + 1e8) = 5e7; σ² = 1e8 with residual 2e4: ½ (ln 1e8 + 4) = 11.2103404;
      // σ² = 0 clamped: residual 1e3 -> ½ (ln 1e-6 + 1e6 / 1e-6) = 5e11 (finite).
      const g = await evaluate(loss('gaussian_nll'), gauss([1e4, -1e4, 0], [1, 1e8, 0], [0, 1e4, 1e3]), {}, { reduction: 'none', perSample: true, grad: true });
      assertClose(g.perSample!, [5e7, 11.2103404, 5e11], 'gaussian per-sample', { rtol: 1e-6 });
      assert.ok(g.grad!.prediction!.data.every(Number.isFinite) && g.grad!.variance!.data.every(Number.isFinite), 'gaussian gradients finite');
    });

    it('bad input is refused with a message naming the parameter or role', async () => {
      // With log_input = false the rate must be >= 0: a domain error at the cell (row 2, column 0),
      // which the data layer turns into file:line:column; with log_input the same cell is a log-rate.
      await assert.rejects(
        evaluate(loss('poisson_nll'), counts([0.5, 1, -0.25], [1, 0, 2]), { log_input: false }),
        (e: unknown) =>
          e instanceof InputError && e.role === 'prediction' && e.row === 2 && e.col === 0 &&
          e.message === 'role prediction: expected a value >= 0 (with log_input = false the prediction is the rate λ; for a log-rate set log_input = true), got -0.25',
      );
      await assert.rejects(
        evaluate(loss('poisson_nll'), counts([0.5, Infinity], [1, 0]), { log_input: false }),
        (e: unknown) => e instanceof InputError && e.row === 1 && /expected a finite number, got Infinity/.test(e.message),
      );
      assert.ok(Number.isFinite((await evaluate(loss('poisson_nll'), counts([0.5, 1, -0.25], [1, 0, 2]))).value), 'a negative log-rate is fine');
      await assert.rejects(evaluate(loss('poisson_nll'), counts([0.5, 1], [1, -2])), /role target: expected a value >= 0, got -2/);
      await assert.rejects(evaluate(loss('poisson_nll'), counts([0.5], [1]), { eps: 0 }), (e: unknown) => e instanceof ParamError && /parameter eps must be a number > 0/.test(e.message));
      await assert.rejects(
        evaluate(loss('gaussian_nll'), gauss([0, 1], [1, -0.5], [0, 0])),
        (e: unknown) => e instanceof InputError && /role variance: expected a value >= 0, got -0\.5/.test(e.message) && e.row === 1,
      );
      await assert.rejects(evaluate(loss('gaussian_nll'), counts([0], [0])), /gaussian_nll needs the role variance/);
    });
  });
}
