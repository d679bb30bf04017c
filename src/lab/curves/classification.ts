/**
 * Multi-class curves: loss and ∂loss/∂z_true against p, the softmax probability of the true class
 * (the classic focal-loss plot). For each p the logits are z_true = log p and z_c = log((1 − p)/(C − 1))
 * for the other classes, whose softmax gives the true class exactly p. C is the length of the class
 * weight list when one is set (so the weights apply as on real data), else 2.
 */
import type { LossSpec, ResolvedParams } from '../../engine/spec';
import { evaluateUnits, toF64 } from './evaluate-units';
import { variableLabel } from './kind';
import { DEFAULT_POINTS, linspace, type CurveOptions, type CurveSet } from './types';

/** p stays inside (0, 1): at 0 the loss is infinite and at 1 a logit would be. */
export const P_RANGE: readonly [number, number] = [0.01, 0.99];

export async function classificationCurves(spec: LossSpec, params: ResolvedParams, opts: CurveOptions = {}): Promise<CurveSet> {
  const points = opts.points ?? DEFAULT_POINTS;
  const weights = params.weight;
  const classes = Array.isArray(weights) && weights.length >= 2 ? weights.length : 2;
  // The true class is 0, unless ignore_index makes class 0 ignored.
  const truth = params.ignore_index === 0 ? 1 : 0;
  const x = linspace(P_RANGE[0], P_RANGE[1], points);
  const logits = new Float32Array(points * classes);
  for (let k = 0; k < points; k++) {
    const p = x[k];
    const other = Math.log((1 - p) / (classes - 1));
    for (let c = 0; c < classes; c++) logits[k * classes + c] = c === truth ? Math.log(p) : other;
  }
  const r = await evaluateUnits(
    spec,
    { logits: { data: logits, cols: classes }, target: { data: new Float32Array(points).fill(truth), cols: 1 } },
    params,
    opts,
  );
  const g = r.grad.logits!;
  const grad = new Float64Array(points);
  for (let k = 0; k < points; k++) grad[k] = g[k * classes + truth];
  return {
    kind: 'classification',
    variable: variableLabel(spec, params),
    gradientLabel: '∂loss/∂z_true (true-class logit)',
    construction:
      `one row per point: ${classes} classes, true class ${truth}, logits z_true = log p and ` +
      (classes > 2 ? `log((1 − p)/${classes - 1}) for the others` : 'log(1 − p) for the other'),
    curves: [{ variant: null, x, values: toF64(r.values), grad }],
    markers: [],
  };
}
