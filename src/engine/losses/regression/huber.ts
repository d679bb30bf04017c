import { tf } from '../../backend';
import type { LossSpec } from '../../spec';
import { num } from '../../spec';
import { PREDICTION, TARGET, WEIGHT } from './roles';
import { FACTOR, kerasRow, kerasWeightSumRow, optaxRow, torchRow, tfjsRow } from './framework_rows';
import { lit } from '../../frameworks';
import { absTieZero } from './tie_abs';
import { KERAS_COLUMN_NOTE } from '../../templates/template-notes';

/** Huber loss, `torch.nn.HuberLoss(delta)`. */
export const huber: LossSpec = {
  id: 'huber',
  family: 'regression',
  title: 'Huber',
  doc:
    'Quadratic for residuals below delta and linear above, with slope delta, so the gradient is the residual ' +
    'itself near the target and is capped at ±delta on outliers. The classic robust regression loss: MSE ' +
    'behaviour for inliers, bounded influence for outliers.',
  formula: 'r_i = ŷ_i − y_i;  l_i = 0.5 r_i² if |r_i| < δ, else δ (|r_i| − 0.5 δ);  mean: Σ w_i l_i / N',
  tex: String.raw`\begin{aligned} r_i &= \hat y_i - y_i \\ l_i &= 0.5\, r_i^2 \quad \text{if } \lvert r_i \rvert < \delta \\ l_i &= \delta\, (\lvert r_i \rvert - 0.5\, \delta) \quad \text{else} \\ \text{mean} &= \tfrac{1}{N} \textstyle\sum_i w_i\, l_i \end{aligned}`,
  reference: 'torch.nn.HuberLoss',
  convention:
    'huber(δ) = δ · smooth_l1(β = δ) (PyTorch); tf.keras Huber(delta) and optax huber_loss agree with huber. ' +
    'With per-sample weights, mean = Σ w_i l_i / N (Keras convention), not divided by Σ w_i.',
  roles: [PREDICTION, TARGET, WEIGHT],
  params: [
    {
      name: 'delta',
      kind: 'number',
      default: 1.0,
      min: 0,
      minExclusive: true,
      max: Infinity,
      ui: { min: 0.05, max: 5, step: 0.05 },
      sweep: true,
      doc: 'residual size where the loss turns from quadratic to linear, and the largest gradient magnitude',
    },
  ],
  reductions: ['mean', 'sum', 'none'],
  defaultReduction: 'mean',
  unit: 'row',
  batching: 'rows',
  compute: (b, p) => {
    const delta = num(p, 'delta');
    const r = tf.sub(b.t.prediction!, b.t.target!);
    const a = absTieZero(r);
    // aten's huber kernel: z < delta ? 0.5 * z * z : delta * (z - 0.5 * delta).
    const quadratic = tf.mul(tf.square(r), 0.5);
    const linear = tf.mul(tf.sub(a, 0.5 * delta), delta);
    // |r| < delta as !(|r| >= delta): only GreaterEqual among the comparisons has a tfjs gradient.
    return { values: tf.where(tf.greaterEqual(a, delta), linear, quadratic) as tf.Tensor1D };
  },
  frameworks: [
    torchRow('HuberLoss', (c) => `delta=${lit(num(c.params, 'delta'))}`),
    torchRow('SmoothL1Loss', (c) => `beta=${lit(num(c.params, 'delta'))}`, (c) =>
      FACTOR(1 / num(c.params, 'delta'), 'SmoothL1Loss(beta=δ) is HuberLoss(δ) / δ: the same bend, slope 1 instead of δ above it.')),
    kerasRow('Huber', 'Huber', (c) => `delta=${lit(num(c.params, 'delta'))}`),
    kerasWeightSumRow('Huber', 'Huber', (c) => `delta=${lit(num(c.params, 'delta'))}`),
    tfjsRow('huberLoss', 'huber_loss', (c) => lit(num(c.params, 'delta'))),
    optaxRow('huber_loss', (c) => `delta=${lit(num(c.params, 'delta'))}`),
  ],
  code: {
    pytorch: (c) => ({ kind: 'builtin', callee: 'nn.HuberLoss', args: [['delta', c.p('delta')]] }),
    keras: (c) => ({
      kind: 'builtin',
      callee: 'keras.losses.Huber',
      args: [['delta', c.p('delta')]],
      note: 'Keras Huber(delta) is PyTorch HuberLoss(delta) (= delta * SmoothL1Loss(beta=delta)). ' + KERAS_COLUMN_NOTE,
    }),
    jax: (c) => ({
      kind: 'perUnit',
      note: 'optax.huber_loss(delta) is PyTorch HuberLoss(delta) (= delta * SmoothL1Loss(beta=delta)).',
      body: `loss = optax.huber_loss(prediction, target, delta=${c.v('delta')})`,
    }),
    tfjs: () => ({
      kind: 'tfjsLoss',
      note: 'tf.losses.huberLoss(delta) is PyTorch HuberLoss(delta) (= delta * SmoothL1Loss(beta=delta)).',
      call: (w, r) => `tf.losses.huberLoss(target, prediction, ${w}, delta, ${r})`,
    }),
  },
};
