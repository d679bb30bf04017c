/**
 * Binary curves (one logit per row): loss and ∂loss/∂z against p = σ(z), one curve for target 1
 * and one for target 0. The logit is z = log(p / (1 − p)).
 */
import type { LossSpec, ResolvedParams } from '../../engine/spec';
import { P_RANGE } from './classification';
import { evaluateUnits, toF64 } from './evaluate-units';
import { variableLabel } from './kind';
import { DEFAULT_POINTS, linspace, type Curve, type CurveOptions, type CurveSet } from './types';

export async function binaryCurves(spec: LossSpec, params: ResolvedParams, opts: CurveOptions = {}): Promise<CurveSet> {
  const points = opts.points ?? DEFAULT_POINTS;
  const x = linspace(P_RANGE[0], P_RANGE[1], points);
  const z = Float32Array.from(x, (p) => Math.log(p / (1 - p)));
  // Both targets in one run: rows [0, points) have target 1, the next `points` target 0.
  const logit = new Float32Array(2 * points);
  logit.set(z, 0);
  logit.set(z, points);
  const target = new Float32Array(2 * points);
  target.fill(1, 0, points);
  const r = await evaluateUnits(spec, { logit: { data: logit, cols: 1 }, target: { data: target, cols: 1 } }, params, opts);
  const g = r.grad.logit!;
  const curves: Curve[] = [
    { variant: 'target = 1', x, values: toF64(r.values.subarray(0, points)), grad: toF64(g.subarray(0, points)) },
    { variant: 'target = 0', x, values: toF64(r.values.subarray(points)), grad: toF64(g.subarray(points)) },
  ];
  return {
    kind: 'binary',
    variable: variableLabel(spec, params),
    gradientLabel: '∂loss/∂z (logit)',
    construction: 'one row per point and target: logit z = log(p / (1 − p))',
    curves,
    markers: [],
  };
}
