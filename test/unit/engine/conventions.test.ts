/**
 * Convention switches (src/engine/conventions.ts): each switch, alone and composed, against
 * hand-worked values and against the plain engine run on inputs changed by hand (the independent
 * reference for input switches), with gradients checked the same way or by finite differences.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { initBackend } from '../../../src/engine/backend';
import { evaluateVariant, planVariant, type ConventionSwitch } from '../../../src/engine/conventions';
import { evaluate } from '../../../src/engine/evaluate';
import { ParamError, resolveParams } from '../../../src/engine/params';
import { getLoss } from '../../../src/engine/registry';
import type { EvalInputs, LossSpec, RoleInput } from '../../../src/engine/spec';
import { backendsUnderTest } from '../../helpers/backends';
import { assertClose } from '../../helpers/close';

const loss = (id: string): LossSpec => getLoss(id)!;
const col = (xs: number[]): RoleInput => ({ data: Float32Array.from(xs), cols: 1 });
const mat = (rows: number[][]): RoleInput => ({ data: Float32Array.from(rows.flat()), cols: rows[0].length });
const variant = (id: string, inputs: EvalInputs, switches: readonly ConventionSwitch[], params: Record<string, unknown> = {}, grad = true) =>
  evaluateVariant(loss(id), inputs, resolveParams(loss(id), params), switches, { grad, perSample: true });

// The research example (docs/research/conventions.md §3): labels [0,1,0,0], predictions [2.5,0.5,0,-0.5].
const REG: EvalInputs = { prediction: col([2.5, 0.5, 0, -0.5]), target: col([0, 1, 0, 0]) };
const REG_W: EvalInputs = { ...REG, weight: col([1, 0, 2, 0]) };

for (const backend of backendsUnderTest()) {
  describe(`convention switches on the ${backend} backend`, () => {
    before(async () => {
      assert.equal((await initBackend({ backend })).name, backend);
    });

    it('no switch is the loss itself: value, per-sample values and gradient equal evaluate', async () => {
      const own = await evaluate(loss('huber'), REG_W, {}, { grad: true, perSample: true });
      const v = await variant('huber', REG_W, []);
      assertClose(v.value, own.value, 'value', { rtol: 1e-12 });
      assertClose(v.perSample!, own.perSample!, 'per-sample', { rtol: 1e-7 });
      assertClose(v.grad!.prediction!.data, own.grad!.prediction!.data, 'grad', { rtol: 1e-6 });
    });

    it('factor 0.5 halves value, per-sample values and gradient (optax.l2_loss against mse)', async () => {
      const v = await variant('mse', REG, [{ kind: 'factor', factor: 0.5 }]);
      // (6.25 + 0.25 + 0 + 0.25) / 4 / 2, by hand
      assertClose(v.value, 0.84375, 'value', { rtol: 1e-7 });
      assertClose(v.perSample!, [3.125, 0.125, 0, 0.125], 'per-sample', { rtol: 1e-7 });
      // d/dŷ of mean(0.5 (ŷ - y)^2) = (ŷ - y) / 4
      assertClose(v.grad!.prediction!.data, [0.625, -0.125, 0, -0.125], 'grad', { rtol: 1e-6 });
    });

    it('denominators on weights [1,0,2,0]: N 1.5625, Σw 2.083333, non-zero weights 3.125, a count of 5 1.25 (hand-worked)', async () => {
      // Σ w l = 1 · 6.25 + 0 + 2 · 0 + 0 = 6.25
      const cases: Array<[ConventionSwitch, number, number]> = [
        [{ kind: 'denominator', by: 'units' }, 6.25 / 4, 4],
        [{ kind: 'denominator', by: 'weightSum' }, 6.25 / 3, 3],
        [{ kind: 'denominator', by: 'nonzeroWeights' }, 6.25 / 2, 2],
        [{ kind: 'denominator', by: 'count', count: 5 }, 6.25 / 5, 5],
      ];
      for (const [s, want, d] of cases) {
        const v = await variant('mse', REG_W, [s]);
        assertClose(v.value, want, `${JSON.stringify(s)} value`, { rtol: 1e-7 });
        assert.equal(v.denominator, d);
        // d/dŷ_i = 2 w_i (ŷ_i - y_i) / d
        assertClose(v.grad!.prediction!.data, [5 / d, 0, 0, 0], `${JSON.stringify(s)} grad`, { rtol: 1e-6 });
      }
    });

    it('reduction none: value NaN, per-sample values, gradient of their sum (torchvision default)', async () => {
      const v = await variant('mse', REG, [{ kind: 'reduction', reduction: 'none' }]);
      assert.ok(Number.isNaN(v.value));
      assertClose(v.perSample!, [6.25, 0.25, 0, 0.25], 'per-sample', { rtol: 1e-7 });
      assertClose(v.grad!.prediction!.data, [5, -1, 0, -1], 'grad', { rtol: 1e-6 });
    });

    it('reduction sum with factor 0.5 is the paper\'s contrastive: d = [0.5, 0.5, 1.5], Y = [0, 1, 1] gives 0.25', async () => {
      const inputs = { x1: mat([[0.5], [0.5], [1.5]]), x2: mat([[0], [0], [0]]), label: col([0, 1, 1]) };
      const v = await variant('contrastive', inputs, [{ kind: 'factor', factor: 0.5 }, { kind: 'reduction', reduction: 'sum' }]);
      // ½ 0.5² + ½ max(0, 1 - 0.5)² + 0 (distances are 1e-6 longer: PyTorch's eps)
      assertClose(v.value, 0.25, 'value', { rtol: 1e-5 });
    });

    it('flipLabel equals the loss on 1 − label, value and gradient', async () => {
      const x1 = mat([[0.2, 1.0], [0.5, -0.3], [1.5, 0.1]]);
      const x2 = mat([[0.0, 0.4], [0.1, 0.2], [0.3, 0.2]]);
      const v = await variant('contrastive', { x1, x2, label: col([0, 1, 1]) }, [{ kind: 'flipLabel', role: 'label' }]);
      const ref = await evaluate(loss('contrastive'), { x1, x2, label: col([1, 0, 0]) }, {}, { grad: true });
      assertClose(v.value, ref.value, 'value', { rtol: 1e-7 });
      assertClose(v.grad!.x1!.data, ref.grad!.x1!.data, 'grad x1', { rtol: 1e-6 });
    });

    it('squash: bce_with_logits given σ(z) equals the loss on σ(z), gradient by the chain rule', async () => {
      const z = [-2, 0.3, 1.7];
      const y = [0, 1, 1];
      const s = z.map((x) => 1 / (1 + Math.exp(-x)));
      const v = await variant('bce_with_logits', { logit: col(z), target: col(y) }, [{ kind: 'squash', role: 'logit' }]);
      const ref = await evaluate(loss('bce_with_logits'), { logit: col(s), target: col(y) }, {}, { grad: true });
      assertClose(v.value, ref.value, 'value', { rtol: 1e-6 });
      const chain = ref.grad!.logit!.data.map((g, i) => g * s[i] * (1 - s[i]));
      assertClose(v.grad!.logit!.data, chain, 'grad', { rtol: 1e-5 });
    });

    it('clipProbabilities caps a confident mistake at −log(1 − fround(1 − 1e-7)) = 15.942385 with zero gradient (Keras, float32)', async () => {
      const v = await variant('bce_with_logits', { logit: col([30, 0.5]), target: col([0, 1]) }, [{ kind: 'clipProbabilities', role: 'logit', epsilon: 1e-7 }], {}, true);
      // row 1: softplus(-0.5) = 0.474077 (unclipped)
      assertClose(v.perSample!, [15.942385, 0.474077], 'per-sample', { rtol: 1e-6 });
      assertClose(v.grad!.logit!.data, [0, -(1 - 1 / (1 + Math.exp(-0.5))) / 2], 'grad', { rtol: 1e-5, atol: 1e-9 });
    });

    it('clipProbabilities on several logits: softmax clipped to [1e-7, 1 − 1e-7]', async () => {
      const v = await variant('cross_entropy', { logits: mat([[40, 0, 0], [1, 2, 3]]), target: col([1, 2]) }, [{ kind: 'clipProbabilities', role: 'logits', epsilon: 1e-7 }], {}, false);
      // row 0: p_1 = e^-40 / (...) < 1e-7 → −log 1e-7; row 1: −log softmax = 0.407606 (unclipped)
      assertClose(v.perSample!, [16.118096, 0.407606], 'per-sample', { rtol: 1e-5 });
    });

    it('readAsProbabilities reads logits as clipped probabilities (Keras from_logits=False)', async () => {
      const v = await variant('bce_with_logits', { logit: col([0.6, 0, 1.3]), target: col([1, 1, 0]) }, [{ kind: 'readAsProbabilities', role: 'logit', epsilon: 1e-7 }], {}, false);
      // −log 0.6; −log 1e-7 (0 clipped up); −log(1 − 0.99999988) (1.3 clipped down to float32's 1 − 1e-7)
      assertClose(v.perSample!, [0.5108256, 16.118096, 15.942385], 'per-sample', { rtol: 1e-5 });
    });

    it('smoothBinaryTarget: y → y (1 − ε) + ε / 2 equals the loss on smoothed targets, checked by hand', async () => {
      const v = await variant('bce_with_logits', { logit: col([0]), target: col([1]) }, [{ kind: 'smoothBinaryTarget', role: 'target', epsilon: 0.2 }], {}, false);
      // at z = 0 both terms are log 2, whatever the target
      assertClose(v.value, Math.log(2), 'value', { rtol: 1e-6 });
    });

    it('normalizeRows equals the loss on L2-normalised embeddings, value and gradient by chain rule through the norm', async () => {
      const a = [[2, 0], [1, 1]];
      const p = [[1, 1], [0, 3]];
      const n = [[0, 3], [2, 0]];
      const unit = (r: number[][]) => r.map((x) => x.map((v) => v / Math.hypot(...x)));
      const v = await variant('triplet', { anchor: mat(a), positive: mat(p), negative: mat(n) }, [{ kind: 'normalizeRows', roles: ['anchor', 'positive', 'negative'] }]);
      const ref = await evaluate(loss('triplet'), { anchor: mat(unit(a)), positive: mat(unit(p)), negative: mat(unit(n)) });
      assertClose(v.value, ref.value, 'value', { rtol: 1e-6 });
      // gradient of f(x / |x|) is (I − u uᵀ) g / |x|: checked on the anchor
      const g = (await evaluate(loss('triplet'), { anchor: mat(unit(a)), positive: mat(unit(p)), negative: mat(unit(n)) }, {}, { grad: true })).grad!.anchor!.data;
      const want: number[] = [];
      a.forEach((x, i) => {
        const r = Math.hypot(...x);
        const u = x.map((c) => c / r);
        const gi = [g[2 * i], g[2 * i + 1]];
        const dot = u[0] * gi[0] + u[1] * gi[1];
        want.push((gi[0] - u[0] * dot) / r, (gi[1] - u[1] * dot) / r);
      });
      assertClose(v.grad!.anchor!.data, want, 'grad', { rtol: 1e-4, atol: 1e-7 });
    });

    it('nonzeroTerms: mean over the non-zero triplets; its gradient is the plain mean\'s over those triplets alone', async () => {
      // triplet 0 costs margin + 1 − 3 < 0 → 0; triplets 1 and 2 are non-zero
      const inputs = { anchor: mat([[0, 0], [0, 0], [0, 0]]), positive: mat([[1, 0], [2, 0], [0, 1]]), negative: mat([[3, 0], [0, 1.5], [0, 1.2]]) };
      const v = await variant('triplet', inputs, [{ kind: 'denominator', by: 'nonzeroTerms' }]);
      const all = await evaluate(loss('triplet'), inputs, {}, { perSample: true });
      const l = all.perSample!;
      assert.equal(l[0], 0);
      assertClose(v.value, (l[1] + l[2]) / 2, 'value', { rtol: 1e-6 });
      const sub = { anchor: mat([[0, 0], [0, 0]]), positive: mat([[2, 0], [0, 1]]), negative: mat([[0, 1.5], [0, 1.2]]) };
      const ref = await evaluate(loss('triplet'), sub, {}, { grad: true });
      assertClose(v.grad!.positive!.data, [0, 0, ...ref.grad!.positive!.data], 'grad', { rtol: 1e-5, atol: 1e-9 });
    });

    it('nonzeroTerms by label and distance power 1: the two groups\' non-zero means added (pytorch-metric-learning)', async () => {
      // d ≈ [0.5, 0.25, 1.5, 0.4, 2] with labels [0, 0, 0, 1, 1]: similar d, dissimilar relu(1 − d) = [0.6, 0]
      const inputs = { x1: mat([[0.5], [0.25], [1.5], [0.4], [2]]), x2: mat([[0], [0], [0], [0], [0]]), label: col([0, 0, 0, 1, 1]) };
      const v = await variant('contrastive', inputs, [{ kind: 'knob', name: 'distance_power', value: 1 }, { kind: 'denominator', by: 'nonzeroTerms', groupBy: 'label' }]);
      assertClose(v.value, (0.5 + 0.25 + 1.5) / 3 + 0.6 / 1, 'value', { rtol: 1e-5 });
      // d/dx1 (1-D, x2 = 0): similar rows 1/3 each, the dissimilar non-zero row −1, the zero one 0
      assertClose(v.grad!.x1!.data, [1 / 3, 1 / 3, 1 / 3, -1, 0], 'grad', { rtol: 1e-4, atol: 1e-6 });
    });

    it('param switches obey the parameter rules, and switches compose (factor × denominator × flip)', async () => {
      assert.throws(() => planVariant(loss('huber'), resolveParams(loss('huber')), [{ kind: 'param', name: 'delta', value: -1 }]), ParamError);
      assert.throws(() => planVariant(loss('huber'), resolveParams(loss('huber')), [{ kind: 'knob', name: 'distance_power', value: 1 }]), /no convention knob/);
      const v = await variant('huber', REG_W, [{ kind: 'param', name: 'delta', value: 2 }, { kind: 'factor', factor: 3 }, { kind: 'denominator', by: 'nonzeroWeights' }], {}, false);
      // huber(δ = 2) per row [2.5·2 − 2, 0.125, 0, 0.125] = [3, ...]; Σ w l = 3; × 3 / 2 non-zero weights
      assertClose(v.value, 4.5, 'value', { rtol: 1e-6 });
    });
  });
}
