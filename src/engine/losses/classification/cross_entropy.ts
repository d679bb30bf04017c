import type { LossSpec, ResolvedParams, RoleName } from '../../spec';
import { list, num, optNum } from '../../spec';
import { multiclassMetrics } from '../../metrics/accuracy';
import { classTargets } from './class_targets';
import { CLASS_TARGET, LOGITS } from './roles';
import { softmaxCrossEntropy } from './softmax_ce';
import { classCount, classWeighted, ignoredRows, weightList } from './framework_rows';
import { lit, SAME, UNSUPPORTED, type FrameworkContext, type FrameworkRow } from '../../frameworks';
import { keras as kerasSrc, optax as optaxSrc, tfjs as tfjsSrc, torch as torchSrc } from '../../framework-sources';

const eps = (c: FrameworkContext): number => num(c.params, 'label_smoothing');

/** What the cross-entropy built-ins give for Loss Lab's settings (issue #15). */
const CROSS_ENTROPY_FRAMEWORKS: readonly FrameworkRow[] = [
  {
    framework: 'pytorch',
    api: 'torch.nn.CrossEntropyLoss',
    verified: 'executed',
    source: torchSrc('CrossEntropyLoss'),
    build: (c) => {
      const w = weightList(c);
      const args = [...(w ? [`weight=torch.tensor(${w})`] : []), `ignore_index=${optNum(c.params, 'ignore_index') ?? -100}`, `label_smoothing=${lit(eps(c))}`];
      return { call: `nn.CrossEntropyLoss(${args.join(', ')})(logits, target)`, reduction: 'mean', ...SAME('Loss Lab follows PyTorch: with class weights, mean divides by Σ w[y_i] over the rows not ignored.') };
    },
  },
  {
    framework: 'keras',
    api: 'keras.losses.SparseCategoricalCrossentropy',
    verified: 'transcribed',
    source: kerasSrc('SparseCategoricalCrossentropy / sparse_categorical_crossentropy'),
    build: (c) => {
      const ignore = optNum(c.params, 'ignore_index');
      const w = weightList(c);
      const call = `keras.losses.SparseCategoricalCrossentropy(from_logits=True${ignore !== null ? `, ignore_class=${ignore}` : ''})(target, logits${w ? `, sample_weight=np.asarray(${w})[target]` : ''})`;
      const base = { call, reduction: 'sum_over_batch_size' };
      if (eps(c) > 0) return { ...base, ...UNSUPPORTED('SparseCategoricalCrossentropy has no label_smoothing (CategoricalCrossentropy on one-hot targets has).') };
      if (!classWeighted(c)) return { ...base, ...SAME('Rows of ignore_class are masked out of the mean, as PyTorch ignore_index does.') };
      const valid = (c.inputs.target?.data.length ?? 0) - ignoredRows(c);
      return {
        ...base,
        relation: 'different',
        reason: 'No class weights: passed as sample_weight = w[y], Keras divides by the number of rows (not ignored), PyTorch by Σ w[y_i].',
        switches: [{ kind: 'denominator', by: 'count', count: valid }],
      };
    },
  },
  {
    framework: 'keras',
    api: 'keras.losses.CategoricalCrossentropy',
    verified: 'transcribed',
    source: kerasSrc('CategoricalCrossentropy / categorical_crossentropy'),
    build: (c) => {
      const w = weightList(c);
      const call = `keras.losses.CategoricalCrossentropy(from_logits=True, label_smoothing=${lit(eps(c))})(keras.ops.one_hot(target, ${classCount(c)}), logits${w ? `, sample_weight=np.asarray(${w})[target]` : ''})`;
      const base = { call, reduction: 'sum_over_batch_size' };
      if (ignoredRows(c) > 0) return { ...base, ...UNSUPPORTED('CategoricalCrossentropy has no ignore_class, and these data have ignored rows.') };
      if (!classWeighted(c)) return { ...base, ...SAME('Label smoothing mixes (1 − ε) one-hot with ε / C, as PyTorch; mean over N.') };
      if (eps(c) > 0) return { ...base, ...UNSUPPORTED('PyTorch weights each class of the smoothing term by w_c; the Keras sample_weight = w[y] scales the whole row: no Keras equivalent.') };
      return { ...base, relation: 'different', reason: 'No class weights: passed as sample_weight = w[y], Keras divides by N, PyTorch by Σ w[y_i].', switches: [{ kind: 'denominator', by: 'units' }] };
    },
  },
  {
    framework: 'tfjs',
    api: 'tf.losses.softmaxCrossEntropy',
    verified: 'executed',
    source: tfjsSrc('softmax_cross_entropy', 'softmaxCrossEntropy'),
    build: (c) => {
      const w = weightList(c);
      const wArg = w ? `tf.gather(tf.tensor1d(${w}), tf.cast(target, 'int32'))` : 'undefined';
      const call = `tf.losses.softmaxCrossEntropy(tf.oneHot(tf.cast(target, 'int32'), ${classCount(c)}), logits, ${wArg}, ${lit(eps(c))})`;
      const base = { call, reduction: 'SUM_BY_NONZERO_WEIGHTS' };
      if (ignoredRows(c) > 0) return { ...base, ...UNSUPPORTED('tf.losses has no ignore index, and these data have ignored rows.') };
      if (!classWeighted(c)) return { ...base, ...SAME('Label smoothing mixes (1 − ε) one-hot with ε / C, as PyTorch; mean over N.') };
      if (eps(c) > 0) return { ...base, ...UNSUPPORTED('PyTorch weights each class of the smoothing term by w_c; a per-row weight w[y] scales the whole row: no tf.losses equivalent.') };
      return { ...base, relation: 'different', reason: 'Class weights as per-row weights w[y]: tf.losses divides by the count of non-zero weights, PyTorch by Σ w[y_i].', switches: [{ kind: 'denominator', by: 'nonzeroWeights' }] };
    },
  },
  {
    framework: 'optax',
    api: 'optax.softmax_cross_entropy_with_integer_labels',
    verified: 'transcribed',
    source: optaxSrc('classification', 'softmax_cross_entropy_with_integer_labels'),
    build: (c) => {
      const w = weightList(c);
      const per = 'optax.softmax_cross_entropy_with_integer_labels(logits, target)';
      const call = `jnp.mean(${w ? `jnp.asarray(${w})[target] * ${per}` : per})`;
      const base = { call, reduction: 'none (per element)' };
      if (ignoredRows(c) > 0) return { ...base, ...UNSUPPORTED('optax has no ignore index (`where` masks classes, not rows), and these data have ignored rows.') };
      if (eps(c) > 0) return { ...base, ...UNSUPPORTED('No label smoothing here: optax.softmax_cross_entropy(logits, optax.smooth_labels(one_hot, ε)) is the PyTorch ε / C smoothing (without class weights).') };
      if (!classWeighted(c)) return { ...base, ...SAME('Per-row losses; their mean over N is the Loss Lab value.') };
      return { ...base, relation: 'different', reason: 'Class weights as per-row weights w[y], averaged over N; PyTorch divides by Σ w[y_i].', switches: [{ kind: 'denominator', by: 'units' }] };
    },
  },
];


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
  frameworks: CROSS_ENTROPY_FRAMEWORKS,
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
