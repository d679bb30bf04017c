import { tf } from '../../backend';
import type { LossSpec } from '../../spec';
import { num } from '../../spec';
import { PREDICTION, TARGET, WEIGHT } from './roles';
import { FACTOR, kerasRow, optaxRow, torchRow, tfjsRow, UNSUPPORTED, type Difference } from './framework_rows';
import { lit, type FrameworkContext } from '../../frameworks';
import { absTieZero } from './tie_abs';
import { KERAS_COLUMN_NOTE } from '../../templates/template-notes';

/**
 * Smooth L1 in PyTorch's arithmetic: `0.5 * r * r / beta` below beta, `|r| - 0.5 * beta` above
 * (aten's smooth_l1 kernel, same op order so float32 results agree to the last bit or so).
 * beta = 0 is L1, as newer PyTorch dispatches it (F.smooth_l1_loss calls l1_loss; 1.13 does not and
 * its kernel's gradient at r = 0 is −1). Here the quadratic branch would divide by 0, and even
 * unselected its NaN gradient would leak through `where`.
 */
export function smoothL1Values(r: tf.Tensor, beta: number): tf.Tensor {
  const a = absTieZero(r);
  if (beta === 0) return a;
  const quadratic = tf.div(tf.mul(tf.square(r), 0.5), beta);
  const linear = tf.sub(a, 0.5 * beta);
  // |r| < beta written as !(|r| >= beta): tfjs registers a (zero) gradient for GreaterEqual but
  // none for Less/Greater, and a comparison of a taped tensor must be differentiable.
  return tf.where(tf.greaterEqual(a, beta), linear, quadratic);
}

/** Huber(δ = β) against smooth_l1(β): β times it; with β = 0 Huber is 0 everywhere. */
function huberOfBeta(c: FrameworkContext): Difference {
  const beta = num(c.params, 'beta');
  if (beta === 0) return UNSUPPORTED('Huber with delta = 0 is 0 everywhere (PyTorch refuses it): smooth_l1 with beta = 0 is L1, use the L1 loss.');
  return FACTOR(beta, 'Huber(δ = β) is β · SmoothL1(β): the same bend, slope β instead of 1 above it.');
}

/** Smooth L1, `torch.nn.SmoothL1Loss(beta)`. */
export const smoothL1: LossSpec = {
  id: 'smooth_l1',
  family: 'regression',
  title: 'Smooth L1',
  doc:
    'Quadratic for residuals below beta and linear above, with slope 1: MSE-like (scaled by 1/beta) near the ' +
    'target, L1-like on outliers. The Fast R-CNN box-regression loss. Unlike huber, the linear part has ' +
    'slope 1 whatever beta is, so beta only moves the bend; as beta → 0 it becomes L1 (beta = 0 is exactly L1).',
  formula: 'r_i = ŷ_i − y_i;  l_i = 0.5 r_i² / β if |r_i| < β, else |r_i| − 0.5 β;  mean: Σ w_i l_i / N',
  tex: String.raw`\begin{aligned} r_i &= \hat y_i - y_i \\ l_i &= 0.5\, r_i^2 / \beta \quad \text{if } \lvert r_i \rvert < \beta \\ l_i &= \lvert r_i \rvert - 0.5\, \beta \quad \text{else} \\ \text{mean} &= \tfrac{1}{N} \textstyle\sum_i w_i\, l_i \end{aligned}`,
  reference: 'torch.nn.SmoothL1Loss',
  convention:
    'PyTorch parametrisation: huber(δ) = δ · smooth_l1(β = δ). beta = 0 is L1 with gradient 0 at r = 0, as ' +
    'F.smooth_l1_loss dispatches it in newer PyTorch (1.13\'s kernel gives −1 there). ' +
    'With per-sample weights, mean = Σ w_i l_i / N (Keras convention), not divided by Σ w_i.',
  roles: [PREDICTION, TARGET, WEIGHT],
  params: [
    {
      name: 'beta',
      kind: 'number',
      default: 1.0,
      min: 0,
      max: Infinity,
      ui: { min: 0, max: 5, step: 0.05 },
      sweep: true,
      doc: 'residual size where the loss turns from quadratic to linear; 0 gives L1',
    },
  ],
  reductions: ['mean', 'sum', 'none'],
  defaultReduction: 'mean',
  unit: 'row',
  batching: 'rows',
  compute: (b, p) => ({ values: smoothL1Values(tf.sub(b.t.prediction!, b.t.target!), num(p, 'beta')) as tf.Tensor1D }),
  frameworks: [
    torchRow('SmoothL1Loss', (c) => `beta=${lit(num(c.params, 'beta'))}`),
    torchRow('HuberLoss', (c) => `delta=${lit(num(c.params, 'beta'))}`, (c) => huberOfBeta(c)),
    kerasRow('Huber', 'Huber', (c) => `delta=${lit(num(c.params, 'beta'))}`, (c) => huberOfBeta(c)),
    tfjsRow('huberLoss', 'huber_loss', (c) => lit(num(c.params, 'beta')), (c) => huberOfBeta(c)),
    optaxRow('huber_loss', (c) => `delta=${lit(num(c.params, 'beta'))}`, (c) => huberOfBeta(c)),
  ],
  code: {
    className: 'SmoothL1Loss',
    pytorch: (c) =>
      c.params.beta === 0
        ? { kind: 'builtin', callee: 'nn.L1Loss', args: [], note: 'beta = 0 is L1 (newer PyTorch dispatches SmoothL1Loss(beta=0) to l1_loss).' }
        : { kind: 'builtin', callee: 'nn.SmoothL1Loss', args: [['beta', c.p('beta')]] },
    keras: (c) =>
      c.params.beta === 0
        ? { kind: 'builtin', callee: 'keras.losses.MeanAbsoluteError', args: [], note: 'beta = 0 is L1.' }
        : {
            kind: 'perUnit',
            note: 'PyTorch SmoothL1Loss(beta) = Huber(delta=beta) / beta; Keras has Huber only. ' + KERAS_COLUMN_NOTE,
            body: `loss = keras.losses.huber(target, prediction, delta=${c.v('beta')}) / ${c.v('beta')}`,
          },
    jax: (c) =>
      c.params.beta === 0
        ? { kind: 'perUnit', note: 'beta = 0 is L1.', body: 'loss = jnp.abs(prediction - target)' }
        : {
            kind: 'perUnit',
            note: 'PyTorch SmoothL1Loss(beta) = optax.huber_loss(delta=beta) / beta.',
            body: `loss = optax.huber_loss(prediction, target, delta=${c.v('beta')}) / ${c.v('beta')}`,
          },
    tfjs: (c) =>
      c.params.beta === 0
        ? {
            kind: 'perUnit',
            note: 'beta = 0 is L1; r * sign(r) has gradient 0 at r = 0, as PyTorch (tf.abs gives -1).',
            body: ['const r = tf.sub(prediction, target);', 'const loss = tf.mul(r, tf.sign(r));'].join('\n'),
          }
        : {
            kind: 'tfjsLoss',
            note: 'PyTorch SmoothL1Loss(beta) = tf.losses.huberLoss(delta = beta) / beta.',
            call: (w, r) => `tf.div(tf.losses.huberLoss(target, prediction, ${w}, beta, ${r}), beta)`,
          },
  },
};
