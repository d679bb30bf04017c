import { tf } from '../../backend';
import type { LossSpec } from '../../spec';
import { list, num } from '../../spec';
import { multiclassMetrics } from '../../metrics/accuracy';
import { classTargets } from './class_targets';
import { checkClassWeights } from './cross_entropy';
import { CLASS_TARGET, LOGITS } from './roles';
import { softmaxCrossEntropy } from './softmax_ce';

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
};
