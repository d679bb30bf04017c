import type { LossSpec, ResolvedParams, RoleName } from '../../spec';
import { list, num, optNum } from '../../spec';
import { multiclassMetrics } from '../../metrics/accuracy';
import { classTargets } from './class_targets';
import { CLASS_TARGET, LOGITS } from './roles';
import { softmaxCrossEntropy } from './softmax_ce';

/** Class weights must come one per logits column; shared with focal. */
export function checkClassWeights(id: string, p: ResolvedParams, cols: Readonly<Partial<Record<RoleName, number>>>): string | null {
  const w = list(p, 'weight');
  const C = cols.logits;
  if (w && C !== undefined && w.length !== C) {
    return `${id}: parameter weight has ${w.length} value${w.length === 1 ? '' : 's'} but the logits have ${C} columns (one weight per class)`;
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
};
