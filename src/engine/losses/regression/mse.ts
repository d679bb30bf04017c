import { tf } from '../../backend';
import type { LossSpec } from '../../spec';
import { PREDICTION, TARGET, WEIGHT } from './roles';
import { FACTOR, kerasRow, kerasWeightSumRow, optaxRow, torchRow, tfjsRow } from './framework_rows';

/** Mean squared error, `torch.nn.MSELoss`. */
export const mse: LossSpec = {
  id: 'mse',
  family: 'regression',
  title: 'Mean squared error (L2)',
  doc:
    'Squared difference between prediction and target. The maximum-likelihood loss under Gaussian noise: ' +
    'it punishes large residuals quadratically, so a few outliers can dominate the mean and its gradient.',
  formula: 'l_i = (ŷ_i − y_i)²;  mean: Σ w_i l_i / N',
  tex: String.raw`\begin{aligned} l_i &= (\hat y_i - y_i)^2 \\ \text{mean} &= \tfrac{1}{N} \textstyle\sum_i w_i\, l_i \end{aligned}`,
  reference: 'torch.nn.MSELoss',
  convention: 'With per-sample weights, mean = Σ w_i l_i / N (Keras convention), not divided by Σ w_i.',
  roles: [PREDICTION, TARGET, WEIGHT],
  params: [],
  reductions: ['mean', 'sum', 'none'],
  defaultReduction: 'mean',
  unit: 'row',
  batching: 'rows',
  compute: (b) => ({ values: tf.squaredDifference(b.t.prediction!, b.t.target!) as tf.Tensor1D }),
  frameworks: [
    torchRow('MSELoss', () => ''),
    kerasRow('MeanSquaredError', 'MeanSquaredError', () => ''),
    kerasWeightSumRow('MeanSquaredError', 'MeanSquaredError', () => ''),
    tfjsRow('meanSquaredError', 'mean_squared_error', () => ''),
    optaxRow('squared_error', () => ''),
    optaxRow('l2_loss', () => '', () => FACTOR(0.5, 'optax.l2_loss is half the squared error: 0.5 (ŷ − y)².')),
  ],
  code: {
    pytorch: () => ({ kind: 'builtin', callee: 'nn.MSELoss', args: [] }),
    keras: () => ({ kind: 'builtin', callee: 'keras.losses.MeanSquaredError', args: [] }),
    jax: () => ({
      kind: 'perUnit',
      note: 'optax.l2_loss is 0.5 * squared_error; this is the PyTorch MSE, without the 0.5.',
      body: 'loss = optax.squared_error(prediction, target)',
    }),
    tfjs: () => ({ kind: 'tfjsLoss', call: (w, r) => `tf.losses.meanSquaredError(target, prediction, ${w}, ${r})` }),
  },
};
