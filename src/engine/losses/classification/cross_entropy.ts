import type { LossSpec, ResolvedParams, RoleName } from '../../spec';
import { list, num, optNum } from '../../spec';
import { multiclassMetrics } from '../../metrics/accuracy';
import { classTargets } from './class_targets';
import { CLASS_TARGET, LOGITS } from './roles';
import { softmaxCrossEntropy } from './softmax_ce';

/** Class weights must come one per logits column; shared with focal. */
export function checkClassWeights(id: string, p: ResolvedParams, cols: Readonly<Partial<Record<RoleName, number>>>): { message: string; param: string } | null {
  const w = list(p, 'weight');
  const C = cols.logits;
  if (w && C !== undefined && w.length !== C) {
    return { param: 'weight', message: `${id}: parameter weight has ${w.length} value${w.length === 1 ? '' : 's'} but the logits have ${C} columns (one weight per class)` };
  }
  return null;
}

/** Softmax cross-entropy, `torch.nn.CrossEntropyLoss(weight, ignore_index, label_smoothing)`. */
export const crossEntropy: LossSpec = {
  id: 'cross_entropy',
  family: 'classification',
  title: 'Cross-entropy (softmax)',
  doc:
    'Negative log-likelihood of the true class under the softmax of the logits: the standard multi-class ' +
    'classification loss. Class weights rescale each class (for imbalanced data), label smoothing mixes ' +
    'the one-hot target with the uniform distribution (a regulariser against over-confident logits), and ' +
    'rows whose target equals ignore_index (e.g. padding) count neither in the sum nor in the mean.',
  formula:
    'p_i = softmax(z_i);  l_i = (1 − ε) w_{y_i} (−log p_{i,y_i}) + (ε / C) Σ_c w_c (−log p_{ic});  ' +
    'mean: Σ l_i / Σ w_{y_i} over rows with y_i ≠ ignore_index',
  tex: String.raw`\begin{aligned} p_i &= \operatorname{softmax}(z_i) \\ l_i &= (1 - \varepsilon)\, w_{y_i} (-\log p_{i, y_i}) \\ &\quad + \tfrac{\varepsilon}{C} \textstyle\sum_c w_c (-\log p_{ic}) \\ \text{mean} &= \textstyle\sum_i l_i / \sum_i w_{y_i} \\ &\quad \text{over } y_i \ne \text{ignore\_index} \end{aligned}`,
  reference: 'torch.nn.CrossEntropyLoss',
  convention:
    'PyTorch: with class weights, mean divides by the sum of the target classes\' weights, not by N ' +
    '(tf.losses divides by the count of non-zero weights, Keras by N); ignored rows are 0 in `none` and ' +
    'left out of both sums; the smoothing term is weighted by w_c and shares the same denominator. ' +
    'Mean over rows that are all ignored is NaN, as in PyTorch.',
  roles: [LOGITS, CLASS_TARGET],
  params: [
    {
      name: 'weight',
      kind: 'numberList',
      default: null,
      min: 0,
      max: Infinity,
      doc: 'one weight per class (comma-separated, C values); none = all 1',
    },
    {
      name: 'label_smoothing',
      kind: 'number',
      default: 0,
      min: 0,
      max: 1,
      ui: { min: 0, max: 0.5, step: 0.01 },
      sweep: true,
      doc: 'ε: the target becomes (1 − ε) one-hot + ε / C uniform',
    },
    {
      name: 'ignore_index',
      kind: 'integer',
      default: -100,
      min: -2147483648,
      max: 2147483647,
      doc: 'rows whose target equals this value are ignored',
    },
  ],
  check: (p, cols) => checkClassWeights('cross_entropy', p, cols),
  reductions: ['mean', 'sum', 'none'],
  defaultReduction: 'mean',
  unit: 'row',
  batching: 'rows',
  compute: (b, p) => {
    const targets = classTargets(b.host.target!, b.cols.logits!, {
      classWeights: list(p, 'weight'),
      labelSmoothing: num(p, 'label_smoothing'),
      ignoreIndex: optNum(p, 'ignore_index'),
    });
    return { values: softmaxCrossEntropy(b.t.logits!, b.host.logits!, targets), weights: targets.norm };
  },
  metrics: multiclassMetrics,
  code: {
    pytorch: (c) => ({
      kind: 'builtin',
      callee: 'nn.CrossEntropyLoss',
      args: [
        ['weight', c.p('weight')],
        ['ignore_index', c.p('ignore_index')],
        ['label_smoothing', c.p('label_smoothing')],
      ],
      note: 'PyTorch: with class weights, mean divides by the sum of the target classes\' weights (not by N); ignored rows count nowhere.',
    }),
    keras: (c) =>
      c.params.weight === null && c.params.label_smoothing === 0
        ? {
            kind: 'builtin',
            callee: 'keras.losses.SparseCategoricalCrossentropy',
            args: [
              ['from_logits', 'True'],
              ['ignore_class', c.p('ignore_index')],
            ],
            note: 'Rows whose target is ignore_class count neither in the sum nor in the mean, as in PyTorch.',
          }
        : {
            kind: 'perUnit',
            note:
              'PyTorch\'s weighted mean (Σ l_i / Σ w[y_i]) and class-weighted label smoothing have no Keras built-in ' +
              '(SparseCategoricalCrossentropy has neither, and Keras divides by N): written with keras.ops.',
            body: [
              't = ops.cast(ops.reshape(target, (-1,)), "int32")',
              `valid = ops.cast(ops.not_equal(t, ${c.v('ignore_index')}), logits.dtype)`,
              't = ops.where(valid > 0, t, 0)',
              'num_classes = ops.shape(logits)[-1]',
              `w = ops.ones((num_classes,), dtype=logits.dtype) if ${c.v('weight')} is None else ops.convert_to_tensor(${c.v('weight')}, dtype=logits.dtype)`,
              'logp = ops.log_softmax(logits, axis=-1)',
              'w_t = ops.take(w, t) * valid',
              'nll = -ops.take_along_axis(logp, t[:, None], axis=-1)[:, 0]',
              'smooth = -ops.sum(logp * w, axis=-1) * valid',
              `loss = (1 - ${c.v('label_smoothing')}) * w_t * nll + ${c.v('label_smoothing')} / num_classes * smooth`,
            ].join('\n'),
            normalizer: 'ops.sum(w_t)',
          },
    jax: (c) => ({
      kind: 'perUnit',
      note: 'PyTorch CrossEntropyLoss: with class weights, mean divides by Σ w[y_i] (not by N); rows with target == ignore_index count nowhere.',
      body: [
        `valid = target != ${c.v('ignore_index')}`,
        't = jnp.where(valid, target, 0)',
        'num_classes = logits.shape[-1]',
        `w = jnp.ones(num_classes) if ${c.v('weight')} is None else jnp.asarray(${c.v('weight')})`,
        'logp = jax.nn.log_softmax(logits, axis=-1)',
        'w_t = w[t] * valid',
        'nll = optax.softmax_cross_entropy_with_integer_labels(logits, t)',
        'smooth = -jnp.sum(logp * w, axis=-1) * valid',
        `loss = (1 - ${c.v('label_smoothing')}) * w_t * nll + ${c.v('label_smoothing')} / num_classes * smooth`,
      ].join('\n'),
      normalizer: 'jnp.sum(w_t)',
    }),
    tfjs: (c) => ({
      kind: 'perUnit',
      note:
        'PyTorch CrossEntropyLoss: with class weights, mean divides by Σ w[y_i] (tf.losses divides by the count of ' +
        'non-zero weights); rows with target == ignore_index count nowhere.',
      body: [
        'const numClasses = logits.shape[1];',
        `const valid = tf.cast(tf.notEqual(target, ${c.v('ignore_index')}), 'float32');`,
        "const t = tf.cast(tf.mul(target, valid), 'int32');",
        `const w = ${c.v('weight')} === null ? tf.ones([numClasses]) : tf.tensor1d(${c.v('weight')});`,
        'const logp = tf.logSoftmax(logits);',
        'const wT = tf.mul(tf.gather(w, t), valid);',
        'const nll = tf.neg(tf.sum(tf.mul(tf.oneHot(t, numClasses), logp), 1));',
        'const smooth = tf.mul(tf.neg(tf.sum(tf.mul(logp, w), 1)), valid);',
        `const loss = tf.add(tf.mul(tf.mul(wT, nll), 1 - ${c.v('label_smoothing')}), tf.mul(smooth, ${c.v('label_smoothing')} / numClasses));`,
      ].join('\n'),
      normalizer: 'tf.sum(wT)',
    }),
  },
};
