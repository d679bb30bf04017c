/**
 * Classification figures. Multi-class (a `logits` role): per-class counts and mean per-sample loss,
 * accuracy, the softmax probability of the true class per row (the curve view's variable), and
 * suggested class weights. Binary (one `logit`): the same with classes 0 and 1 and p = σ(z).
 */
import type { ClassificationAnalysis, ParamSuggestion } from '../../shared/results';
import type { EvalInputs, LossSpec, ResolvedParams } from '../../engine/spec';
import { EFFECTIVE_NUMBER_BETA, effectiveNumberWeights, inverseFrequencyWeights } from './class-weights';
import { rowUnits, type UnitView } from './unit-view';
import { multiclassAccuracy, multiclassMetrics } from '../../engine/metrics/accuracy';
import { teacherTopClass } from '../../engine/losses/classification/kl_div';

export interface ClassificationFigures {
  readonly analysis: ClassificationAnalysis;
  readonly view: UnitView;
  readonly suggestions: ParamSuggestion[];
}

/**
 * Per-class row counts and mean per-sample loss, one pass over the class of each row (`classOf`:
 * -1 for a row left out), with no per-row array.
 */
function classTable(classes: number, n: number, classOf: (i: number) => number, perSample: ArrayLike<number> | undefined) {
  const counts = new Float64Array(classes);
  const sums = new Float64Array(classes);
  for (let i = 0; i < n; i++) {
    const c = classOf(i);
    if (c < 0) continue;
    counts[c]++;
    if (perSample) sums[c] += perSample[i];
  }
  return Array.from(counts, (count, index) => ({ index, count, meanLoss: count && perSample ? sums[index] / count : null }));
}

function weightSuggestions(spec: LossSpec, counts: number[], inverse: number[], effective: number[]): ParamSuggestion[] {
  if (!spec.params.some((p) => p.name === 'weight' && p.kind === 'numberList')) return [];
  const round = (w: number[]) => w.map((x) => Math.round(x * 1e4) / 1e4);
  return [
    { label: 'Inverse-frequency class weights', param: 'weight', value: round(inverse) },
    { label: `Effective-number class weights (β = ${EFFECTIVE_NUMBER_BETA})`, param: 'weight', value: round(effective) },
  ].filter(() => counts.length >= 2);
}

/**
 * Multi-class: `perSample` is per row (row unit) or undefined. `accuracy`: the engine's metrics of
 * the same evaluation (`correct` / `counted`, argmax and ignore_index as here), so the logits are not
 * scanned a second time; computed here when absent. The probability of the true class, the view's
 * variable, is computed only for the rows the view is asked about.
 */
export function analyzeMulticlass(
  spec: LossSpec,
  inputs: EvalInputs,
  params: ResolvedParams,
  perSample?: ArrayLike<number>,
  accuracy?: Readonly<Record<string, number>>,
): ClassificationFigures {
  const { data: logits, cols: classes } = inputs.logits!;
  const target = inputs.target!.data;
  const ignore = typeof params.ignore_index === 'number' ? params.ignore_index : null;
  const n = target.length;
  const known = accuracy && Number.isFinite(accuracy.correct) && Number.isFinite(accuracy.counted);
  const acc = known ? { correct: accuracy.correct, counted: accuracy.counted } : multiclassAccuracy(logits, classes, target, ignore);
  const table = classTable(classes, n, (i) => (target[i] === ignore ? -1 : target[i]), perSample);
  // Stable softmax in float64: p_t = exp(z_t − max) / Σ exp(z_c − max).
  const pTrue = (i: number): number => {
    const t = target[i];
    if (t === ignore) return NaN;
    const o = i * classes;
    let max = -Infinity;
    for (let c = 0; c < classes; c++) if (logits[o + c] > max) max = logits[o + c];
    let denom = 0;
    for (let c = 0; c < classes; c++) denom += Math.exp(logits[o + c] - max);
    return Math.exp(logits[o + t] - max) / denom;
  };
  const counts = table.map((r) => r.count);
  const inverse = inverseFrequencyWeights(counts);
  const effective = effectiveNumberWeights(counts);
  return {
    analysis: {
      kind: 'classification',
      classes: table,
      weights: { inverseFrequency: inverse, effectiveNumber: effective, beta: EFFECTIVE_NUMBER_BETA },
      accuracy: acc.counted ? acc.correct / acc.counted : null,
    },
    view: rowUnits('probability of the true class p', 'the probability of the true class p', pTrue),
    suggestions: weightSuggestions(spec, counts, inverse, effective),
  };
}

/**
 * Distillation (kl_div: the student's `logits` and `teacher_logits`, no labels): rows grouped by the
 * teacher's top class, with their count and mean per-row KL; the agreement of the student's top
 * class with the teacher's (the engine's metric, passed through when present); the view's variable
 * is the student's probability of the teacher's top class (softmax at temperature 1).
 */
export function analyzeDistillation(inputs: EvalInputs, perSample?: ArrayLike<number>, metrics?: Readonly<Record<string, number>>): ClassificationFigures {
  const { data: logits, cols: classes } = inputs.logits!;
  const top = teacherTopClass(inputs);
  const n = top.length;
  const known = metrics && Number.isFinite(metrics.agreement);
  const agreement = known ? metrics.agreement : multiclassAccuracy(logits, classes, top, null).accuracy;
  const table = classTable(classes, n, (i) => top[i], perSample);
  const pTop = (i: number): number => {
    const o = i * classes;
    let max = -Infinity;
    for (let c = 0; c < classes; c++) if (logits[o + c] > max) max = logits[o + c];
    let denom = 0;
    for (let c = 0; c < classes; c++) denom += Math.exp(logits[o + c] - max);
    return Math.exp(logits[o + top[i]] - max) / denom;
  };
  const counts = table.map((r) => r.count);
  return {
    analysis: {
      kind: 'classification',
      classes: table,
      weights: { inverseFrequency: inverseFrequencyWeights(counts), effectiveNumber: effectiveNumberWeights(counts), beta: EFFECTIVE_NUMBER_BETA },
      accuracy: Number.isFinite(agreement) ? agreement : null,
      accuracyLabel: "Agreement with the teacher's top class",
      classLabel: "teacher's top class",
    },
    view: rowUnits("student's p of the teacher's top class", "the student's probability of the teacher's top class", pTop),
    suggestions: [],
  };
}

/** Binary (one logit per row, target 0/1, or a probability thresholded at 0.5 for counting). */
export function analyzeBinary(spec: LossSpec, inputs: EvalInputs, perSample?: ArrayLike<number>): ClassificationFigures {
  const z = inputs.logit!.data;
  const target = inputs.target!.data;
  const n = z.length;
  const cls = new Uint8Array(n); // the scatter's groups
  let correct = 0;
  for (let i = 0; i < n; i++) {
    const c = target[i] >= 0.5 ? 1 : 0;
    cls[i] = c;
    if ((z[i] > 0 ? 1 : 0) === c) correct++;
  }
  const table = classTable(2, n, (i) => cls[i], perSample);
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
    view: rowUnits('p = σ(z)', 'the predicted probability p = σ(z)', (i) => 1 / (1 + Math.exp(-z[i])), { names: ['target 0', 'target 1'], group: cls }),
    suggestions: [...suggestions, ...weightSuggestions(spec, counts, inverse, effective)],
  };
}

/** Rows per step of `multiclassMetricsInSteps`: 2^18 rows of 10 logits is a few ms. */
const METRIC_STEP_ROWS = 1 << 18;

/**
 * The engine's `multiclassMetrics` (same keys, same values), computed in steps of rows with the
 * event loop let in between: over 1e7 × 10 logits the single pass held the extension host for about
 * half a second (issue #10 §6). Null when the loss reports other metrics (the engine computes those).
 */
export async function multiclassMetricsInSteps(spec: LossSpec, inputs: EvalInputs, params: ResolvedParams, signal?: AbortSignal): Promise<Record<string, number> | null> {
  if (spec.metrics !== multiclassMetrics || !inputs.logits || !inputs.target) return null;
  const { data: logits, cols } = inputs.logits;
  const target = inputs.target.data;
  const ignore = typeof params.ignore_index === 'number' ? params.ignore_index : null;
  let correct = 0;
  let counted = 0;
  for (let i0 = 0; i0 < target.length; i0 += METRIC_STEP_ROWS) {
    const i1 = Math.min(target.length, i0 + METRIC_STEP_ROWS);
    const a = multiclassAccuracy(logits.subarray(i0 * cols, i1 * cols), cols, target.subarray(i0, i1), ignore);
    correct += a.correct;
    counted += a.counted;
    await new Promise<void>((r) => setImmediate(r));
    signal?.throwIfAborted();
  }
  return { accuracy: counted ? correct / counted : NaN, correct, counted };
}
