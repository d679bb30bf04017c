/**
 * Classification figures. Multi-class (a `logits` role): per-class counts and mean per-sample loss,
 * accuracy, the softmax probability of the true class per row (the curve view's variable), and
 * suggested class weights. Binary (one `logit`): the same with classes 0 and 1 and p = σ(z).
 */
import type { ClassificationAnalysis, ParamSuggestion } from '../../shared/results';
import type { EvalInputs, LossSpec, ResolvedParams } from '../../engine/spec';
import { EFFECTIVE_NUMBER_BETA, effectiveNumberWeights, inverseFrequencyWeights } from './class-weights';
import { rowUnits, type UnitView } from './unit-view';

export interface ClassificationFigures {
  readonly analysis: ClassificationAnalysis;
  readonly view: UnitView;
  readonly suggestions: ParamSuggestion[];
}

function classTable(classes: number, cls: ArrayLike<number>, perSample: ArrayLike<number> | undefined) {
  const counts = new Array<number>(classes).fill(0);
  const sums = new Array<number>(classes).fill(0);
  for (let i = 0; i < cls.length; i++) {
    const c = cls[i];
    if (c < 0) continue;
    counts[c]++;
    if (perSample) sums[c] += perSample[i];
  }
  return counts.map((count, index) => ({ index, count, meanLoss: count && perSample ? sums[index] / count : null }));
}

function weightSuggestions(spec: LossSpec, counts: number[], inverse: number[], effective: number[]): ParamSuggestion[] {
  if (!spec.params.some((p) => p.name === 'weight' && p.kind === 'numberList')) return [];
  const round = (w: number[]) => w.map((x) => Math.round(x * 1e4) / 1e4);
  return [
    { label: 'Inverse-frequency class weights', param: 'weight', value: round(inverse) },
    { label: `Effective-number class weights (β = ${EFFECTIVE_NUMBER_BETA})`, param: 'weight', value: round(effective) },
  ].filter(() => counts.length >= 2);
}

/** Multi-class: `perSample` is per row (row unit) or undefined. */
export function analyzeMulticlass(spec: LossSpec, inputs: EvalInputs, params: ResolvedParams, perSample?: ArrayLike<number>): ClassificationFigures {
  const { data: logits, cols: classes } = inputs.logits!;
  const target = inputs.target!.data;
  const ignore = typeof params.ignore_index === 'number' ? params.ignore_index : null;
  const n = target.length;
  const cls = new Int32Array(n);
  const pTrue = new Float64Array(n);
  let correct = 0;
  let used = 0;
  for (let i = 0; i < n; i++) {
    const t = target[i];
    if (t === ignore) {
      cls[i] = -1;
      pTrue[i] = NaN;
      continue;
    }
    cls[i] = t;
    // Stable softmax in float64: p_t = exp(z_t − max) / Σ exp(z_c − max).
    let max = -Infinity;
    let arg = 0;
    for (let c = 0; c < classes; c++) {
      const z = logits[i * classes + c];
      if (z > max) {
        max = z;
        arg = c;
      }
    }
    let denom = 0;
    for (let c = 0; c < classes; c++) denom += Math.exp(logits[i * classes + c] - max);
    pTrue[i] = Math.exp(logits[i * classes + t] - max) / denom;
    if (arg === t) correct++;
    used++;
  }
  const table = classTable(classes, cls, perSample);
  const counts = table.map((r) => r.count);
  const inverse = inverseFrequencyWeights(counts);
  const effective = effectiveNumberWeights(counts);
  return {
    analysis: {
      kind: 'classification',
      classes: table,
      weights: { inverseFrequency: inverse, effectiveNumber: effective, beta: EFFECTIVE_NUMBER_BETA },
      accuracy: used ? correct / used : null,
    },
    view: rowUnits('probability of the true class p', 'the probability of the true class p', pTrue),
    suggestions: weightSuggestions(spec, counts, inverse, effective),
  };
}

/** Binary (one logit per row, target 0/1, or a probability thresholded at 0.5 for counting). */
export function analyzeBinary(spec: LossSpec, inputs: EvalInputs, perSample?: ArrayLike<number>): ClassificationFigures {
  const z = inputs.logit!.data;
  const target = inputs.target!.data;
  const n = z.length;
  const cls = new Int32Array(n);
  const p = new Float64Array(n);
  let correct = 0;
  for (let i = 0; i < n; i++) {
    cls[i] = target[i] >= 0.5 ? 1 : 0;
    p[i] = 1 / (1 + Math.exp(-z[i]));
    if ((z[i] > 0 ? 1 : 0) === cls[i]) correct++;
  }
  const table = classTable(2, cls, perSample);
  const counts = table.map((r) => r.count);
  const inverse = inverseFrequencyWeights(counts);
  const effective = effectiveNumberWeights(counts);
  const suggestions: ParamSuggestion[] = [];
  const [neg, pos] = counts;
  if (spec.params.some((q) => q.name === 'pos_weight') && pos > 0) {
    // PyTorch's documented choice: pos_weight = #negatives / #positives.
    suggestions.push({ label: 'pos_weight = negatives / positives', param: 'pos_weight', value: Math.round((neg / pos) * 1e4) / 1e4 });
  }
  if (spec.params.some((q) => q.name === 'alpha') && n > 0) {
    suggestions.push({ label: 'alpha = share of negatives (balances the classes)', param: 'alpha', value: Math.round((neg / n) * 1e4) / 1e4 });
  }
  return {
    analysis: {
      kind: 'classification',
      classes: table,
      weights: { inverseFrequency: inverse, effectiveNumber: effective, beta: EFFECTIVE_NUMBER_BETA },
      accuracy: n ? correct / n : null,
    },
    view: rowUnits('p = σ(z)', 'the predicted probability p = σ(z)', p, { names: ['target 0', 'target 1'], group: cls }),
    suggestions: [...suggestions, ...weightSuggestions(spec, counts, inverse, effective)],
  };
}
