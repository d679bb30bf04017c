/**
 * Classification accuracy reported beside the classification losses (not differentiated). Host
 * code over the whole input.
 *
 * - Multi-class: the predicted class is the argmax of the logits row (the first maximum on ties,
 *   as torch.argmax and numpy.argmax); rows whose target is ignore_index are left out.
 * - Binary: the prediction is 1 when the logit is > 0 (probability > 0.5), else 0.
 * Both report `accuracy` (NaN when no row counts) and `correct` / `counted` rows.
 */
import type { EvalInputs, ResolvedParams } from '../spec';

export interface Accuracy {
  readonly accuracy: number;
  readonly correct: number;
  readonly counted: number;
}

export function multiclassAccuracy(logits: Float32Array, classes: number, target: Float32Array, ignoreIndex: number | null): Accuracy {
  let correct = 0;
  let counted = 0;
  const ignore = ignoreIndex ?? NaN;
  for (let i = 0, o = 0; i < target.length; i++, o += classes) {
    const y = target[i];
    if (y === ignore) continue;
    let best = 0;
    let top = logits[o];
    for (let c = 1; c < classes; c++) {
      const v = logits[o + c];
      if (v > top) {
        top = v;
        best = c;
      }
    }
    counted++;
    if (best === y) correct++;
  }
  return { accuracy: counted ? correct / counted : NaN, correct, counted };
}

export function binaryAccuracy(logit: Float32Array, target: Float32Array): Accuracy {
  let correct = 0;
  for (let i = 0; i < target.length; i++) if ((logit[i] > 0 ? 1 : 0) === target[i]) correct++;
  const counted = target.length;
  return { accuracy: counted ? correct / counted : NaN, correct, counted };
}

/** `metrics` for losses with `logits` + class-index `target` (and an optional ignore_index param). */
export function multiclassMetrics(inputs: EvalInputs, params: ResolvedParams): Readonly<Record<string, number>> {
  const z = inputs.logits!;
  const ignore = typeof params.ignore_index === 'number' ? params.ignore_index : null;
  return { ...multiclassAccuracy(z.data, z.cols, inputs.target!.data, ignore) };
}

/** `metrics` for losses with one `logit` and a 0/1 `target`. */
export function binaryMetrics(inputs: EvalInputs): Readonly<Record<string, number>> {
  return { ...binaryAccuracy(inputs.logit!.data, inputs.target!.data) };
}
