import { tf } from '../../backend';
import type { LossSpec } from '../../spec';
import { list, num } from '../../spec';
import { multiclassMetrics } from '../../metrics/accuracy';
import { classTargets } from './class_targets';
import { checkClassWeights } from './cross_entropy';
import { CLASS_TARGET, LOGITS } from './roles';
import { softmaxCrossEntropy } from './softmax_ce';
import { classCount, classWeighted, KERAS_CLIP } from './framework_rows';
import { lit, torchNone, UNSUPPORTED, type FrameworkRow } from '../../frameworks';
import { keras as kerasSrc } from '../../framework-sources';
import { KERAS_EPSILON } from '../../conventions';

/**
 * m^γ for m in [0, 1], finite with a finite gradient everywhere: at m = 0 the value is 0 and the
 * gradient 0 (PyTorch's pow gives NaN there for 0 < γ < 1: 0 · ∞). γ = 1 and 2 use plain ops.
 */
export function modulatingFactor(m: tf.Tensor, gamma: number): tf.Tensor {
  if (gamma === 1) return m;
  if (gamma === 2) return tf.square(m);
  // m <= 0 as 0 >= m: GreaterEqual is the comparison tfjs can differentiate (to zero).
  const zero = tf.greaterEqual(0, m);
  const safe = tf.where(zero, tf.onesLike(m), m);
  return tf.where(zero, tf.zerosLike(m), tf.pow(safe, tf.scalar(gamma)));
}

/** What the focal built-ins give for Loss Lab's settings (issue #15). */
const FOCAL_FRAMEWORKS: readonly FrameworkRow[] = [
  torchNone('multi-class focal'),
  ...[0.25, 1].map((alpha): FrameworkRow => ({
    framework: 'keras',
    api: alpha === 0.25 ? 'keras.losses.CategoricalFocalCrossentropy' : 'keras.losses.CategoricalFocalCrossentropy(alpha=1.0)',
    verified: 'transcribed',
    source: kerasSrc('CategoricalFocalCrossentropy / categorical_focal_crossentropy'),
    build: (c) => {
      const call = `keras.losses.CategoricalFocalCrossentropy(${alpha === 1 ? 'alpha=1.0, ' : ''}gamma=${lit(num(c.params, 'gamma'))}, from_logits=True)(keras.ops.one_hot(target, ${classCount(c)}), logits)`;
      const base = { call, reduction: 'sum_over_batch_size' };
      if (classWeighted(c)) return { ...base, ...UNSUPPORTED('Keras has no class weight inside ce (its per-class alpha multiplies the focal term, not ce before p_t = exp(−ce)).') };
      const clip = { kind: 'clipProbabilities' as const, role: 'logits' as const, epsilon: KERAS_EPSILON };
      if (alpha === 1) {
        return { ...base, relation: 'same', reason: `With alpha = 1 the same formula, except that Keras reads ${KERAS_CLIP} even from logits (rows with p_y < 1e-7 cap at 16.12).`, switches: [clip] };
      }
      return {
        ...base,
        relation: 'factor',
        factor: alpha,
        reason: `alpha = 0.25 by default multiplies every class term, so the loss is 0.25 × Loss Lab's (with ${KERAS_CLIP}).`,
        switches: [clip, { kind: 'factor', factor: alpha }],
      };
    },
  })),
];

/** Multi-class focal loss on top of (class-weighted) softmax cross-entropy. */
export const focal: LossSpec = {
  id: 'focal',
  family: 'classification',
  title: 'Focal loss (multi-class)',
  doc:
    'Cross-entropy scaled down by (1 − p_t)^γ, where p_t = exp(−ce) is the model\'s probability of the ' +
    'true class: well-classified rows (p_t near 1) contribute almost nothing, so training concentrates ' +
    'on the hard ones (Lin et al., 2017, written for dense detection with many easy negatives). γ = 0 is ' +
    'cross-entropy. This is the common PyTorch recipe built on F.cross_entropy(reduction=\'none\', weight=w).',
  formula: 'ce_i = −w_{y_i} log softmax(z_i)_{y_i};  p_t = exp(−ce_i);  l_i = (1 − p_t)^γ ce_i;  mean: Σ l_i / N',
  tex: String.raw`\begin{aligned} \mathrm{ce}_i &= -w_{y_i} \log \operatorname{softmax}(z_i)_{y_i} \\ p_t &= e^{-\mathrm{ce}_i} \\ l_i &= (1 - p_t)^{\gamma}\, \mathrm{ce}_i \\ \text{mean} &= \tfrac{1}{N} \textstyle\sum_i l_i \end{aligned}`,
  reference: "(1 − exp(−ce))^γ · ce with ce = F.cross_entropy(z, y, weight=w, reduction='none')",
  convention:
    'Plain mean over all N rows, even with class weights (unlike cross_entropy, which divides by Σ w_{y_i}). ' +
    'Because class weights enter ce before p_t = exp(−ce), with weights p_t is p^{w_y}, as in the recipe. ' +
    '1 − p_t is computed as −expm1(−ce), which is exact for small ce.',
  roles: [LOGITS, CLASS_TARGET],
  params: [
    {
      name: 'gamma',
      kind: 'number',
      default: 2,
      min: 0,
      max: Infinity,
      ui: { min: 0, max: 5, step: 0.1 },
      sweep: true,
      doc: 'focusing exponent γ; 0 gives cross-entropy, larger values ignore easy rows more',
    },
    {
      name: 'weight',
      kind: 'numberList',
      default: null,
      min: 0,
      max: Infinity,
      doc: 'one weight per class (comma-separated, C values), inside ce; none = all 1',
    },
  ],
  check: (p, cols) => checkClassWeights('focal', p, cols),
  reductions: ['mean', 'sum', 'none'],
  defaultReduction: 'mean',
  unit: 'row',
  batching: 'rows',
  compute: (b, p) => {
    const gamma = num(p, 'gamma');
    const targets = classTargets(b.host.target!, b.cols.logits!, { classWeights: list(p, 'weight'), labelSmoothing: 0, ignoreIndex: null });
    const ce = softmaxCrossEntropy(b.t.logits!, b.host.logits!, targets);
    if (gamma === 0) return { values: ce };
    const oneMinusPt = tf.neg(tf.expm1(tf.neg(ce)));
    return { values: tf.mul(modulatingFactor(oneMinusPt, gamma), ce) as tf.Tensor1D };
  },
  metrics: multiclassMetrics,
  frameworks: FOCAL_FRAMEWORKS,
  code: {
    pytorch: (c) => ({
      kind: 'perUnit',
      note: 'Class weights enter ce before p_t = exp(-ce) (the common recipe); mean is a plain mean over N rows.',
      body: [
        `ce = F.cross_entropy(logits, target, weight=${c.v('weight')}, reduction="none")`,
        'pt = torch.exp(-ce)',
        `loss = (1 - pt) ** ${c.v('gamma')} * ce`,
      ].join('\n'),
    }),
    keras: (c) => ({
      kind: 'perUnit',
      note:
        'keras.losses.CategoricalFocalCrossentropy(alpha=1.0, gamma, from_logits=True) is close without class weights but ' +
        'clips probabilities to [1e-7, 1 - 1e-7]; this follows the PyTorch recipe (class weights inside ce, mean over N).',
      body: [
        't = ops.cast(ops.reshape(target, (-1,)), "int32")',
        'ce = -ops.take_along_axis(ops.log_softmax(logits, axis=-1), t[:, None], axis=-1)[:, 0]',
        `if ${c.v('weight')} is not None:`,
        `    ce = ce * ops.take(ops.convert_to_tensor(${c.v('weight')}, dtype=logits.dtype), t)`,
        `loss = ops.power(-ops.expm1(-ce), ${c.v('gamma')}) * ce`,
      ].join('\n'),
    }),
    jax: (c) => ({
      kind: 'perUnit',
      note: 'Class weights enter ce before p_t = exp(-ce) (the PyTorch recipe); mean is a plain mean over N rows. 1 - p_t = -expm1(-ce).',
      body: [
        'ce = optax.softmax_cross_entropy_with_integer_labels(logits, target)',
        `if ${c.v('weight')} is not None:`,
        `    ce = ce * ${c.v('weight')}[target]`,
        `loss = (-jnp.expm1(-ce)) ** ${c.v('gamma')} * ce`,
      ].join('\n'),
    }),
    tfjs: (c) => ({
      kind: 'perUnit',
      note:
        'Class weights enter ce before p_t = exp(-ce) (the PyTorch recipe); mean over N rows. 1 - p_t = -expm1(-ce); ' +
        'gamma = 0 skips pow, whose gradient at 0 ** 0 is NaN in tfjs.',
      body: [
        'const numClasses = logits.shape[1];',
        "const t = tf.cast(target, 'int32');",
        `const w = ${c.v('weight')} === null ? tf.ones([numClasses]) : tf.tensor1d(${c.v('weight')});`,
        'const ce = tf.neg(tf.sum(tf.mul(tf.mul(tf.oneHot(t, numClasses), w), tf.logSoftmax(logits)), 1));',
        `const loss = ${c.v('gamma')} === 0 ? ce : tf.mul(tf.pow(tf.neg(tf.expm1(tf.neg(ce))), ${c.v('gamma')}), ce);`,
      ].join('\n'),
    }),
  },
};
