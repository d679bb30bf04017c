import { tf } from '../../backend';
import type { LossSpec } from '../../spec';
import { PREDICTION, TARGET, WEIGHT } from './roles';
import { kerasRow, kerasWeightSumRow, torchRow, tfjsRow } from './framework_rows';
import { absTieZero } from './tie_abs';
import { KERAS_COLUMN_NOTE } from '../../templates/template-notes';

/** Mean absolute error, `torch.nn.L1Loss`. */
export const l1: LossSpec = {
  id: 'l1',
  family: 'regression',
  title: 'Mean absolute error (L1)',
  doc:
    'Absolute difference between prediction and target. The maximum-likelihood loss under Laplace noise: ' +
    'it grows linearly, so outliers weigh far less than under MSE, and its minimiser is the median rather ' +
    'than the mean. Every residual gets a gradient of the same size (±1), which makes it robust but slow ' +
    'to settle close to the target.',
  formula: 'l_i = |ŷ_i − y_i|;  ∂l_i/∂ŷ_i = sign(ŷ_i − y_i), 0 at a tie;  mean: Σ w_i l_i / N',
  tex: String.raw`\begin{aligned} l_i &= \lvert \hat y_i - y_i \rvert \\ \partial l_i / \partial \hat y_i &= \operatorname{sign}(\hat y_i - y_i),\ 0 \text{ at a tie} \\ \text{mean} &= \tfrac{1}{N} \textstyle\sum_i w_i\, l_i \end{aligned}`,
  reference: 'torch.nn.L1Loss',
  convention:
    'The gradient is 0 where ŷ_i = y_i, as in PyTorch (tfjs abs would give −1). ' +
    'With per-sample weights, mean = Σ w_i l_i / N (Keras convention), not divided by Σ w_i.',
  roles: [PREDICTION, TARGET, WEIGHT],
  params: [],
  reductions: ['mean', 'sum', 'none'],
  defaultReduction: 'mean',
  unit: 'row',
  batching: 'rows',
  compute: (b) => ({ values: absTieZero(tf.sub(b.t.prediction!, b.t.target!)) as tf.Tensor1D }),
  frameworks: [
    torchRow('L1Loss', () => ''),
    kerasRow('MeanAbsoluteError', 'MeanAbsoluteError', () => ''),
    kerasWeightSumRow('MeanAbsoluteError', 'MeanAbsoluteError', () => ''),
    tfjsRow('absoluteDifference', 'absolute_difference', () => ''),
  ],
  code: {
    pytorch: () => ({ kind: 'builtin', callee: 'nn.L1Loss', args: [] }),
    keras: () => ({ kind: 'builtin', callee: 'keras.losses.MeanAbsoluteError', args: [], note: KERAS_COLUMN_NOTE }),
    jax: () => ({ kind: 'perUnit', body: 'loss = jnp.abs(prediction - target)' }),
    tfjs: () => ({
      kind: 'perUnit',
      note: 'tf.abs (and tf.losses.absoluteDifference) differentiate |r| to -1 at r = 0; r * sign(r) gives 0 there, as PyTorch.',
      body: ['const r = tf.sub(prediction, target);', 'const loss = tf.mul(r, tf.sign(r));'].join('\n'),
    }),
  },
};
