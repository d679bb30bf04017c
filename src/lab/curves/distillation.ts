/**
 * Distillation curves (kl_div): loss and ∂loss/∂z_0 against p, the student's probability of class 0,
 * the class the teacher prefers, for two classes. For each p the student's logits are
 * (log p, log(1 − p)) and the teacher's (log q, log(1 − q)), one curve per teacher confidence q;
 * both are divided by the temperature inside the loss, so every curve has its minimum, 0, at p = q.
 */
import type { LossSpec, ResolvedParams } from '../../engine/spec';
import { P_RANGE } from './classification';
import { evaluateUnits, toF64 } from './evaluate-units';
import { variableLabel } from './kind';
import { DEFAULT_POINTS, linspace, type Curve, type CurveOptions, type CurveSet } from './types';

/** The teacher's probabilities of class 0 drawn, one curve each. */
export const TEACHER_CONFIDENCES: readonly number[] = [0.9, 0.6];

export async function distillationCurves(spec: LossSpec, params: ResolvedParams, opts: CurveOptions = {}): Promise<CurveSet> {
  const points = opts.points ?? DEFAULT_POINTS;
  const x = linspace(P_RANGE[0], P_RANGE[1], points);
  const n = TEACHER_CONFIDENCES.length * points;
  const logits = new Float32Array(2 * n);
  const teacher = new Float32Array(2 * n);
  TEACHER_CONFIDENCES.forEach((q, v) => {
    for (let k = 0; k < points; k++) {
      const row = v * points + k;
      logits[2 * row] = Math.log(x[k]);
      logits[2 * row + 1] = Math.log(1 - x[k]);
      teacher[2 * row] = Math.log(q);
      teacher[2 * row + 1] = Math.log(1 - q);
    }
  });
  const r = await evaluateUnits(spec, { logits: { data: logits, cols: 2 }, teacher_logits: { data: teacher, cols: 2 } }, params, opts);
  const g = r.grad.logits!;
  const curves: Curve[] = TEACHER_CONFIDENCES.map((q, v) => ({
    variant: `teacher q = ${q}`,
    x,
    values: toF64(r.values.subarray(v * points, (v + 1) * points)),
    grad: Float64Array.from({ length: points }, (_, k) => g[2 * (v * points + k)]),
  }));
  return {
    kind: 'classification',
    variable: variableLabel(spec, params),
    gradientLabel: '∂loss/∂z_0 (student logit of the teacher\'s class)',
    construction:
      'one row per point and teacher: 2 classes, the true class is the teacher\'s preferred class 0; student logits ' +
      '(log p, log(1 − p)), teacher logits (log q, log(1 − q)); the minimum is at p = q for any temperature',
    curves,
    markers: TEACHER_CONFIDENCES.map((q) => ({ x: q, label: `teacher q = ${q}` })),
  };
}
