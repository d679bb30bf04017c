import { tf } from '../../backend';
import type { LossSpec } from '../../spec';
import { num } from '../../spec';
import { PREDICTION, TARGET, WEIGHT } from './roles';
import { KERAS_COLUMN_NOTE } from '../../templates/template-notes';

/** Quantile (pinball) loss. */
export const quantile: LossSpec = {
  id: 'quantile',
  family: 'regression',
  title: 'Quantile (pinball)',
  doc:
    'Asymmetric absolute error whose minimiser is the q-th quantile of the target rather than its mean or ' +
    'median: under-predictions cost q per unit, over-predictions 1 − q. Used for prediction intervals ' +
    '(q = 0.1 and 0.9) and quantile regression; q = 0.5 is half the L1 loss.',
  formula: 'r_i = y_i − ŷ_i;  l_i = max(q r_i, (q − 1) r_i);  mean: Σ w_i l_i / N',
  tex: String.raw`\begin{aligned} r_i &= y_i - \hat y_i \\ l_i &= \max(q\, r_i,\ (q - 1)\, r_i) \\ \text{mean} &= \tfrac{1}{N} \textstyle\sum_i w_i\, l_i \end{aligned}`,
  reference: 'pinball loss max(q r, (q − 1) r), r = target − prediction, as written with torch.maximum',
  convention:
    'r = target − prediction, so q > 0.5 penalises under-prediction more. At a tie (r = 0) the gradient ' +
    'is that of torch.maximum, which splits it evenly: ∂l/∂ŷ = 0.5 − q. With per-sample weights, ' +
    'mean = Σ w_i l_i / N (Keras convention), not divided by Σ w_i.',
  roles: [PREDICTION, TARGET, WEIGHT],
  params: [
    {
      name: 'q',
      kind: 'number',
      default: 0.5,
      min: 0,
      minExclusive: true,
      max: 1,
      maxExclusive: true,
      ui: { min: 0.01, max: 0.99, step: 0.01 },
      sweep: true,
      doc: 'the quantile to estimate, in (0, 1)',
    },
  ],
  reductions: ['mean', 'sum', 'none'],
  defaultReduction: 'mean',
  unit: 'row',
  batching: 'rows',
  compute: (b, p) => {
    const q = num(p, 'q');
    const r = tf.sub(b.t.target!, b.t.prediction!);
    // Exact branch values; the r = 0 branch carries the tie gradient of torch.maximum (half of each
    // side's slope: q − 0.5 in r), which neither tf.maximum (all to one side) nor a single where gives.
    // Comparisons are written with greaterEqual, the only one tfjs can differentiate (to zero):
    // r > 0 is !(0 >= r) and r < 0 is !(r >= 0).
    const tie = tf.mul(r, q - 0.5);
    const notPositive = tf.where(tf.greaterEqual(r, 0), tie, tf.mul(r, q - 1));
    const values = tf.where(tf.greaterEqual(0, r), notPositive, tf.mul(r, q));
    return { values: values as tf.Tensor1D };
  },
  code: {
    pytorch: (c) => ({
      kind: 'perUnit',
      note: 'r = target - prediction: q > 0.5 penalises under-prediction more.',
      body: ['r = target - prediction', `loss = torch.maximum(${c.v('q')} * r, (${c.v('q')} - 1) * r)`].join('\n'),
    }),
    keras: (c) => ({
      kind: 'perUnit',
      note: 'r = target - prediction: q > 0.5 penalises under-prediction more. ' + KERAS_COLUMN_NOTE,
      body: ['r = target - prediction', `loss = ops.mean(ops.maximum(${c.v('q')} * r, (${c.v('q')} - 1) * r), axis=-1)`].join('\n'),
    }),
    jax: (c) => ({
      kind: 'perUnit',
      note: 'r = target - prediction: q > 0.5 penalises under-prediction more.',
      body: ['r = target - prediction', `loss = jnp.maximum(${c.v('q')} * r, (${c.v('q')} - 1) * r)`].join('\n'),
    }),
    tfjs: (c) => ({
      kind: 'perUnit',
      note:
        'r = target - prediction; max(q r, (q - 1) r) = (q - 0.5) r + 0.5 |r|, with |r| = r * sign(r): at r = 0 the ' +
        'gradient is split as torch.maximum splits it, and no comparison op (which tfjs cannot differentiate) is on the tape.',
      body: ['const r = tf.sub(target, prediction);', `const loss = tf.add(tf.mul(r, ${c.v('q')} - 0.5), tf.mul(tf.mul(r, tf.sign(r)), 0.5));`].join('\n'),
    }),
  },
};
