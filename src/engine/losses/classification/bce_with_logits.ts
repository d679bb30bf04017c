import { tf } from '../../backend';
import type { LossSpec } from '../../spec';
import { num } from '../../spec';
import { softplus } from '../../stable';
import { binaryMetrics } from '../../metrics/accuracy';
import { BINARY_TARGET, LOGIT, SAMPLE_WEIGHT } from './roles';
import { KERAS_COLUMN_NOTE } from '../../templates/template-notes';
import { hasZeroWeight, lit, SAME, UNSUPPORTED, type FrameworkRow } from '../../frameworks';
import { keras as kerasSrc, optax as optaxSrc, tfjs as tfjsSrc, torch as torchSrc } from '../../framework-sources';
import { KERAS_EPSILON } from '../../conventions';

const NO_POS_WEIGHT = (api: string): string => `${api} has no pos_weight (the weight of the positive term).`;

/** What the binary cross-entropy built-ins give for Loss Lab's settings (issue #15). */
const BCE_FRAMEWORKS: readonly FrameworkRow[] = [
  {
    framework: 'pytorch',
    api: 'torch.nn.BCEWithLogitsLoss',
    verified: 'executed',
    source: torchSrc('BCEWithLogitsLoss'),
    build: (c) => ({
      call: `nn.BCEWithLogitsLoss(${c.weighted ? 'weight=weight, ' : ''}pos_weight=torch.tensor(${lit(num(c.params, 'pos_weight'))}))(logit, target)`,
      reduction: 'mean',
      ...SAME(c.weighted ? 'weight= multiplies each row and mean divides by N, as Loss Lab.' : 'The mean over the N rows, as Loss Lab.'),
    }),
  },
  {
    framework: 'keras',
    api: 'keras.losses.BinaryCrossentropy(from_logits=True)',
    verified: 'transcribed',
    source: kerasSrc('BinaryCrossentropy / binary_crossentropy'),
    build: (c) => {
      const call = `keras.losses.BinaryCrossentropy(from_logits=True)(target[:, None], logit[:, None]${c.weighted ? ', sample_weight=weight' : ''})`;
      if (num(c.params, 'pos_weight') !== 1) return { call, reduction: 'sum_over_batch_size', ...UNSUPPORTED(NO_POS_WEIGHT('BinaryCrossentropy')) };
      return { call, reduction: 'sum_over_batch_size', ...SAME(c.weighted ? 'sample_weight multiplies each row and sum_over_batch_size divides by N, as Loss Lab.' : 'Exact on logits (no clipping), mean over N.') };
    },
  },
  {
    framework: 'keras',
    api: 'keras.losses.BinaryCrossentropy()',
    verified: 'transcribed',
    source: kerasSrc('BinaryCrossentropy / binary_crossentropy'),
    build: (c) => {
      const call = `keras.losses.BinaryCrossentropy()(target[:, None], logit[:, None]${c.weighted ? ', sample_weight=weight' : ''})`;
      if (num(c.params, 'pos_weight') !== 1) return { call, reduction: 'sum_over_batch_size', ...UNSUPPORTED(NO_POS_WEIGHT('BinaryCrossentropy')) };
      return {
        call,
        reduction: 'sum_over_batch_size',
        relation: 'different',
        reason: 'from_logits=False by default: the logits are read as probabilities, clipped to [1e-7, 1 − 1e-7]; pass from_logits=True.',
        switches: [{ kind: 'readAsProbabilities', role: 'logit', epsilon: KERAS_EPSILON }],
      };
    },
  },
  {
    framework: 'tfjs',
    api: 'tf.losses.sigmoidCrossEntropy',
    verified: 'executed',
    source: tfjsSrc('sigmoid_cross_entropy', 'sigmoidCrossEntropy'),
    build: (c) => {
      const call = `tf.losses.sigmoidCrossEntropy(target, logit${c.weighted ? ', weight' : ''})`;
      const base = { call, reduction: 'SUM_BY_NONZERO_WEIGHTS' };
      if (num(c.params, 'pos_weight') !== 1) return { ...base, ...UNSUPPORTED(NO_POS_WEIGHT('tf.losses.sigmoidCrossEntropy')) };
      if (!c.weighted) return { ...base, ...SAME('The mean over the N rows, as Loss Lab.') };
      const by = { kind: 'denominator' as const, by: 'nonzeroWeights' as const };
      return hasZeroWeight(c.inputs)
        ? { ...base, relation: 'different', reason: 'Divides the weighted sum by the count of non-zero weights, not by N: rows of weight 0 leave the denominator.', switches: [by] }
        : { ...base, relation: 'same', reason: 'Divides by the count of non-zero weights, which here is N (no weight is 0).', switches: [by] };
    },
  },
  {
    framework: 'optax',
    api: 'optax.sigmoid_binary_cross_entropy',
    verified: 'transcribed',
    source: optaxSrc('classification', 'sigmoid_binary_cross_entropy'),
    build: (c) => {
      const per = 'optax.sigmoid_binary_cross_entropy(logit, target)';
      const call = `jnp.mean(${c.weighted ? `weight * ${per}` : per})`;
      if (num(c.params, 'pos_weight') !== 1) return { call, reduction: 'none (per element)', ...UNSUPPORTED(NO_POS_WEIGHT('optax.sigmoid_binary_cross_entropy')) };
      return { call, reduction: 'none (per element)', ...SAME('Exact per-element losses; their mean over N is the Loss Lab value.') };
    },
  },
];

/** Binary cross-entropy on logits, `torch.nn.BCEWithLogitsLoss(pos_weight)`. */
export const bceWithLogits: LossSpec = {
  id: 'bce_with_logits',
  family: 'classification',
  title: 'Binary cross-entropy with logits',
  doc:
    'Negative log-likelihood of a 0/1 label under the sigmoid of one logit: the standard loss for binary ' +
    'and multi-label classification. Taking the logit rather than a probability lets it use the stable ' +
    'form log σ(z) = −softplus(−z), finite for any logit. pos_weight > 1 raises the cost of missed ' +
    'positives (recall), < 1 lowers it.',
  formula:
    'l_i = −[p_w y_i log σ(z_i) + (1 − y_i) log(1 − σ(z_i))] = p_w y_i softplus(−z_i) + (1 − y_i) softplus(z_i);  ' +
    'mean: Σ w_i l_i / N',
  tex: String.raw`\begin{aligned} l_i &= -p_w\, y_i \log \sigma(z_i) \\ &\quad - (1 - y_i) \log(1 - \sigma(z_i)) \\ &= p_w\, y_i \operatorname{softplus}(-z_i) \\ &\quad + (1 - y_i) \operatorname{softplus}(z_i) \\ \text{mean} &= \tfrac{1}{N} \textstyle\sum_i w_i\, l_i \end{aligned}`,
  reference: 'torch.nn.BCEWithLogitsLoss',
  convention:
    'pos_weight multiplies the positive term only (PyTorch). Per-sample weights are PyTorch\'s `weight` ' +
    'argument: mean = Σ w_i l_i / N, not divided by Σ w_i.',
  roles: [LOGIT, BINARY_TARGET, SAMPLE_WEIGHT],
  params: [
    {
      name: 'pos_weight',
      kind: 'number',
      default: 1,
      min: 0,
      max: Infinity,
      ui: { min: 0, max: 10, step: 0.1 },
      sweep: true,
      doc: 'weight of the positive (y = 1) term; e.g. #negatives / #positives for imbalanced data',
    },
  ],
  reductions: ['mean', 'sum', 'none'],
  defaultReduction: 'mean',
  unit: 'row',
  batching: 'rows',
  compute: (b, p) => {
    const y = b.t.target!;
    const z = b.t.logit!;
    // Two softplus rather than PyTorch's (1 − y) z + (1 + (p_w − 1) y) softplus(−z): the same value
    // without the cancellation z + softplus(−z) when z ≪ 0, and each softplus has the right
    // gradient at z = 0 (0.5 and −0.5; see stable.ts).
    const positive = tf.mul(tf.mul(y, num(p, 'pos_weight')), softplus(tf.neg(z)));
    const negative = tf.mul(tf.sub(1, y), softplus(z));
    return { values: tf.add(positive, negative) as tf.Tensor1D };
  },
  metrics: binaryMetrics,
  frameworks: BCE_FRAMEWORKS,
  code: {
    className: 'BCEWithLogitsLoss',
    pytorch: (c) => ({
      kind: 'builtin',
      callee: 'nn.BCEWithLogitsLoss',
      args: [['pos_weight', `torch.tensor(${c.p('pos_weight')})`]],
    }),
    keras: (c) =>
      c.params.pos_weight === 1
        ? { kind: 'builtin', callee: 'keras.losses.BinaryCrossentropy', args: [['from_logits', 'True']], note: KERAS_COLUMN_NOTE }
        : {
            kind: 'perUnit',
            note: 'Keras BinaryCrossentropy has no pos_weight (PyTorch\'s weight of the positive term). ' + KERAS_COLUMN_NOTE,
            body: `loss = ops.mean(${c.v('pos_weight')} * target * ops.softplus(-logit) + (1 - target) * ops.softplus(logit), axis=-1)`,
          },
    jax: (c) =>
      c.params.pos_weight === 1
        ? { kind: 'perUnit', body: 'loss = optax.sigmoid_binary_cross_entropy(logit, target)' }
        : {
            kind: 'perUnit',
            note: 'optax.sigmoid_binary_cross_entropy has no pos_weight (PyTorch\'s weight of the positive term).',
            body: `loss = ${c.v('pos_weight')} * target * jax.nn.softplus(-logit) + (1 - target) * jax.nn.softplus(logit)`,
          },
    tfjs: (c) =>
      c.params.pos_weight === 1
        ? { kind: 'tfjsLoss', call: (w, r) => `tf.losses.sigmoidCrossEntropy(target, logit, ${w}, 0, ${r})` }
        : {
            kind: 'perUnit',
            note: 'tf.losses.sigmoidCrossEntropy has no pos_weight (PyTorch\'s weight of the positive term).',
            body: `const loss = tf.add(tf.mul(tf.mul(target, ${c.v('pos_weight')}), tf.softplus(tf.neg(logit))), tf.mul(tf.sub(1, target), tf.softplus(logit)));`,
          },
  },
};
