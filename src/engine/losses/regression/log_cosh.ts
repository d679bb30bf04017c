import { tf } from '../../backend';
import type { LossSpec } from '../../spec';
import { PREDICTION, TARGET, WEIGHT } from './roles';
import { kerasRow, kerasWeightSumRow, optaxRow, torchNone } from './framework_rows';
import { absTieZero } from './tie_abs';
import { KERAS_COLUMN_NOTE } from '../../templates/template-notes';

/** Log-cosh loss, optax `log_cosh`. */
export const logCosh: LossSpec = {
  id: 'log_cosh',
  family: 'regression',
  title: 'Log-cosh',
  doc:
    'The logarithm of the hyperbolic cosine of the residual: about r²/2 for small residuals and |r| − log 2 ' +
    'for large ones, like huber with delta = 1 but smooth everywhere (twice differentiable), with gradient ' +
    'tanh(r). Computed in a form that stays finite for residuals of any size (cosh overflows float32 at 89).',
  formula: 'r_i = ŷ_i − y_i;  l_i = log cosh r_i = |r_i| + log(1 + e^(−2|r_i|)) − log 2;  mean: Σ w_i l_i / N',
  tex: String.raw`\begin{aligned} r_i &= \hat y_i - y_i \\ l_i &= \log \cosh r_i \\ &= \lvert r_i \rvert - \log 2 \\ &\quad + \log(1 + e^{-2 \lvert r_i \rvert}) \\ \text{mean} &= \tfrac{1}{N} \textstyle\sum_i w_i\, l_i \end{aligned}`,
  reference: 'optax.log_cosh (logaddexp(r, −r) − log 2)',
  convention:
    'No parameters; the gradient is tanh(r_i). With per-sample weights, mean = Σ w_i l_i / N (Keras ' +
    'convention), not divided by Σ w_i.',
  roles: [PREDICTION, TARGET, WEIGHT],
  params: [],
  reductions: ['mean', 'sum', 'none'],
  defaultReduction: 'mean',
  unit: 'row',
  batching: 'rows',
  compute: (b) => {
    // log cosh r = logaddexp(r, −r) − log 2 = |r| + log1p(e^(−2|r|)) − log 2: no overflow, and with
    // the tie-safe |r| the gradient at r = 0 is 0 = tanh(0).
    const a = absTieZero(tf.sub(b.t.prediction!, b.t.target!));
    return { values: tf.sub(tf.add(a, tf.log1p(tf.exp(tf.mul(a, -2)))), Math.LN2) as tf.Tensor1D };
  },
  frameworks: [
    torchNone('log-cosh'),
    kerasRow('LogCosh', 'LogCosh', () => ''),
    kerasWeightSumRow('LogCosh', 'LogCosh', () => ''),
    optaxRow('log_cosh', () => ''),
  ],
  code: {
    className: 'LogCoshLoss',
    pytorch: () => ({
      kind: 'perUnit',
      note: 'logaddexp(r, -r) - log 2 as optax.log_cosh: finite for any residual (cosh overflows float32 at 89).',
      body: ['r = prediction - target', 'loss = torch.logaddexp(r, -r) - math.log(2.0)'].join('\n'),
    }),
    keras: () => ({ kind: 'builtin', callee: 'keras.losses.LogCosh', args: [], note: KERAS_COLUMN_NOTE }),
    jax: () => ({ kind: 'perUnit', body: 'loss = optax.log_cosh(prediction, target)' }),
    tfjs: () => ({
      kind: 'perUnit',
      note: 'log cosh r = |r| + log1p(exp(-2|r|)) - log 2: finite for any residual (cosh overflows float32 at 89).',
      body: ['const a = tf.abs(tf.sub(prediction, target));', 'const loss = tf.sub(tf.add(a, tf.log1p(tf.exp(tf.mul(a, -2)))), Math.LN2);'].join('\n'),
    }),
  },
};
